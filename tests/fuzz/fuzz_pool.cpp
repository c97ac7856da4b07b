// libFuzzer target: the core's pool() against the naive reference on bounded specs and
// inputs full of NaN, infinities, signed zeros, subnormals and ties. Both accept or both
// refuse with ParamError; accepted results match as in the parity tests; trace(),
// explain_shape() and max_unpool() agree with the result. A mismatch is described on
// stderr and aborts; any exception other than ParamError escapes for libFuzzer to report.
#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include <opencv2/core/utility.hpp>

#include "core/pool/fast/window_sums.h"
#include "core/pool/pool_adaptive.h"
#include "core/pool/pool_ops.h"
#include "core/pool/window_trace.h"
#include "core/shape/pool_shape.h"
#include "core/tensor/errors.h"
#include "tests/core/parity/parity_compare.h"
#include "tests/fuzz/pool_input.h"
#include "tests/reference/naive_pool.h"

namespace poolscope::fuzz {
namespace {

using testing::float_text;
using testing::kExact;
using testing::relative;
using testing::Tolerance;

[[noreturn]] void fail(const PoolCase& c, const std::string& what)
{
    std::fprintf(stderr, "\nfuzz_pool: %s on a %dx%dx%d input (%s): %s\n\n",
                 std::string(pool_op_name(c.spec.op)).c_str(), c.input.channels(), c.input.height(),
                 c.input.width(), testing::spec_params(c.spec).c_str(), what.c_str());
    std::abort();
}

std::string cell_text(int c, int y, int x)
{
    return "(c=" + std::to_string(c) + ", y=" + std::to_string(y) + ", x=" + std::to_string(x) + ")";
}

bool has_indices(PoolOp op)
{
    return op == PoolOp::Max || op == PoolOp::Min || op == PoolOp::AdaptiveMax || op == PoolOp::GlobalMax ||
           op == PoolOp::FractionalMax;
}

// The parity tests' tolerances: exact where both sides compute in the same order and
// precision, float rounding where they do not (test_parity_grid.cpp's variants).
Tolerance tolerance(const PoolSpec& spec)
{
    switch (spec.op) {
    case PoolOp::Lp:
        // The root multiplies the p-sum's relative error by 1/p (p < 1 widens it).
        return relative(1e-5 * std::max(1.0, 1.0 / spec.norm_type), 1e-6);
    case PoolOp::Mixed:
        return relative(1e-6, 1e-6);
    case PoolOp::Stochastic:
        return spec.train ? kExact : relative(1e-5, 1e-6);
    case PoolOp::SoftPool:
    case PoolOp::BlurPool:
        return relative(1e-5, 2e-6);
    default:
        return kExact;
    }
}

// LP in the core and in the reference (both in float, both PyTorch's x^p with its sign)
// agree within rounding only while every |x|^p, the window's p-sum and its root are
// normal floats; past that the float sums overflow or drop terms by design. The other
// checks still run.
bool lp_values_comparable(const PoolCase& c)
{
    const double p = c.spec.norm_type, taps = double(c.spec.kernel.h) * c.spec.kernel.w;
    const float* v = c.input.data();
    for (std::size_t i = 0; i < c.input.size(); ++i) {
        const double a = std::fabs(double(v[i]));
        if (a == 0 || !std::isfinite(a))
            continue;
        const double t = std::pow(a, p);
        if (t < FLT_MIN || t * taps > FLT_MAX / 2 || std::pow(t * taps, 1 / p) > FLT_MAX / 2)
            return false;
    }
    return true;
}

// Stochastic pooling and SoftPool compute in float (core/pool/pool_ops.h), the reference in
// double: they agree within rounding only while the float sums cannot overflow, i.e.
// while a window's squares (stochastic) or its values (SoftPool's e*x) stay finite.
bool weighted_values_comparable(const PoolCase& c)
{
    const double taps = double(c.spec.kernel.h) * c.spec.kernel.w;
    const double limit = c.spec.op == PoolOp::Stochastic ? std::sqrt(FLT_MAX / taps) : FLT_MAX / taps;
    const float* v = c.input.data();
    for (std::size_t i = 0; i < c.input.size(); ++i)
        if (std::isfinite(v[i]) && std::fabs(double(v[i])) > limit)
            return false;
    return true;
}

// Windows of more than kMaxExactSumTaps taps are summed by running sums in double
// (core/pool/fast/window_sums.h), the reference in float tap by tap: they may differ by that
// float sum's rounding, at most taps * FLT_EPSILON * the largest |x| over the divisor.
bool large_sum_window(const PoolSpec& spec)
{
    return (spec.op == PoolOp::Avg || spec.op == PoolOp::Lp || spec.op == PoolOp::Mixed) &&
           (long long)spec.kernel.h * spec.kernel.w > detail::kMaxExactSumTaps;
}

double largest_finite(const PoolCase& c)
{
    double largest = 0;
    const float* v = c.input.data();
    for (std::size_t i = 0; i < c.input.size(); ++i)
        if (std::isfinite(v[i]))
            largest = std::max(largest, std::fabs(double(v[i])));
    return largest;
}

testing::Tolerance large_sum_tolerance(const PoolCase& c)
{
    const double largest = largest_finite(c);
    const double taps = double(c.spec.kernel.h) * c.spec.kernel.w;
    const double divisor = c.spec.divisor_override ? std::abs(double(*c.spec.divisor_override)) : 1.0;
    return relative(1e-5, 2 * taps * FLT_EPSILON * largest / divisor);
}

// BlurPool blurs in float (as a float convolution would), the reference in double:
// where the maxima under the filter nearly cancel, the float sum keeps only about
// FLT_EPSILON of the largest of them, and subnormal sums only whole subnormal steps.
testing::Tolerance blur_tolerance(const PoolCase& c)
{
    return relative(1e-5, 8 * FLT_EPSILON * largest_finite(c) + 64 * double(FLT_TRUE_MIN));
}

void check_values(const PoolCase& c, const PoolResult& got, const reference::Result& want)
{
    Tolerance tol = large_sum_window(c.spec) ? large_sum_tolerance(c) : tolerance(c.spec);
    if (c.spec.op == PoolOp::BlurPool)
        tol = blur_tolerance(c);
    // A 1x1 mean sums in double in another order than the reference's (core/pool/pool_adaptive.h):
    // the same within that sum's rounding, relative to the largest value, and the float
    // result's last subnormal steps.
    if (!got.output.empty() &&
        detail::adaptive_uses_mean(c.spec.op, Size2{got.output.height(), got.output.width()}))
        tol = relative(1e-6, 16 * DBL_EPSILON * largest_finite(c) + 4 * double(FLT_TRUE_MIN));
    // LP's root turns the p-sum's rounding into no useful bound: its large windows are
    // compared within a tolerance on tame data in test_fast_kernels.cpp instead.
    const bool weighted = c.spec.op == PoolOp::Stochastic || c.spec.op == PoolOp::SoftPool;
    const bool lp_skipped =
        (c.spec.op == PoolOp::Lp && (!lp_values_comparable(c) || large_sum_window(c.spec))) ||
        (weighted && !weighted_values_comparable(c));
    if (lp_skipped) {
        if (got.output.channels() != want.output.channels() || got.output.height() != want.output.height() ||
            got.output.width() != want.output.width())
            fail(c, "core and reference differ in output shape");
    } else if (const auto why = testing::tensor_mismatch(got.output, want.output, tol)) {
        fail(c, "core and reference differ: " + *why);
    }
    if (has_indices(c.spec.op))
        if (const auto why = testing::index_mismatch(got.indices, want.indices))
            fail(c, "core and reference differ: " + *why);
}

// trace() evaluates one cell with the same code as pool(): the same bits and index
// (any NaN for a NaN), large average windows' running sums included.
void check_trace(const PoolCase& c, const PoolResult& got)
{
    const Tensor& out = got.output;
    const int ch = c.cell_c % out.channels(), oy = c.cell_y % out.height(), ox = c.cell_x % out.width();
    WindowTrace t;
    try {
        t = trace(c.input, c.spec, ch, oy, ox);
    } catch (const ParamError& e) {
        fail(c, "trace() refuses cell " + cell_text(ch, oy, ox) + " of an accepted spec: " + e.what());
    }
    const float v = out.at(ch, oy, ox);
    const bool same = std::bit_cast<std::uint32_t>(t.result) == std::bit_cast<std::uint32_t>(v) ||
                      (std::isnan(t.result) && std::isnan(v));
    if (!same)
        fail(c, "trace() gives " + float_text(t.result) + " at " + cell_text(ch, oy, ox) + ", pool() gave " +
                    float_text(v));
    if (has_indices(c.spec.op) && t.index != got.indices.at(ch, oy, ox))
        fail(c, "trace() gives index " + std::to_string(t.index) + " at " + cell_text(ch, oy, ox) +
                    ", pool() gave " + std::to_string(got.indices.at(ch, oy, ox)));
}

// explain_shape() accepts what pool() accepts and predicts its output size.
void check_shape(const PoolCase& c, const PoolResult& got)
{
    const int h = c.input.height(), w = c.input.width();
    ShapeExplanation e;
    try {
        e = explain_shape(c.spec, h, w);
    } catch (const ParamError& err) {
        fail(c, std::string("explain_shape() refuses an accepted spec: ") + err.what());
    }
    const Size2 out = e.geometry.out;
    const std::size_t cov_h = e.coverage_rows.size(), cov_w = e.coverage_cols.size();
    if (out.h != got.output.height() || out.w != got.output.width() || cov_h != std::size_t(h) ||
        cov_w != std::size_t(w))
        fail(c, "explain_shape() predicts output " + std::to_string(out.h) + "x" + std::to_string(out.w) +
                    " and coverage " + std::to_string(cov_h) + "x" + std::to_string(cov_w) +
                    ", pool() gave " + std::to_string(got.output.height()) + "x" +
                    std::to_string(got.output.width()));
}

// Max unpooling of the result back to the input's size, as SegNet does: with the pool's
// kernel, stride and padding for max and min, and with a stride-1 kernel spanning the
// difference for the bin-based ops. Core and reference must agree; where PyTorch accepts
// it (the size within the allowed range, every index inside the plane) both must accept.
void check_unpool(const PoolCase& c, const PoolResult& got)
{
    if (!has_indices(c.spec.op))
        return;
    const Tensor& out = got.output;
    const Size2 in{c.input.height(), c.input.width()};
    const bool sliding = c.spec.op == PoolOp::Max || c.spec.op == PoolOp::Min;
    const Size2 k = sliding
                        ? c.spec.kernel
                        : Size2{std::max(1, in.h - out.height() + 1), std::max(1, in.w - out.width() + 1)};
    const Size2 s = sliding ? c.spec.effective_stride() : Size2{1, 1};
    const Size2 p = sliding ? c.spec.padding : Size2{0, 0};

    auto size_ok = [](int o, int want, int kk, int ss, int pp) {
        const long long def = (o - 1LL) * ss - 2LL * pp + kk;
        return def - ss < want && want < def + ss;
    };
    bool valid = size_ok(out.height(), in.h, k.h, s.h, p.h) && size_ok(out.width(), in.w, k.w, s.w, p.w);
    for (std::int64_t i : got.indices.data)
        valid = valid && i >= 0 && i < std::int64_t(in.h) * in.w;

    std::optional<Tensor> core, ref;
    std::string core_why, ref_why;
    try {
        core = max_unpool(out, got.indices, k, s, p, in);
    } catch (const ParamError& e) {
        core_why = e.what();
    }
    try {
        ref = reference::max_unpool(out, got.indices, k, s, p, in);
    } catch (const ParamError& e) {
        ref_why = e.what();
    }
    const std::string what = "max_unpool (kernel " + std::to_string(k.h) + "x" + std::to_string(k.w) +
                             ", stride " + std::to_string(s.h) + "x" + std::to_string(s.w) + ", padding " +
                             std::to_string(p.h) + "x" + std::to_string(p.w) + ")";
    if (valid && !core)
        fail(c, what + " refuses the result: " + core_why);
    if (bool(core) != bool(ref))
        fail(c, what + ": the core " + (core ? "accepts" : "refuses (" + core_why + ")") +
                    ", the reference " + (ref ? "accepts" : "refuses (" + ref_why + ")"));
    if (core)
        if (const auto why = testing::tensor_mismatch(*core, *ref, kExact))
            fail(c, what + ": core and reference differ: " + *why);
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
    const fuzz::PoolCase c = fuzz::read_pool_case(bytes);

    std::optional<reference::Result> want;
    std::optional<PoolResult> got;
    std::string ref_why, core_why;
    try {
        want = reference::pool(c.input, c.spec);
    } catch (const ParamError& e) {
        ref_why = e.what();
    }
    try {
        got = pool(c.input, c.spec);
    } catch (const ParamError& e) {
        core_why = e.what();
    }
    if (!want && !got)
        return 0;
    if (!got)
        fuzz::fail(c, "the core refuses it (" + core_why + "), the reference accepts it");
    if (!want)
        fuzz::fail(c, "the reference refuses it (" + ref_why + "), the core accepts it");
    fuzz::check_values(c, *got, *want);
    fuzz::check_trace(c, *got);
    fuzz::check_shape(c, *got);
    fuzz::check_unpool(c, *got);
    return 0;
}
