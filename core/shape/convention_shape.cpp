#include "core/shape/convention_shape.h"

#include <algorithm>

#include "core/tensor/errors.h"

namespace poolscope {
namespace {

using std::to_string;

long long ceil_div(long long a, long long b)
{
    return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

// "d*(k-1)+1" with its value when the dilation widens the window, else "k".
std::string extent_text(int k, int d)
{
    return d == 1 ? to_string(k) : "(" + to_string(d) + " * (" + to_string(k) + " - 1) + 1)";
}

void check_positive(const std::string& what, int v)
{
    if (v < 1)
        throw ParamError(what + " must be at least 1, got " + to_string(v));
}

// 'SAME' (TensorFlow) and SAME_LOWER (ONNX): only where the odd padding goes differs.
ConventionAxis same_axis(int n, int k, int s, int d, bool odd_before, const std::string& name)
{
    ConventionAxis a{n, k, s, d};
    const long long extent = (long long)d * (k - 1) + 1;
    a.out = int(ceil_div(n, s));
    const long long total = std::max<long long>((long long)(a.out - 1) * s + extent - n, 0);
    a.pad_before = int(odd_before ? total - total / 2 : total / 2);
    a.pad_after = int(total - a.pad_before);
    a.rule = name + ": out = ceil(n / s) = ceil(" + to_string(n) + " / " + to_string(s) +
             ") = " + to_string(a.out) + "; total padding max((" + to_string(a.out) + " - 1) * " +
             to_string(s) + " + " + extent_text(k, d) + " - " + to_string(n) + ", 0) = " + to_string(total) +
             ", " + to_string(a.pad_before) + " before and " + to_string(a.pad_after) + " after" +
             (total % 2 ? (odd_before ? " (the odd one before)" : " (the odd one after)") : "");
    return a;
}

ConventionAxis valid_axis(int n, int k, int s, int d, const std::string& axis)
{
    ConventionAxis a{n, k, s, d};
    const long long extent = (long long)d * (k - 1) + 1;
    if (extent > n)
        throw ParamError("tf-valid: the window (" + to_string(extent) + " along the " + axis +
                         ") is larger than the input (" + to_string(n) + "): no output");
    a.out = int(ceil_div(n - extent + 1, s));
    a.rule = "TensorFlow 'VALID': out = ceil((n - " + extent_text(k, d) + " + 1) / s) = ceil((" +
             to_string(n) + " - " + to_string(extent) + " + 1) / " + to_string(s) +
             ") = " + to_string(a.out) + "; no padding";
    return a;
}

ConventionAxis caffe_axis(int n, int k, int s, int p, const std::string& axis)
{
    ConventionAxis a{n, k, s, 1};
    a.pad_before = a.pad_after = p;
    const long long span = (long long)n + 2 * p - k;
    if (span < 0)
        throw ParamError("caffe: the kernel (" + to_string(k) +
                         ") is larger than the padded input along the " + axis + " (" + to_string(n) +
                         " + 2 * " + to_string(p) + ")");
    a.out = int(1 + ceil_div(span, s));
    a.rule = "Caffe: out = 1 + ceil((n + 2p - k) / s) = 1 + ceil((" + to_string(n) + " + 2 * " +
             to_string(p) + " - " + to_string(k) + ") / " + to_string(s) + ") = " + to_string(a.out);
    if (p > 0 && (long long)(a.out - 1) * s >= (long long)n + p) {
        --a.out;
        a.rule += ", minus 1 = " + to_string(a.out) + " because the last window would start at " +
                  to_string((a.out) * s) + ", past the input and its padding (" + to_string(n + p) + ")";
    }
    a.rule += "; padding " + to_string(p) + " before and after";
    return a;
}

} // namespace

ConventionGeometry convention_geometry(Convention c, const PoolSpec& spec, int in_h, int in_w)
{
    ConventionGeometry g;
    g.convention = c;
    if (c == Convention::PyTorch) {
        const ShapeExplanation e = explain_shape(spec, in_h, in_w);
        const PoolGeometry& pg = e.geometry;
        g.h = {pg.in.h,  pg.kernel.h,  pg.stride.h,  pg.dilation.h,
               pg.out.h, pg.padding.h, pg.padding.h, e.formula_h};
        g.w = {pg.in.w,  pg.kernel.w,  pg.stride.w,  pg.dilation.w,
               pg.out.w, pg.padding.w, pg.padding.w, e.formula_w};
        g.divisor = DivisorRule::PyTorch;
        g.divisor_rule =
            spec.divisor_override ? "avg divides by divisor_override = " + to_string(*spec.divisor_override)
            : spec.count_include_pad
                ? "avg divides by the window clipped to the input plus its padding (count_include_pad)"
                : "avg divides by the window's cells inside the input (count_include_pad=False)";
        return g;
    }
    if (spec.op != PoolOp::Max && spec.op != PoolOp::Avg)
        throw ParamError("--convention " + std::string(convention_name(c)) + " applies to max and avg, not " +
                         std::string(pool_op_name(spec.op)));
    const Size2 k = spec.kernel, s = spec.effective_stride(), d = spec.dilation;
    check_positive("kernel_size", std::min(k.h, k.w));
    check_positive("stride", std::min(s.h, s.w));
    check_positive("dilation", std::min(d.h, d.w));
    check_positive("input size", std::min(in_h, in_w));
    switch (c) {
    case Convention::TfSame:
    case Convention::OnnxSameLower: {
        const bool lower = c == Convention::OnnxSameLower;
        const std::string name = lower ? "ONNX SAME_LOWER" : "TensorFlow 'SAME'";
        g.h = same_axis(in_h, k.h, s.h, d.h, lower, name);
        g.w = same_axis(in_w, k.w, s.w, d.w, lower, name);
        g.divisor = DivisorRule::InsideOnly;
        g.divisor_rule = "avg divides by the window's cells inside the input; max ignores the padding";
        break;
    }
    case Convention::TfValid:
        g.h = valid_axis(in_h, k.h, s.h, d.h, "height");
        g.w = valid_axis(in_w, k.w, s.w, d.w, "width");
        g.divisor = DivisorRule::InsideOnly;
        g.divisor_rule = "no padding: avg divides by the whole window";
        break;
    case Convention::Caffe:
        if (d.h != 1 || d.w != 1)
            throw ParamError("caffe: Caffe's pooling has no dilation, got " + to_string(d.h) + "x" +
                             to_string(d.w));
        if (spec.padding.h >= k.h || spec.padding.w >= k.w)
            throw ParamError("caffe: padding (" + to_string(spec.padding.h) + ", " +
                             to_string(spec.padding.w) + ") must be smaller than the kernel (" +
                             to_string(k.h) + ", " + to_string(k.w) + ")");
        g.h = caffe_axis(in_h, k.h, s.h, spec.padding.h, "height");
        g.w = caffe_axis(in_w, k.w, s.w, spec.padding.w, "width");
        g.divisor = DivisorRule::PaddedArea;
        g.divisor_rule =
            "avg divides by the window clipped to the input plus its padding (the padding counts, the "
            "overhang past it does not); max ignores the padding and gives 0 for a window with no cell "
            "inside";
        break;
    case Convention::PyTorch:
        break;
    }
    return g;
}

} // namespace poolscope
