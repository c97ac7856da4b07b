#include "core/shape/pool_shape.h"

#include <algorithm>
#include <cmath>

#include "core/spec/pool_format.h"
#include "core/tensor/errors.h"

namespace poolscope {

namespace {

// PyTorch's div_rtn: integer division rounding towards negative infinity.
long long floor_div(long long a, long long b)
{
    long long q = a / b;
    long long r = a % b;
    if (r != 0 && ((r < 0) != (b < 0)))
        --q;
    return q;
}

[[noreturn]] void fail(const std::string& message)
{
    throw ParamError(message);
}

const char* axis_name(bool height)
{
    return height ? "height" : "width";
}

void check_not_empty(int in_h, int in_w)
{
    if (in_h <= 0 || in_w <= 0)
        fail(cv::format(
            "the input is empty (height %d, width %d): pooling needs at least one row and one column", in_h,
            in_w));
}

// The checks of PyTorch 1.13's max_pool2d/avg_pool2d, in its order:
// pooling_output_shape per axis (height, then width), then pool2d_shape_check.
// The stride checked is the spec's; the output size uses `out_stride` (BlurPool's
// max runs at stride 1).
Size2 check_sliding(const PoolSpec& spec, int in_h, int in_w, Size2 out_stride)
{
    const Size2 k = spec.kernel, s = spec.effective_stride(), p = spec.padding, d = spec.dilation;
    const std::string stride_default =
        spec.stride ? std::string{} : " (stride defaults to kernel_size " + format_pair(k) + ")";
    for (bool height : {true, false}) {
        const int kk = height ? k.h : k.w, ss = height ? s.h : s.w, pp = height ? p.h : p.w;
        if (ss == 0)
            fail("stride should not be zero, but got stride " + format_pair(s) + stride_default);
        if (pp < 0)
            fail("padding must be non-negative, but got padding " + format_pair(p));
        // PyTorch 1.13 compares with half the kernel size, not the dilated extent.
        if (pp > kk / 2) {
            // Name the axis only when the parameters differ between the axes.
            const std::string ax =
                (p.h == p.w && k.h == k.w) ? std::string{} : std::string(" ") + axis_name(height);
            std::string msg = cv::format("padding%s (%d) should be at most half of kernel_size%s (%d): "
                                         "padding <= %d",
                                         ax.c_str(), pp, ax.c_str(), kk, kk / 2);
            const int dd = height ? d.h : d.w;
            if (dd > 1)
                msg += cv::format(" (PyTorch checks the kernel size, not its dilated extent %lld)",
                                  (long long)(kk - 1) * dd + 1);
            fail(msg);
        }
    }
    if (k.h <= 0 || k.w <= 0)
        fail("kernel_size must be greater than zero, but got " + format_pair(k));
    if (s.h <= 0 || s.w <= 0)
        fail("stride must be greater than zero, but got " + format_pair(s) + stride_default);
    if (d.h <= 0 || d.w <= 0)
        fail("dilation must be greater than zero, but got " + format_pair(d));
    check_not_empty(in_h, in_w);

    const long long oh = pooling_output_size(in_h, k.h, p.h, out_stride.h, d.h, spec.ceil_mode);
    const long long ow = pooling_output_size(in_w, k.w, p.w, out_stride.w, d.w, spec.ceil_mode);
    if (oh < 1 || ow < 1) {
        std::string with = "kernel_size " + format_pair(k);
        if (out_stride == s)
            with += ", stride " + format_pair(s);
        with += ", padding " + format_pair(p);
        if (d != Size2{1, 1})
            with += ", dilation " + format_pair(d);
        if (spec.ceil_mode && out_stride == s)
            with += " and ceil_mode";
        fail(cv::format("Output size is too small: input %dx%d with %s gives %lldx%lld (each side must be at "
                        "least 1: use a smaller kernel, a smaller dilation or more padding)",
                        in_h, in_w, with.c_str(), oh, ow));
    }
    return {int(oh), int(ow)};
}

void check_output_size(Size2 out)
{
    if (out.h < 1 || out.w < 1)
        fail("output_size must be at least 1 in each dimension, but got " + format_pair(out));
}

PoolGeometry resolve_sliding(const PoolSpec& spec, int in_h, int in_w)
{
    const char* name = spec.op == PoolOp::Avg ? "avg" : (spec.op == PoolOp::Lp ? "lp" : "mixed");
    if (spec.op == PoolOp::Avg || spec.op == PoolOp::Mixed) {
        // PyTorch checks this before anything else in avg_pool2d.
        if (spec.divisor_override && *spec.divisor_override == 0)
            fail("divisor_override must be not zero (the window sum is divided by it)");
    }
    if (spec.op == PoolOp::Avg || spec.op == PoolOp::Mixed || spec.op == PoolOp::Lp) {
        if (spec.dilation != Size2{1, 1})
            fail(cv::format("%s pooling has no dilation (PyTorch's %s has none), but got dilation %s", name,
                            spec.op == PoolOp::Lp ? "lp_pool2d" : "avg_pool2d",
                            format_pair(spec.dilation).c_str()));
    }
    if (spec.op == PoolOp::Lp && spec.padding != Size2{0, 0})
        fail("lp pooling has no padding (PyTorch's lp_pool2d has none), but got padding " +
             format_pair(spec.padding));

    PoolGeometry g;
    g.out = check_sliding(spec, in_h, in_w, spec.effective_stride());
    g.kernel = spec.kernel;
    g.stride = spec.effective_stride();
    g.padding = spec.padding;
    g.dilation = spec.dilation;
    g.ceil_mode = spec.ceil_mode;

    // lp_pool2d computes 1/norm_type after pooling, so this comes after the geometry.
    if (spec.op == PoolOp::Lp && !(spec.norm_type > 0 && std::isfinite(spec.norm_type)))
        fail(cv::format("norm_type must be a finite number greater than zero, but got %g", spec.norm_type));
    if (spec.op == PoolOp::Mixed && !(spec.alpha >= 0 && spec.alpha <= 1))
        fail(cv::format("alpha must be between 0 and 1, but got %g", spec.alpha));
    return g;
}

PoolGeometry resolve_adaptive(const PoolSpec& spec, int in_h, int in_w)
{
    check_not_empty(in_h, in_w);
    if (!spec.output_size)
        fail(std::string(pool_op_name(spec.op)) + " needs output_size");
    check_output_size(*spec.output_size);
    PoolGeometry g;
    g.out = *spec.output_size;
    return g;
}

PoolGeometry resolve_fractional(const PoolSpec& spec, int in_h, int in_w)
{
    const Size2 k = spec.kernel;
    if (k.h <= 0 || k.w <= 0)
        fail("kernel_size must be greater than zero, but got " + format_pair(k));
    check_not_empty(in_h, in_w);
    Size2 out;
    if (spec.output_size) {
        // PyTorch uses output_size when both are given.
        out = *spec.output_size;
        check_output_size(out);
    } else if (spec.output_ratio) {
        const auto [rh, rw] = *spec.output_ratio;
        if (!(rh > 0 && rh < 1 && rw > 0 && rw < 1))
            fail("output_ratio must be between 0 and 1 (exclusive), but got " + format_pair(rh, rw));
        // Python's int(I * r): truncation of the double product.
        out = {int(double(in_h) * rh), int(double(in_w) * rw)};
        if (out.h < 1 || out.w < 1)
            fail(cv::format("output_ratio %s on input %dx%d gives int(%d*%g) x int(%d*%g) = %dx%d; each side "
                            "must be at least 1",
                            format_pair(rh, rw).c_str(), in_h, in_w, in_h, rh, in_w, rw, out.h, out.w));
    } else {
        fail("fractional-max needs output_size or output_ratio");
    }
    for (bool height : {true, false}) {
        const int o = height ? out.h : out.w, kk = height ? k.h : k.w, in = height ? in_h : in_w;
        if ((long long)o + kk - 1 > in)
            fail(cv::format(
                "kernel_size %d is too large for input %s %d with output %s %d: output + kernel - 1 "
                "= %lld must be at most %d",
                kk, axis_name(height), in, axis_name(height), o, (long long)o + kk - 1, in));
    }
    for (std::size_t c = 0; c < spec.fractional_samples.size(); ++c) {
        const auto [uw, uh] = spec.fractional_samples[c];
        if (!(uw >= 0 && uw < 1 && uh >= 0 && uh < 1))
            fail(
                cv::format("fractional_samples must lie in [0, 1), but channel %zu has (%g, %g)", c, uw, uh));
    }
    PoolGeometry g;
    g.out = out;
    g.kernel = k;
    return g;
}

PoolGeometry resolve_blurpool(const PoolSpec& spec, int in_h, int in_w)
{
    const Size2 m = check_sliding(spec, in_h, in_w, {1, 1});
    if (spec.blur_size < 2 || spec.blur_size > 5)
        fail(cv::format("blur_size must be between 2 and 5, but got %d", spec.blur_size));
    // Reflect padding (ReflectionPad2d) needs each pad smaller than the padded size.
    const int before = (spec.blur_size - 1) / 2, after = spec.blur_size - 1 - before;
    const int need = std::max(before, after) + 1;
    if (m.h < need || m.w < need)
        fail(cv::format("blurpool: the stride-1 max map is %dx%d, but reflect padding for blur_size %d needs "
                        "at least %dx%d; use a smaller blur_size or kernel, or a larger input",
                        m.h, m.w, spec.blur_size, need, need));
    const Size2 s = spec.effective_stride();
    PoolGeometry g;
    g.out = {(m.h - 1) / s.h + 1, (m.w - 1) / s.w + 1};
    g.kernel = spec.kernel;
    g.stride = s;
    g.padding = spec.padding;
    g.dilation = spec.dilation;
    return g;
}

} // namespace

long long pooling_output_size(long long in, int kernel, int pad, int stride, int dilation, bool ceil_mode)
{
    long long out =
        floor_div(in + 2LL * pad - (long long)dilation * (kernel - 1) - 1 + (ceil_mode ? stride - 1 : 0),
                  stride) +
        1;
    // The last window must start inside the input or the left padding.
    if (ceil_mode && (out - 1) * stride >= in + pad)
        --out;
    return out;
}

PoolGeometry resolve_geometry(const PoolSpec& spec, int in_h, int in_w)
{
    PoolGeometry g;
    switch (spec.op) {
    case PoolOp::AdaptiveMax:
    case PoolOp::AdaptiveAvg:
        g = resolve_adaptive(spec, in_h, in_w);
        break;
    case PoolOp::GlobalMax:
    case PoolOp::GlobalAvg:
        check_not_empty(in_h, in_w);
        g.out = {1, 1};
        break;
    case PoolOp::FractionalMax:
        g = resolve_fractional(spec, in_h, in_w);
        break;
    case PoolOp::BlurPool:
        g = resolve_blurpool(spec, in_h, in_w);
        break;
    case PoolOp::Max:
    case PoolOp::Avg:
    case PoolOp::Min:
    case PoolOp::Lp:
    case PoolOp::Mixed:
    case PoolOp::Stochastic:
    case PoolOp::SoftPool:
        g = resolve_sliding(spec, in_h, in_w);
        break;
    }
    g.in = {in_h, in_w};
    return g;
}

} // namespace poolscope
