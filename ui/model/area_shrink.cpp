#include "ui/model/area_shrink.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace poolscope::ui {

namespace {

// Sums of two neighbours along a row of `cn`-channel values; the last one pairs
// with itself when the row is odd.
template <class T, class Acc, int CN> void pairSums(const T* row, int cols, Acc* out)
{
    const int pairs = cols / 2;
    for (int x = 0; x < pairs; ++x)
        for (int c = 0; c < CN; ++c)
            out[x * CN + c] = Acc(row[(2 * x) * CN + c]) + Acc(row[(2 * x + 1) * CN + c]);
    if (cols % 2)
        for (int c = 0; c < CN; ++c)
            out[pairs * CN + c] = 2 * Acc(row[(cols - 1) * CN + c]);
}

template <class T, class Acc, int CN, class Finish>
void halveAs(const cv::Mat& src, cv::Mat& dst, Finish finish)
{
    const int rows = (src.rows + 1) / 2, cols = (src.cols + 1) / 2;
    dst.create(rows, cols, src.type());
    std::vector<Acc> a(std::size_t(cols) * CN), b(a.size());
    for (int y = 0; y < rows; ++y) {
        const int y0 = 2 * y, y1 = std::min(2 * y + 1, src.rows - 1);
        pairSums<T, Acc, CN>(src.ptr<T>(y0), src.cols, a.data());
        pairSums<T, Acc, CN>(src.ptr<T>(y1), src.cols, b.data());
        T* out = dst.ptr<T>(y);
        for (std::size_t i = 0; i < a.size(); ++i)
            out[i] = finish(a[i] + b[i]);
    }
}

// Which source cells each output cell covers along one axis, and by how much.
struct AreaTap {
    int src, dst;
    float weight;
};

std::vector<AreaTap> areaTaps(int srcLen, int dstLen)
{
    std::vector<AreaTap> taps;
    const double scale = double(srcLen) / dstLen;
    for (int d = 0; d < dstLen; ++d) {
        const double a = d * scale, b = std::min(double(srcLen), (d + 1) * scale);
        for (int s = int(std::floor(a)); s < srcLen && s < b; ++s) {
            const double overlap = std::min(b, s + 1.0) - std::max(a, double(s));
            if (overlap > 1e-9)
                taps.push_back({s, d, float(overlap / scale)});
        }
    }
    return taps;
}

} // namespace

void halve(const cv::Mat& src, cv::Mat& dst)
{
    CV_Assert(src.type() == CV_32FC1 || src.type() == CV_8UC4);
    CV_Assert(src.data != dst.data);
    if (src.empty()) {
        dst.release();
        return;
    }
    if (src.type() == CV_32FC1)
        halveAs<float, float, 1>(src, dst, [](float s) { return s * 0.25f; });
    else
        halveAs<uchar, int, 4>(src, dst, [](int s) { return uchar((s + 2) >> 2); });
}

cv::Mat halve(const cv::Mat& src)
{
    cv::Mat dst;
    halve(src, dst);
    return dst;
}

cv::Mat areaShrink(const cv::Mat& src, cv::Size size)
{
    CV_Assert(src.type() == CV_32FC1 && size.width > 0 && size.height > 0);
    CV_Assert(size.width <= src.cols && size.height <= src.rows);
    const std::vector<AreaTap> xs = areaTaps(src.cols, size.width), ys = areaTaps(src.rows, size.height);
    cv::Mat dst(size, CV_32FC1);
    std::vector<float> row(std::size_t(size.width)), acc(row.size(), 0.f);
    // Taps come in order of their output row: add up the source rows of one, then write it.
    for (std::size_t i = 0; i < ys.size(); ++i) {
        const float* in = src.ptr<float>(ys[i].src);
        std::fill(row.begin(), row.end(), 0.f);
        for (const AreaTap& t : xs)
            row[std::size_t(t.dst)] += t.weight * in[t.src];
        for (std::size_t x = 0; x < row.size(); ++x)
            acc[x] += ys[i].weight * row[x];
        if (i + 1 == ys.size() || ys[i + 1].dst != ys[i].dst) {
            std::copy(acc.begin(), acc.end(), dst.ptr<float>(ys[i].dst));
            std::fill(acc.begin(), acc.end(), 0.f);
        }
    }
    return dst;
}

} // namespace poolscope::ui
