#include <algorithm>
#include <cmath>
#include <string>

#include "core/pool/pool_blur.h"
#include "core/pool/pool_cells.h"
#include "core/pool/pool_ops.h"
#include "core/shape/pool_shape.h"
#include "core/spec/pool_format.h"

namespace poolscope {

namespace {

// One axis of the geometry, with the words the notes use for it.
struct AxisView {
    int in = 0, out = 0, k = 1, s = 1, p = 0, d = 1;
    const char* label = "height"; // "height", "width" or "height and width"
    const char* unit = "row(s)";
};

AxisView axis_view(const PoolGeometry& g, bool rows)
{
    AxisView a;
    a.in = rows ? g.in.h : g.in.w;
    a.out = rows ? g.out.h : g.out.w;
    a.k = rows ? g.kernel.h : g.kernel.w;
    a.s = rows ? g.stride.h : g.stride.w;
    a.p = rows ? g.padding.h : g.padding.w;
    a.d = rows ? g.dilation.h : g.dilation.w;
    a.label = rows ? "height" : "width";
    a.unit = rows ? "row(s)" : "column(s)";
    return a;
}

// Both axes alike: one set of notes says it for both.
bool symmetric(const PoolGeometry& g)
{
    return g.in.h == g.in.w && g.out.h == g.out.w && g.kernel.h == g.kernel.w && g.stride.h == g.stride.w &&
           g.padding.h == g.padding.w && g.dilation.h == g.dilation.w;
}

// The ceil_mode size before PyTorch's correction: floor((n + s-1) / s) + 1 = ceil(n / s) + 1.
long long ceil_size_uncorrected(int in, int k, int p, int s, int d)
{
    const long long n = in + 2LL * p - (long long)d * (k - 1) - 1;
    return pooling_output_size(in, k, p, s, d, false) + (n % s != 0 ? 1 : 0);
}

// "floor((14 + 2*0 - 1*(2-1) - 1) / 2) + 1 = 7", with ceil_mode's correction spelled out.
std::string sliding_formula(int in, int k, int p, int s, int d, bool ceil_mode)
{
    const long long out = pooling_output_size(in, k, p, s, d, ceil_mode);
    std::string f =
        cv::format("%s((%d + 2*%d - %d*(%d-1) - 1) / %d) + 1", ceil_mode ? "ceil" : "floor", in, p, d, k, s);
    if (ceil_mode && out != ceil_size_uncorrected(in, k, p, s, d))
        return f + cv::format(" - 1 = %lld (the last window would start in the padding)", out);
    return f + cv::format(" = %lld", out);
}

// Coverage along one axis: how many output rows (columns) read each input row (column).
std::vector<int> axis_coverage(const PoolSpec& spec, const PoolGeometry& g, bool rows)
{
    std::vector<int> cov(std::size_t(rows ? g.in.h : g.in.w), 0);
    for (int o = 0; o < (rows ? g.out.h : g.out.w); ++o)
        for (int i : detail::window_axis_cells(spec, g, o, rows, 0))
            ++cov[std::size_t(i)];
    return cov;
}

void sliding_notes(std::vector<std::string>& notes, const PoolSpec& spec, const AxisView& a,
                   const std::vector<int>& cov)
{
    const long long extent = (long long)(a.k - 1) * a.d + 1;
    if (spec.ceil_mode) {
        const long long floor_out = pooling_output_size(a.in, a.k, a.p, a.s, a.d, false);
        const long long raw = ceil_size_uncorrected(a.in, a.k, a.p, a.s, a.d);
        if (raw > a.out)
            notes.push_back(
                cv::format("%s: ceil_mode dropped a window that would start in the padding (at %lld; "
                           "the input ends at %d)",
                           a.label, (raw - 1) * a.s - a.p, a.in - 1));
        if (a.out > floor_out) {
            const long long last = (a.out - 1LL) * a.s - a.p + extent - 1;
            std::string n =
                cv::format("%s: ceil_mode added a last window that runs past the input (to %lld; the "
                           "input ends at %d",
                           a.label, last, a.in - 1);
            if (a.p > 0)
                n += cv::format(", its padding at %d", a.in - 1 + a.p);
            n += ")";
            if (last > a.in - 1 + a.p && (spec.op == PoolOp::Avg || spec.op == PoolOp::Mixed))
                n += "; the part past the padding is not counted in the divisor";
            notes.push_back(n);
        }
    }

    // Input rows no window reads: trailing ones, and gaps between or inside windows.
    int trailing = 0;
    while (trailing < a.in && cov[std::size_t(a.in - 1 - trailing)] == 0)
        ++trailing;
    const int unread = int(std::ranges::count(cov, 0));
    if (trailing > 0) {
        std::string why;
        if (!spec.ceil_mode && pooling_output_size(a.in, a.k, a.p, a.s, a.d, true) > a.out)
            why = "floor mode drops the incomplete last window; ceil_mode would add one there";
        else if (a.s > extent)
            why = cv::format("stride %d > kernel %lld", a.s, extent);
        else
            why = "no window reaches them";
        notes.push_back(cv::format("the last %d %s are never read (%s)", trailing, a.unit, why.c_str()));
    }
    if (unread > trailing) {
        std::string why = a.s > extent ? cv::format("stride %d > kernel %lld", a.s, extent)
                                       : cv::format("dilation %d skips cells inside each window", a.d);
        if (a.s > extent && a.d > 1)
            why += cv::format(", and dilation %d skips cells inside each window", a.d);
        notes.push_back(
            cv::format("%d %s between windows are never read (%s)", unread - trailing, a.unit, why.c_str()));
    }
    const int most = *std::ranges::max_element(cov);
    if (a.s < extent && most > 1)
        notes.push_back(
            cv::format("%s: windows overlap (stride %d < kernel %lld): some %s are read by up to %d windows",
                       a.label, a.s, extent, a.unit, most));
}

void padding_notes(std::vector<std::string>& notes, const PoolSpec& spec, Size2 padding)
{
    if (padding == Size2{0, 0})
        return;
    std::string n = "padding " + format_pair(padding) + " adds cells around the input";
    switch (spec.op) {
    case PoolOp::Max:
    case PoolOp::BlurPool:
        n += "; max ignores them (they act as -inf)";
        break;
    case PoolOp::Min:
        n += "; min ignores them (they act as +inf)";
        break;
    case PoolOp::Avg:
    case PoolOp::Mixed:
        n += spec.count_include_pad ? "; avg counts them as zeros in the divisor (count_include_pad=True)"
                                    : "; avg leaves them out of the divisor (count_include_pad=False)";
        break;
    default:
        n += "; only cells inside the input take part";
        break;
    }
    notes.push_back(n);
}

void explain_sliding(ShapeExplanation& e, const PoolSpec& spec)
{
    const PoolGeometry& g = e.geometry;
    e.formula_h = sliding_formula(g.in.h, g.kernel.h, g.padding.h, g.stride.h, g.dilation.h, g.ceil_mode);
    e.formula_w = sliding_formula(g.in.w, g.kernel.w, g.padding.w, g.stride.w, g.dilation.w, g.ceil_mode);
    padding_notes(e.notes, spec, g.padding);
    if ((spec.op == PoolOp::Avg || spec.op == PoolOp::Mixed) && spec.divisor_override)
        e.notes.push_back(cv::format("divisor_override=%d: every window sum is divided by %d",
                                     *spec.divisor_override, *spec.divisor_override));
    if (spec.op == PoolOp::Lp) {
        const double p = spec.norm_type;
        std::string n = cv::format("lp: (mean of x^%g over the window * %d)^(1/%g), as lp_pool2d", p,
                                   g.kernel.h * g.kernel.w, p);
        // x itself is raised to p, not |x|: only an even p keeps every term >= 0.
        const bool even = std::fmod(p, 2.0) == 0.0;
        if (!even)
            n += cv::format(": x itself, not |x|, so a window whose sum of x^%g is negative gives %s", p,
                            p == 1 ? "a negative result" : "NaN");
        e.notes.push_back(n);
    }
}

void explain_adaptive(ShapeExplanation& e, const PoolSpec& spec)
{
    const PoolGeometry& g = e.geometry;
    const bool global = spec.op == PoolOp::GlobalMax || spec.op == PoolOp::GlobalAvg;
    for (bool rows : {true, false}) {
        const int in = rows ? g.in.h : g.in.w, out = rows ? g.out.h : g.out.w;
        const char* unit = rows ? "rows" : "columns";
        std::string& f = rows ? e.formula_h : e.formula_w;
        if (global) {
            f = cv::format("global: 1 (one window over all %d %s)", in, unit);
            continue;
        }
        f = cv::format("output_size = %d (bin i: %s floor(i*%d/%d) to ceil((i+1)*%d/%d) - 1)", out, unit, in,
                       out, in, out);
        if (out > in)
            e.notes.push_back(
                cv::format("output_size %d > input %d: %s are repeated across bins", out, in, unit));
        else if (in % out != 0)
            e.notes.push_back(cv::format("%d/%d is not a whole number: bins along the %s differ in size and "
                                         "neighbours may share %s",
                                         in, out, rows ? "height" : "width", unit));
    }
}

void explain_fractional(ShapeExplanation& e, const PoolSpec& spec)
{
    const PoolGeometry& g = e.geometry;
    const auto u = fractional_sample(spec, 0);
    for (bool rows : {true, false}) {
        const int in = rows ? g.in.h : g.in.w, out = rows ? g.out.h : g.out.w,
                  k = rows ? g.kernel.h : g.kernel.w;
        std::string& f = rows ? e.formula_h : e.formula_w;
        if (spec.output_size)
            f = cv::format("output_size = %d", out);
        else
            f = cv::format("int(%d * %g) = %d", in, (*spec.output_ratio)[rows ? 0 : 1], out);
        if (out > 1)
            e.notes.push_back(
                cv::format("%s: windows of %d start at int((i+u)*a) - int(u*a), a = (%d-%d)/(%d-1) = "
                           "%g, u = %.4f (channel 0); the last starts at %d-%d = %d",
                           rows ? "height" : "width", k, in, k, out, double(in - k) / (out - 1),
                           u[rows ? 1 : 0], in, k, in - k));
    }
}

void explain_blurpool(ShapeExplanation& e, const PoolSpec& spec)
{
    const PoolGeometry& g = e.geometry;
    const Size2 m = detail::blur_map_size(g);
    for (bool rows : {true, false}) {
        const int in = rows ? g.in.h : g.in.w, k = rows ? g.kernel.h : g.kernel.w;
        const int p = rows ? g.padding.h : g.padding.w, d = rows ? g.dilation.h : g.dilation.w;
        const int s = rows ? g.stride.h : g.stride.w, map = rows ? m.h : m.w, out = rows ? g.out.h : g.out.w;
        (rows ? e.formula_h : e.formula_w) = cv::format(
            "floor((%d + 2*%d - %d*(%d-1) - 1) / 1) + 1 = %d (stride-1 max), then ceil(%d / %d) = %d "
            "(every %d-th blurred sample from 0)",
            in, p, d, k, map, map, s, out, s);
    }
    const detail::BlurFilter f = detail::blur_filter(spec.blur_size);
    static const char* const kRows[] = {"", "", "[1, 1]", "[1, 2, 1]", "[1, 3, 3, 1]", "[1, 4, 6, 4, 1]"};
    e.notes.push_back(cv::format(
        "blur_size %d: binomial %s x %s filter / %d, reflect padding %d before and %d after", f.size,
        kRows[f.size], kRows[f.size], 1 << (2 * (f.size - 1)), f.before, f.size - 1 - f.before));
    padding_notes(e.notes, spec, g.padding);
    if (spec.ceil_mode)
        e.notes.push_back("ceil_mode has no effect: the max runs at stride 1");
}

} // namespace

cv::Mat ShapeExplanation::coverage() const
{
    cv::Mat m(int(coverage_rows.size()), int(coverage_cols.size()), CV_32S);
    for (int y = 0; y < m.rows; ++y) {
        int* row = m.ptr<int>(y);
        for (int x = 0; x < m.cols; ++x)
            row[x] = coverage_rows[std::size_t(y)] * coverage_cols[std::size_t(x)];
    }
    return m;
}

ShapeExplanation explain_shape(const PoolSpec& spec, int in_h, int in_w)
{
    ShapeExplanation e;
    e.geometry = resolve_geometry(spec, in_h, in_w);
    const PoolGeometry& g = e.geometry;
    switch (spec.op) {
    case PoolOp::AdaptiveMax:
    case PoolOp::AdaptiveAvg:
    case PoolOp::GlobalMax:
    case PoolOp::GlobalAvg:
        explain_adaptive(e, spec);
        break;
    case PoolOp::FractionalMax:
        explain_fractional(e, spec);
        break;
    case PoolOp::BlurPool:
        explain_blurpool(e, spec);
        break;
    default:
        explain_sliding(e, spec);
        break;
    }

    e.coverage_rows = axis_coverage(spec, g, true);
    e.coverage_cols = axis_coverage(spec, g, false);
    if (spec.op != PoolOp::BlurPool && pool_op_traits(spec.op).sliding) {
        if (symmetric(g)) {
            AxisView a = axis_view(g, true);
            a.label = "height and width";
            a.unit = "row(s) and column(s)";
            sliding_notes(e.notes, spec, a, e.coverage_rows);
        } else {
            sliding_notes(e.notes, spec, axis_view(g, true), e.coverage_rows);
            sliding_notes(e.notes, spec, axis_view(g, false), e.coverage_cols);
        }
    }
    const auto read = [](const std::vector<int>& cov) {
        return (long long)(cov.size()) - std::count(cov.begin(), cov.end(), 0);
    };
    e.cells_never_read = (long long)in_h * in_w - read(e.coverage_rows) * read(e.coverage_cols);
    return e;
}

} // namespace poolscope
