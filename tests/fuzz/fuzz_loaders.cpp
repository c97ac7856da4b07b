// libFuzzer target: the file loaders on arbitrary bytes. The first byte picks the loader
// (b % 4): 0 decode_image, 1 decode_image to gray, 2 parse_npy reading an image's
// (H, W, C) channels last (as input files are read), 3 parse_npy with
// batch_as_channels; the rest is the file. They may refuse with InputError or ParamError,
// nothing else, and what they return must be a whole tensor of the shape they report.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <opencv2/core/utility.hpp>

#include "core/io/image_io.h"
#include "core/io/npy_io.h"
#include "core/tensor/errors.h"
#include "tests/fuzz/fuzz_bytes.h"

namespace poolscope::fuzz {
namespace {

// Small, so that a header claiming a huge image is refused instead of allocated.
constexpr long long kMaxPixels = 4'000'000;

[[noreturn]] void fail(const std::string& what)
{
    std::fprintf(stderr, "\nfuzz_loaders: %s\n\n", what.c_str());
    std::abort();
}

std::string shape_text(const Tensor& t)
{
    return std::to_string(t.channels()) + "x" + std::to_string(t.height()) + "x" + std::to_string(t.width());
}

// Non-empty, its storage as large as its shape, and every value readable (so ASan sees
// a buffer shorter than the shape). Returns how many values are not finite.
std::size_t check_tensor(const Tensor& t, const char* loader)
{
    const cv::Mat& m = t.storage();
    if (t.empty() || m.type() != CV_32F || !m.isContinuous() || m.rows != t.channels() * t.height() ||
        m.cols != t.width())
        fail(std::string(loader) + " returned a broken " + shape_text(t) + " tensor");
    std::size_t odd = 0;
    for (std::size_t i = 0; i < t.size(); ++i)
        odd += !std::isfinite(t.data()[i]);
    return odd;
}

// Formats OpenCV decodes to 8- or 16-bit samples only, so to values in [0, 1].
bool integer_format(const std::vector<unsigned char>& b)
{
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    return (b.size() >= 8 && std::memcmp(b.data(), png, 8) == 0) ||
           (b.size() >= 2 && b[0] == 0xFF && b[1] == 0xD8) || (b.size() >= 2 && b[0] == 'B' && b[1] == 'M');
}

void image(const std::vector<unsigned char>& bytes, bool gray)
{
    ImageLoadOptions opt;
    opt.gray = gray;
    opt.max_pixels = kMaxPixels;
    const Tensor t = decode_image(bytes, opt);
    const std::size_t odd = check_tensor(t, "decode_image");
    if (t.channels() != 1 && (gray || t.channels() != 3))
        fail("decode_image returned " + std::to_string(t.channels()) + " channels" +
             (gray ? " for gray" : ""));
    if ((long long)t.height() * t.width() > kMaxPixels)
        fail("decode_image returned " + shape_text(t) + ", more than the limit of " +
             std::to_string(kMaxPixels) + " pixels");
    if (!integer_format(bytes))
        return;
    const auto [lo, hi] = std::minmax_element(t.data(), t.data() + t.size());
    if (odd || *lo < 0.f || *hi > 1.f)
        fail("decode_image returned values outside [0, 1] for an 8/16-bit format: " + std::to_string(*lo) +
             " .. " + std::to_string(*hi) + ", " + std::to_string(odd) + " not finite");
}

void npy(const std::vector<unsigned char>& bytes, bool batch_as_channels)
{
    const NpyArray a = parse_npy(
        bytes, {.batch_as_channels = batch_as_channels, .channels_last_images = !batch_as_channels});
    check_tensor(a.tensor, "parse_npy");
    const std::vector<long long>& s = a.shape;
    const std::size_t rank = s.size();
    if (rank < 2 || rank > 4)
        fail("parse_npy accepted rank " + std::to_string(rank));
    if (rank == 4 && s[0] != 1 && !batch_as_channels)
        fail("parse_npy accepted a batch of " + std::to_string(s[0]) + " without batch_as_channels");
    const bool last = a.layout == NpyLayout::ChannelsLast;
    if (last != (!batch_as_channels && is_channels_last_image(s)) || last == a.notice.empty())
        fail("parse_npy read " + std::string(last ? "channels last" : "as stored") + " a shape of rank " +
             std::to_string(rank) + (a.notice.empty() ? ", saying nothing" : ", saying so"));
    const long long channels = last ? s[2] : rank == 2 ? 1 : rank == 3 ? s[0] : s[0] * s[1];
    const long long height = last ? s[0] : s[rank - 2], width = last ? s[1] : s[rank - 1];
    if (a.tensor.channels() != channels || a.tensor.height() != height || a.tensor.width() != width)
        fail("parse_npy returned a " + shape_text(a.tensor) + " tensor for a shape of rank " +
             std::to_string(rank));
}

} // namespace
} // namespace poolscope::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    // One thread: the fuzzer runs next to other work, and a crash then replays alike.
    cv::setNumThreads(1);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace poolscope;
    fuzz::ByteReader bytes(data, size);
    const int loader = bytes.pick(4);
    const std::vector<unsigned char> file = bytes.rest();
    try {
        if (loader < 2)
            fuzz::image(file, loader == 1);
        else
            fuzz::npy(file, loader == 3);
    } catch (const InputError&) {
    } catch (const ParamError&) {
    }
    return 0;
}
