#include "tests/cli/cli_fixtures.h"

#include <fstream>

#include <opencv2/imgcodecs.hpp>

#include "core/io/npy_io.h"
#include "core/pool/pool_ops.h"

namespace poolscope::cli_test {
namespace {

void write_bytes(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to)
{
    for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    return s;
}

void make_inputs(const TempDir& d)
{
    write_npy(d.file("hw.npy"), ramp(1, 8, 8), {8, 8});
    write_npy(d.file("chw.npy"), ramp(3, 8, 8), {3, 8, 8});
    write_npy(d.file("nchw.npy"), ramp(2, 8, 8), {1, 2, 8, 8});
    // An image as NumPy and OpenCV keep it: the ramp's values pixel by pixel, channels last.
    write_npy(d.file("hwc.npy"), ramp(1, 10, 36), {10, 12, 3});
    // Eight channels of 20 x 8: pooled by 2, (8, 10, 4), which reads as an image's (H, W, C).
    write_npy(d.file("chw_narrow.npy"), ramp(8, 20, 8), {8, 20, 8});
    write_npy(d.file("weights.npy"), ramp(6, 3, 3), {2, 3, 3, 3});
    write_npy(d.file("weights_hw.npy"), ramp(1, 3, 3), {3, 3});

    // max_pool2d(chw, 2) as pool --indices writes it, and indices that go wrong.
    const Tensor x = ramp(3, 8, 8);
    PoolSpec max;
    max.kernel = {2, 2};
    const PoolResult pooled = pool(x, max);
    write_npy(d.file("pooled.npy"), pooled.output, {3, 4, 4});
    write_npy_indices(d.file("pooled_idx.npy"), pooled.indices, {3, 4, 4});
    IndexTensor outside = pooled.indices;
    outside.at(1, 2, 3) = 64; // one past the 8 x 8 plane
    write_npy_indices(d.file("outside_idx.npy"), outside, {3, 4, 4});
    IndexTensor negative = pooled.indices;
    negative.at(0, 0, 0) = -1;
    write_npy_indices(d.file("negative_idx.npy"), negative, {3, 4, 4});
    IndexTensor two = pooled.indices;
    two.channels = 2;
    two.data.resize(2 * 4 * 4);
    write_npy_indices(d.file("two_channel_idx.npy"), two, {2, 4, 4});
    write_npy(d.file("float_idx.npy"), pool(x, max).output, {3, 4, 4}); // float32, not int64

    cv::Mat img(12, 16, CV_8UC3);
    cv::randu(img, 0, 256);
    cv::imwrite(d.file("img.png"), img);

    std::string noise(2000, '\0');
    for (std::size_t i = 0; i < noise.size(); ++i)
        noise[i] = char((i * 7919u + 13u) % 251u);
    write_bytes(d.file("garbage.png"), "\x89PNG\r\n\x1a\n" + noise);
    write_bytes(d.file("garbage.npy"), "this is not a NumPy file\n");
    write_bytes(d.file("empty.npy"), "");
}

} // namespace

Tensor ramp(int channels, int height, int width)
{
    Tensor t(channels, height, width);
    for (int c = 0; c < channels; ++c)
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                // A permutation of the cells, centred on zero, so maxima are unique and signs mixed.
                const int i = (c * height + y) * width + x;
                const int n = channels * height * width;
                t.at(c, y, x) = float((i * 37) % n) / float(n) - 0.5f;
            }
    return t;
}

const TempDir& inputs()
{
    static const TempDir dir;
    static const bool made = (make_inputs(dir), true);
    (void)made;
    return dir;
}

std::vector<std::string> expand(const std::vector<std::string>& args, const std::string& out)
{
    std::vector<std::string> r;
    for (const auto& a : args)
        r.push_back(replace_all(replace_all(a, "{in}", inputs().path().string()), "{out}", out));
    return r;
}

} // namespace poolscope::cli_test
