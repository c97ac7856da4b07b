#include "core/conv/conv_padding.h"

#include <algorithm>
#include <cstring>

#include <opencv2/core.hpp>

namespace poolscope::detail {

namespace {

// Keeping every row under the kernel lets the next output row reuse all but
// `stride` of them; past this many floats per stripe (a very tall dilated
// kernel on a wide input) each kernel row gets one slot, rebuilt per output row.
constexpr std::size_t kSharedRowsFloats = std::size_t(1) << 19;

std::vector<int> sourceColumns(int from, int count, int width, int border)
{
    std::vector<int> cols(static_cast<std::size_t>(count));
    for (int j = 0; j < count; ++j)
        cols[std::size_t(j)] = cv::borderInterpolate(from + j, width, border);
    return cols;
}

} // namespace

ConvPaddedRows::ConvPaddedRows(const Tensor& input, ConvPads pads, int span, int kernel_rows)
    : input_(input), pads_(pads)
{
    if (pads_.none())
        return;
    const int w = input.width();
    width_ = pads.left + w + pads.right;
    shared_ = std::size_t(span) * std::size_t(width_) * std::size_t(input.channels()) <= kSharedRowsFloats;
    slots_ = shared_ ? span : kernel_rows;
    leftCols_ = sourceColumns(-pads.left, pads.left, w, pads.border);
    rightCols_ = sourceColumns(w, pads.right, w, pads.border);
    rows_.resize(std::size_t(input.channels()) * slots_ * width_);
    held_.assign(std::size_t(input.channels()) * slots_, -1);
}

const float* ConvPaddedRows::row(int c, int py, int ky)
{
    if (pads_.none())
        return input_.row(c, py);
    const int slot = shared_ ? py % slots_ : ky;
    const std::size_t i = std::size_t(c) * slots_ + slot;
    float* dst = rows_.data() + i * width_;
    if (held_[i] != py) {
        fill(dst, c, py);
        held_[i] = py;
    }
    return dst;
}

void ConvPaddedRows::fill(float* dst, int c, int py) const
{
    const int y = cv::borderInterpolate(py - pads_.top, input_.height(), pads_.border);
    if (y < 0) {
        std::fill_n(dst, width_, 0.f);
        return;
    }
    const float* src = input_.row(c, y);
    const int w = input_.width();
    for (int j = 0; j < pads_.left; ++j)
        dst[j] = leftCols_[std::size_t(j)] < 0 ? 0.f : src[leftCols_[std::size_t(j)]];
    std::memcpy(dst + pads_.left, src, std::size_t(w) * sizeof(float));
    float* right = dst + pads_.left + w;
    for (int j = 0; j < pads_.right; ++j)
        right[j] = rightCols_[std::size_t(j)] < 0 ? 0.f : src[rightCols_[std::size_t(j)]];
}

} // namespace poolscope::detail
