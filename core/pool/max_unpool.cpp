#include <algorithm>
#include <climits>

#include <opencv2/core.hpp>

#include "core/pool/pool_ops.h"
#include "core/pool/pool_parallel.h"
#include "core/spec/pool_format.h"
#include "core/tensor/errors.h"

namespace poolscope {

namespace {

[[noreturn]] void fail(const std::string& message)
{
    throw ParamError(message);
}

// PyTorch's _unpool_output_size: the default (I-1)*s - 2p + k, or an explicit size
// strictly between default - s and default + s.
Size2 unpool_size(Size2 in, Size2 k, Size2 s, Size2 p, std::optional<Size2> requested)
{
    // 64-bit, so huge parameters give a message instead of overflowing.
    const long long def_h = (in.h - 1LL) * s.h + k.h - 2LL * p.h,
                    def_w = (in.w - 1LL) * s.w + k.w - 2LL * p.w;
    if (!requested) {
        if (def_h < 1 || def_w < 1 || def_h > INT_MAX || def_w > INT_MAX)
            fail(cv::format(
                "max_unpool output size (%d-1)*%d + %d - 2*%d = %lld by (%d-1)*%d + %d - 2*%d = %lld is "
                "not a usable size; check kernel_size, stride and padding",
                in.h, s.h, k.h, p.h, def_h, in.w, s.w, k.w, p.w, def_w));
        return {int(def_h), int(def_w)};
    }
    for (bool height : {true, false}) {
        const long long o = height ? requested->h : requested->w, d = height ? def_h : def_w,
                        ss = height ? s.h : s.w;
        if (!(o > d - ss && o < d + ss))
            fail(cv::format(
                "invalid output_size %s: the %s must be between %lld and %lld (exclusive), around the "
                "default %lld",
                format_pair(*requested).c_str(), height ? "height" : "width", d - ss, d + ss, d));
    }
    if (requested->h < 1 || requested->w < 1)
        fail("output_size must be at least 1 in each dimension, but got " + format_pair(*requested));
    return *requested;
}

} // namespace

void max_unpool_into(const Tensor& input_ref, const IndexTensor& indices, Size2 kernel,
                     std::optional<Size2> stride, Size2 padding, std::optional<Size2> output_size,
                     Tensor& result, int threads)
{
    // Holding the input keeps its buffer shared, so an output into the input's own
    // tensor gets a buffer of its own.
    const Tensor input = input_ref;
    const Size2 s = stride.value_or(kernel);
    if (kernel.h <= 0 || kernel.w <= 0)
        fail("kernel_size must be greater than zero, but got " + format_pair(kernel));
    if (s.h <= 0 || s.w <= 0)
        fail("stride must be greater than zero, but got " + format_pair(s));
    if (padding.h < 0 || padding.w < 0)
        fail("padding must be non-negative, but got padding " + format_pair(padding));
    if (input.empty())
        fail(cv::format("the input is empty (%dx%dx%d)", input.channels(), input.height(), input.width()));
    if (indices.channels != input.channels() || indices.height != input.height() ||
        indices.width != input.width() || indices.data.size() != input.size())
        fail(cv::format("indices must have the input's shape %dx%dx%d, but have %dx%dx%d", input.channels(),
                        input.height(), input.width(), indices.channels, indices.height, indices.width));

    const Size2 out = unpool_size({input.height(), input.width()}, kernel, s, padding, output_size);
    const std::int64_t plane = std::int64_t(out.h) * out.w;
    result.reuse_or_allocate(input.channels(), out.h, out.w);
    // One channel per task: its plane is zeroed, then the values are scattered into
    // it while it is still in cache, in row-major order, so a repeated index keeps
    // the last value, as in PyTorch. An output plane is contiguous, so an index is its
    // offset. A bad index is remembered (the first, in row-major order, of its
    // channel) and reported after the scatter, as the first over all channels.
    const std::size_t in_plane = std::size_t(input.height()) * input.width();
    std::vector<std::int64_t> bad(std::size_t(input.channels()), -1);
    detail::parallel_rows(input.channels(), 1, threads, [&](int c, int) {
        float* dst = result.row(c, 0);
        std::fill_n(dst, plane, 0.f);
        const float* src = input.row(c, 0);
        const std::int64_t* idx = indices.data.data() + std::size_t(c) * in_plane;
        for (std::size_t k = 0; k < in_plane; ++k) {
            const std::int64_t i = idx[k];
            if (i < 0 || i >= plane) {
                bad[std::size_t(c)] = std::int64_t(k);
                return;
            }
            dst[i] = src[k];
        }
    });
    for (int c = 0; c < input.channels(); ++c) {
        if (bad[std::size_t(c)] < 0)
            continue;
        const int y = int(bad[std::size_t(c)] / input.width()), x = int(bad[std::size_t(c)] % input.width());
        fail(cv::format("Found an invalid max index: %lld at channel %d, cell (%d, %d) (the output "
                        "planes are %dx%d, so indices run from 0 to %lld)",
                        (long long)indices.at(c, y, x), c, y, x, out.h, out.w, (long long)(plane - 1)));
    }
}

Tensor max_unpool(const Tensor& input, const IndexTensor& indices, Size2 kernel, std::optional<Size2> stride,
                  Size2 padding, std::optional<Size2> output_size, int threads)
{
    Tensor result;
    max_unpool_into(input, indices, kernel, stride, padding, output_size, result, threads);
    return result;
}

} // namespace poolscope
