#include "ui/model/area_shrink.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>

namespace poolscope::ui {

namespace {

// Output x of the 2 x 2 means of rows r0 and r1, from `x` on, by the definition:
// (r0 pair sum + r1 pair sum), then finish(); the last column of an odd row pairs
// with itself.
template <class T, class Acc, int CN, class Finish>
void halveRowFrom(const T* r0, const T* r1, int cols, T* out, int x, Finish finish)
{
    const int half = (cols + 1) / 2;
    for (; x < half; ++x) {
        const int a = 2 * x, b = std::min(2 * x + 1, cols - 1);
        for (int c = 0; c < CN; ++c) {
            const Acc s0 = Acc(r0[a * CN + c]) + Acc(r0[b * CN + c]);
            const Acc s1 = Acc(r1[a * CN + c]) + Acc(r1[b * CN + c]);
            out[x * CN + c] = finish(s0 + s1);
        }
    }
}

// The same sums, a vector of whole pairs at a time (the same additions in the
// same order, so the same bits): the first pass over a large plane is most of
// the thumbnails' cost.
void halveRow(const float* r0, const float* r1, int cols, float* out)
{
    int x = 0;
#if CV_SIMD
    constexpr int n = cv::v_float32::nlanes;
    const cv::v_float32 quarter = cv::vx_setall_f32(0.25f);
    for (; x + n <= cols / 2; x += n) {
        cv::v_float32 e0, o0, e1, o1;
        cv::v_load_deinterleave(r0 + 2 * x, e0, o0);
        cv::v_load_deinterleave(r1 + 2 * x, e1, o1);
        cv::v_store(out + x, ((e0 + o0) + (e1 + o1)) * quarter);
    }
#endif
    halveRowFrom<float, float, 1>(r0, r1, cols, out, x, [](float s) { return s * 0.25f; });
}

void halveRow(const uchar* r0, const uchar* r1, int cols, uchar* out)
{
    int x = 0;
#if CV_SIMD
    // A pixel is four bytes: deinterleave whole pixels, then add their bytes as 16 bits.
    constexpr int n = cv::v_uint32::nlanes;
    const cv::v_uint16 two = cv::vx_setall_u16(2);
    const auto* p0 = reinterpret_cast<const unsigned*>(r0);
    const auto* p1 = reinterpret_cast<const unsigned*>(r1);
    for (; x + n <= cols / 2; x += n) {
        cv::v_uint32 e0, o0, e1, o1;
        cv::v_load_deinterleave(p0 + 2 * x, e0, o0);
        cv::v_load_deinterleave(p1 + 2 * x, e1, o1);
        cv::v_uint16 e0l, e0h, o0l, o0h, e1l, e1h, o1l, o1h;
        cv::v_expand(cv::v_reinterpret_as_u8(e0), e0l, e0h);
        cv::v_expand(cv::v_reinterpret_as_u8(o0), o0l, o0h);
        cv::v_expand(cv::v_reinterpret_as_u8(e1), e1l, e1h);
        cv::v_expand(cv::v_reinterpret_as_u8(o1), o1l, o1h);
        const cv::v_uint16 lo = ((e0l + o0l) + (e1l + o1l) + two) >> 2;
        const cv::v_uint16 hi = ((e0h + o0h) + (e1h + o1h) + two) >> 2;
        cv::v_store(out + 4 * x, cv::v_pack(lo, hi));
    }
#endif
    halveRowFrom<uchar, int, 4>(r0, r1, cols, out, x, [](int s) { return uchar((s + 2) >> 2); });
}

template <class T> void halveAs(const cv::Mat& src, cv::Mat& dst)
{
    const int rows = (src.rows + 1) / 2, cols = (src.cols + 1) / 2;
    dst.create(rows, cols, src.type());
    for (int y = 0; y < rows; ++y)
        halveRow(src.ptr<T>(2 * y), src.ptr<T>(std::min(2 * y + 1, src.rows - 1)), src.cols, dst.ptr<T>(y));
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
        halveAs<float>(src, dst);
    else
        halveAs<uchar>(src, dst);
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
    // A source row straddling two output rows is shrunk along x once, for both.
    int shrunkRow = -1;
    for (std::size_t i = 0; i < ys.size(); ++i) {
        if (ys[i].src != shrunkRow) {
            const float* in = src.ptr<float>(ys[i].src);
            std::fill(row.begin(), row.end(), 0.f);
            for (const AreaTap& t : xs)
                row[std::size_t(t.dst)] += t.weight * in[t.src];
            shrunkRow = ys[i].src;
        }
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
