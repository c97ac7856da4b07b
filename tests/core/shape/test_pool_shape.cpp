// Output sizes, parameter checks and shape explanations of the pooling ops.
// Expected sizes are PyTorch 1.13's (F.max_pool2d(...).shape on the same geometry).
#include <algorithm>
#include <functional>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/pool/pool_ops.h"
#include "core/pool/window_trace.h"
#include "core/shape/pool_shape.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

// ---------------------------------------------------------------- output sizes

struct SizeCase {
    int in, kernel, stride, pad, dilation;
    bool ceil_mode;
    int expected;
    bool dropped; // ceil_mode's correction removed a window starting in the padding
};

void PrintTo(const SizeCase& c, std::ostream* os)
{
    *os << "in " << c.in << " k " << c.kernel << " s " << c.stride << " p " << c.pad << " d " << c.dilation
        << (c.ceil_mode ? " ceil" : " floor");
}

class OutputSize : public ::testing::TestWithParam<SizeCase> {};

TEST_P(OutputSize, MatchesPyTorch)
{
    const SizeCase c = GetParam();
    EXPECT_EQ(pooling_output_size(c.in, c.kernel, c.pad, c.stride, c.dilation, c.ceil_mode), c.expected);
}

TEST_P(OutputSize, ResolvedPerAxis)
{
    const SizeCase c = GetParam();
    PoolSpec spec;
    spec.kernel = {c.kernel, 1};
    spec.stride = Size2{c.stride, 1};
    spec.padding = {c.pad, 0};
    spec.dilation = {c.dilation, 1};
    spec.ceil_mode = c.ceil_mode;
    const PoolGeometry g = resolve_geometry(spec, c.in, 3);
    EXPECT_EQ(g.out.h, c.expected);
    EXPECT_EQ(g.out.w, 3);
    EXPECT_EQ(g.stride, (Size2{c.stride, 1}));

    // The same geometry along the width.
    spec.kernel = {1, c.kernel};
    spec.stride = Size2{1, c.stride};
    spec.padding = {0, c.pad};
    spec.dilation = {1, c.dilation};
    EXPECT_EQ(resolve_geometry(spec, 3, c.in).out.w, c.expected);
}

TEST_P(OutputSize, ExplanationStatesTheFormula)
{
    const SizeCase c = GetParam();
    PoolSpec spec;
    spec.kernel = square(c.kernel);
    spec.stride = square(c.stride);
    spec.padding = square(c.pad);
    spec.dilation = square(c.dilation);
    spec.ceil_mode = c.ceil_mode;
    const ShapeExplanation e = explain_shape(spec, c.in, c.in);
    const std::string head = std::string(c.ceil_mode ? "ceil" : "floor") + "((" + std::to_string(c.in) +
                             " + 2*" + std::to_string(c.pad) + " - " + std::to_string(c.dilation) + "*(" +
                             std::to_string(c.kernel) + "-1) - 1) / " + std::to_string(c.stride) + ") + 1";
    EXPECT_EQ(e.formula_h.rfind(head, 0), 0u) << e.formula_h;
    const std::string tail = " = " + std::to_string(c.expected);
    EXPECT_NE(e.formula_h.find(tail), std::string::npos) << e.formula_h;
    EXPECT_EQ(e.formula_w, e.formula_h);

    bool noted = false;
    for (const std::string& n : e.notes)
        noted |= n.find("ceil_mode dropped a window that would start in the padding") != std::string::npos;
    EXPECT_EQ(noted, c.dropped);
    EXPECT_EQ(e.formula_h.find("- 1 = ") != std::string::npos, c.dropped) << e.formula_h;
}

INSTANTIATE_TEST_SUITE_P(
    Geometries, OutputSize,
    ::testing::Values(SizeCase{14, 2, 2, 0, 1, false, 7, false}, SizeCase{14, 2, 2, 0, 1, true, 7, false},
                      SizeCase{5, 2, 2, 0, 1, true, 3, false}, SizeCase{5, 2, 2, 1, 1, true, 3, true},
                      SizeCase{5, 2, 2, 1, 1, false, 3, false}, SizeCase{6, 2, 2, 1, 1, true, 4, false},
                      SizeCase{7, 3, 2, 1, 1, true, 4, false}, SizeCase{7, 3, 3, 1, 1, true, 3, false},
                      SizeCase{10, 3, 3, 1, 1, true, 4, false}, SizeCase{11, 3, 3, 0, 1, true, 4, false},
                      SizeCase{1, 1, 1, 0, 1, false, 1, false}, SizeCase{1, 3, 1, 1, 1, false, 1, false},
                      SizeCase{9, 3, 1, 1, 2, false, 7, false}, SizeCase{9, 3, 2, 1, 3, true, 3, false},
                      SizeCase{28, 5, 3, 2, 1, true, 10, false}, SizeCase{28, 5, 3, 2, 1, false, 10, false},
                      SizeCase{13, 4, 3, 2, 2, true, 5, false}, SizeCase{4, 4, 4, 2, 1, true, 2, false},
                      SizeCase{3, 2, 5, 1, 1, true, 1, true}, SizeCase{8, 1, 3, 0, 1, true, 3, true},
                      SizeCase{8, 1, 3, 0, 1, false, 3, false}, SizeCase{2, 2, 3, 1, 1, true, 1, true},
                      SizeCase{100, 7, 5, 3, 1, true, 21, false}, SizeCase{31, 6, 4, 3, 2, false, 7, false}));

// The size the checks reject is reported, not clamped.
TEST(OutputSize, NegativeNumeratorRoundsDown)
{
    EXPECT_EQ(pooling_output_size(3, 5, 0, 5, 1, false), 0);
    EXPECT_EQ(pooling_output_size(3, 5, 0, 1, 1, false), -1);
    EXPECT_EQ(pooling_output_size(2, 2, 1, 1, 4, false), 0);
}

// ---------------------------------------------------------------- other ops' shapes

struct OpShapeCase {
    std::string name;
    std::function<void(PoolSpec&)> set;
    int in_h, in_w;
    Size2 expected;
};

void PrintTo(const OpShapeCase& c, std::ostream* os)
{
    *os << c.name;
}

class OpShape : public ::testing::TestWithParam<OpShapeCase> {};

TEST_P(OpShape, Resolves)
{
    const OpShapeCase& c = GetParam();
    PoolSpec spec;
    c.set(spec);
    EXPECT_EQ(resolve_geometry(spec, c.in_h, c.in_w).out, c.expected);
    Tensor input(2, c.in_h, c.in_w);
    const PoolResult r = pool(input, spec);
    EXPECT_EQ(r.output.height(), c.expected.h);
    EXPECT_EQ(r.output.width(), c.expected.w);
    EXPECT_EQ(r.output.channels(), 2);
}

INSTANTIATE_TEST_SUITE_P(
    Ops, OpShape,
    ::testing::Values(
        OpShapeCase{"adaptive_3x5",
                    [](PoolSpec& s) {
                        s.op = PoolOp::AdaptiveMax, s.output_size = Size2{3, 5};
                    },
                    14,
                    9,
                    {3, 5}},
        OpShapeCase{"adaptive_larger_than_input",
                    [](PoolSpec& s) {
                        s.op = PoolOp::AdaptiveAvg, s.output_size = Size2{9, 2};
                    },
                    4,
                    4,
                    {9, 2}},
        OpShapeCase{"global_max", [](PoolSpec& s) { s.op = PoolOp::GlobalMax; }, 7, 3, {1, 1}},
        OpShapeCase{"global_avg", [](PoolSpec& s) { s.op = PoolOp::GlobalAvg; }, 1, 1, {1, 1}},
        // Python's int(I * r) truncates: int(10*0.55) = 5, int(13*0.5) = 6.
        OpShapeCase{"fractional_ratio",
                    [](PoolSpec& s) {
                        s.op = PoolOp::FractionalMax, s.output_ratio = std::array{0.55, 0.5};
                    },
                    10,
                    13,
                    {5, 6}},
        OpShapeCase{"fractional_size_wins_over_ratio",
                    [](PoolSpec& s) {
                        s.op = PoolOp::FractionalMax, s.output_size = Size2{4, 3},
                        s.output_ratio = std::array{0.5, 0.5};
                    },
                    10,
                    13,
                    {4, 3}},
        // Stride-1 max map 13x13, every 2nd kept: ceil(13/2) = 7.
        OpShapeCase{"blurpool_k2_s2", [](PoolSpec& s) { s.op = PoolOp::BlurPool; }, 14, 14, {7, 7}},
        // Map 12x6 (k3 d1 p0 on 14x8), stride 3: ceil(12/3) = 4, ceil(6/3) = 2.
        OpShapeCase{"blurpool_k3_s3",
                    [](PoolSpec& s) { s.op = PoolOp::BlurPool, s.kernel = square(3), s.stride = square(3); },
                    14,
                    8,
                    {4, 2}},
        OpShapeCase{"lp_ceil",
                    [](PoolSpec& s) {
                        s.op = PoolOp::Lp, s.kernel = square(3), s.stride = square(2), s.ceil_mode = true;
                    },
                    6,
                    6,
                    {3, 3}},
        OpShapeCase{"stochastic_dilated",
                    [](PoolSpec& s) {
                        s.op = PoolOp::Stochastic, s.kernel = square(2), s.dilation = square(2),
                        s.stride = square(1);
                    },
                    5,
                    5,
                    {3, 3}}),
    [](const auto& info) { return info.param.name; });

// ---------------------------------------------------------------- checks and their messages

struct CheckCase {
    std::string name;
    std::function<void(PoolSpec&)> set;
    int in_h, in_w;
    std::vector<std::string> message_parts; // each must appear in the message
};

void PrintTo(const CheckCase& c, std::ostream* os)
{
    *os << c.name;
}

class Check : public ::testing::TestWithParam<CheckCase> {};

TEST_P(Check, NamesTheParameterAndTheNumbers)
{
    const CheckCase& c = GetParam();
    PoolSpec spec;
    c.set(spec);
    std::string message;
    try {
        resolve_geometry(spec, c.in_h, c.in_w);
        ADD_FAILURE() << "accepted";
    } catch (const ParamError& e) {
        message = e.what();
    }
    for (const std::string& part : c.message_parts)
        EXPECT_NE(message.find(part), std::string::npos) << "missing \"" << part << "\" in: " << message;

    // pool(), trace() and explain_shape() apply the same checks.
    if (c.in_h > 0 && c.in_w > 0) {
        Tensor input(1, c.in_h, c.in_w);
        EXPECT_THROW(pool(input, spec), ParamError);
        EXPECT_THROW(trace(input, spec, 0, 0, 0), ParamError);
    }
    EXPECT_THROW(explain_shape(spec, c.in_h, c.in_w), ParamError);
}

// The first failing check in PyTorch 1.13's order is the one reported.
INSTANTIATE_TEST_SUITE_P(
    Messages, Check,
    ::testing::Values(
        CheckCase{"kernel_zero_makes_default_stride_zero", [](PoolSpec& s) { s.kernel = square(0); }, 5, 5,
                  {"stride should not be zero", "stride defaults to kernel_size 0"}},
        CheckCase{"stride_zero_in_one_axis", [](PoolSpec& s) { s.stride = Size2{0, 1}; }, 5, 5,
                  {"stride should not be zero", "(0, 1)"}},
        CheckCase{"padding_negative", [](PoolSpec& s) { s.padding = square(-1); }, 5, 5,
                  {"padding must be non-negative", "-1"}},
        CheckCase{"padding_over_half_kernel",
                  [](PoolSpec& s) { s.kernel = square(3), s.padding = square(2); }, 5, 5,
                  {"padding (2) should be at most half of kernel_size (3): padding <= 1"}},
        CheckCase{"padding_over_half_kernel_height_only",
                  [](PoolSpec& s) { s.kernel = square(3), s.padding = Size2{2, 0}; }, 5, 5,
                  {"padding height (2)", "(3)", "padding <= 1"}},
        CheckCase{"padding_checked_against_undilated_kernel",
                  [](PoolSpec& s) { s.kernel = square(3), s.padding = square(2), s.dilation = square(2); }, 9, 9,
                  {"padding (2)", "kernel_size (3)", "dilated extent 5"}},
        CheckCase{"padding_before_stride_sign",
                  [](PoolSpec& s) { s.kernel = square(3), s.padding = square(2), s.stride = square(-1); }, 9, 9,
                  {"padding (2) should be at most half"}},
        CheckCase{"kernel_zero", [](PoolSpec& s) { s.kernel = square(0), s.stride = square(1); }, 5, 5,
                  {"kernel_size must be greater than zero, but got 0"}},
        CheckCase{"kernel_zero_with_padding_reports_padding",
                  [](PoolSpec& s) { s.kernel = square(0), s.stride = square(1), s.padding = square(1); }, 5, 5,
                  {"padding (1)", "kernel_size (0)"}},
        CheckCase{"kernel_zero_width", [](PoolSpec& s) { s.kernel = Size2{3, 0}, s.stride = square(1); }, 5, 5,
                  {"kernel_size must be greater than zero", "(3, 0)"}},
        CheckCase{"stride_negative", [](PoolSpec& s) { s.stride = Size2{1, -1}; }, 5, 5,
                  {"stride must be greater than zero", "(1, -1)"}},
        CheckCase{"dilation_zero", [](PoolSpec& s) { s.dilation = square(0); }, 5, 5,
                  {"dilation must be greater than zero, but got 0"}},
        CheckCase{"empty_input", [](PoolSpec&) {}, 0, 5, {"empty", "height 0", "width 5"}},
        CheckCase{"output_too_small", [](PoolSpec& s) { s.kernel = square(5); }, 3, 3,
                  {"Output size is too small", "input 3x3", "kernel_size 5", "stride 5", "padding 0", "0x0"}},
        CheckCase{"output_too_small_by_dilation",
                  [](PoolSpec& s) { s.kernel = square(3), s.dilation = square(3), s.stride = square(1); }, 5, 6,
                  {"Output size is too small", "input 5x6", "dilation 3", "gives -1x0"}},
        CheckCase{"avg_divisor_zero_first",
                  [](PoolSpec& s) { s.op = PoolOp::Avg, s.divisor_override = 0, s.stride = square(-1); }, 5, 5,
                  {"divisor_override must be not zero"}},
        CheckCase{"mixed_divisor_zero", [](PoolSpec& s) { s.op = PoolOp::Mixed, s.divisor_override = 0; }, 5, 5,
                  {"divisor_override must be not zero"}},
        CheckCase{"avg_has_no_dilation", [](PoolSpec& s) { s.op = PoolOp::Avg, s.dilation = square(2); }, 5, 5,
                  {"avg pooling has no dilation", "avg_pool2d", "dilation 2"}},
        CheckCase{"mixed_has_no_dilation", [](PoolSpec& s) { s.op = PoolOp::Mixed, s.dilation = Size2{1, 2}; }, 5,
                  5, {"mixed pooling has no dilation", "(1, 2)"}},
        CheckCase{"lp_has_no_dilation", [](PoolSpec& s) { s.op = PoolOp::Lp, s.dilation = square(3); }, 5, 5,
                  {"lp pooling has no dilation", "lp_pool2d", "dilation 3"}},
        CheckCase{"lp_has_no_padding", [](PoolSpec& s) { s.op = PoolOp::Lp, s.padding = square(1); }, 5, 5,
                  {"lp pooling has no padding", "padding 1"}},
        CheckCase{"lp_norm_zero", [](PoolSpec& s) { s.op = PoolOp::Lp, s.norm_type = 0; }, 5, 5,
                  {"norm_type", "greater than zero", "got 0"}},
        CheckCase{"lp_norm_negative", [](PoolSpec& s) { s.op = PoolOp::Lp, s.norm_type = -2; }, 5, 5,
                  {"norm_type", "got -2"}},
        CheckCase{"mixed_alpha_above_one", [](PoolSpec& s) { s.op = PoolOp::Mixed, s.alpha = 1.5; }, 5, 5,
                  {"alpha must be between 0 and 1, but got 1.5"}},
        CheckCase{"mixed_alpha_negative", [](PoolSpec& s) { s.op = PoolOp::Mixed, s.alpha = -0.25; }, 5, 5,
                  {"alpha", "-0.25"}},
        CheckCase{"adaptive_output_zero",
                  [](PoolSpec& s) { s.op = PoolOp::AdaptiveMax, s.output_size = Size2{0, 2}; }, 5, 5,
                  {"output_size must be at least 1", "(0, 2)"}},
        CheckCase{"adaptive_needs_output_size", [](PoolSpec& s) { s.op = PoolOp::AdaptiveAvg; }, 5, 5,
                  {"adaptive-avg needs output_size"}},
        CheckCase{"adaptive_empty_input",
                  [](PoolSpec& s) { s.op = PoolOp::AdaptiveAvg, s.output_size = square(1); }, 4, 0,
                  {"empty", "width 0"}},
        CheckCase{"global_empty_input", [](PoolSpec& s) { s.op = PoolOp::GlobalMax; }, 0, 0, {"empty"}},
        CheckCase{"fractional_ratio_one",
                  [](PoolSpec& s) { s.op = PoolOp::FractionalMax, s.output_ratio = std::array{1.0, 0.5}; }, 5, 5,
                  {"output_ratio must be between 0 and 1", "(1, 0.5)"}},
        CheckCase{"fractional_ratio_gives_zero",
                  [](PoolSpec& s) { s.op = PoolOp::FractionalMax, s.output_ratio = std::array{0.1, 0.1}; }, 5, 5,
                  {"int(5*0.1)", "0x0"}},
        CheckCase{"fractional_kernel_too_large",
                  [](PoolSpec& s) { s.op = PoolOp::FractionalMax, s.kernel = square(3), s.output_size = square(4); },
                  5, 5, {"kernel_size 3", "input height 5", "output height 4", "= 6 must be at most 5"}},
        CheckCase{"fractional_kernel_too_large_width",
                  [](PoolSpec& s) { s.op = PoolOp::FractionalMax, s.output_size = Size2{2, 7}; }, 5, 7,
                  {"kernel_size 2", "input width 7", "output width 7", "= 8 must be at most 7"}},
        CheckCase{"fractional_needs_output", [](PoolSpec& s) { s.op = PoolOp::FractionalMax; }, 5, 5,
                  {"output_size or output_ratio"}},
        CheckCase{"fractional_kernel_zero",
                  [](PoolSpec& s) { s.op = PoolOp::FractionalMax, s.kernel = square(0), s.output_size = square(2); },
                  5, 5, {"kernel_size must be greater than zero"}},
        CheckCase{"fractional_sample_out_of_range",
                  [](PoolSpec& s) {
                      s.op = PoolOp::FractionalMax, s.output_size = square(2), s.fractional_samples = {{0.5, 1.0}};
                  },
                  5, 5, {"fractional_samples must lie in [0, 1)", "channel 0", "(0.5, 1)"}},
        CheckCase{"blur_size_too_large", [](PoolSpec& s) { s.op = PoolOp::BlurPool, s.blur_size = 6; }, 9, 9,
                  {"blur_size must be between 2 and 5, but got 6"}},
        CheckCase{"blur_size_too_small", [](PoolSpec& s) { s.op = PoolOp::BlurPool, s.blur_size = 1; }, 9, 9,
                  {"blur_size", "got 1"}},
        CheckCase{"blur_map_too_small_to_reflect", [](PoolSpec& s) { s.op = PoolOp::BlurPool, s.blur_size = 5; },
                  3, 3, {"stride-1 max map is 2x2", "blur_size 5", "at least 3x3"}},
        CheckCase{"blur_stride_zero", [](PoolSpec& s) { s.op = PoolOp::BlurPool, s.stride = square(0); }, 9, 9,
                  {"stride should not be zero"}}),
    [](const auto& info) { return info.param.name; });

TEST(Check, FractionalSamplesMustCoverEveryChannel)
{
    PoolSpec spec;
    spec.op = PoolOp::FractionalMax;
    spec.output_size = square(2);
    spec.fractional_samples = {{0.1, 0.2}, {0.3, 0.4}};
    Tensor input(3, 6, 6);
    try {
        pool(input, spec);
        ADD_FAILURE() << "accepted";
    } catch (const ParamError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("3 channel(s)"), std::string::npos) << m;
        EXPECT_NE(m.find("2 pair(s)"), std::string::npos) << m;
    }
    EXPECT_THROW(trace(input, spec, 0, 0, 0), ParamError);
}

TEST(Check, EmptyChannelsRejected)
{
    EXPECT_THROW(pool(Tensor(0, 4, 4), PoolSpec{}), ParamError);
}

// ---------------------------------------------------------------- names and traits, per op

class PerOp : public ::testing::TestWithParam<PoolOp> {};

TEST_P(PerOp, NameRoundTrips)
{
    const PoolOp op = GetParam();
    const std::string_view name = pool_op_name(op);
    ASSERT_FALSE(name.empty());
    EXPECT_EQ(parse_pool_op(name), op);
    EXPECT_EQ(name.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ _"), std::string_view::npos) << name;
}

// A spec every op accepts on an 8x8 input.
PoolSpec valid_spec(PoolOp op)
{
    PoolSpec spec;
    spec.op = op;
    spec.kernel = square(3);
    spec.stride = square(2);
    spec.output_size = square(3);
    return spec;
}

TEST_P(PerOp, IndicesExactlyWhenTraitsSaySo)
{
    const PoolOp op = GetParam();
    Tensor input(2, 8, 8);
    const PoolResult r = pool(input, valid_spec(op));
    EXPECT_EQ(!r.indices.empty(), pool_op_traits(op).indices);
    if (!r.indices.empty()) {
        EXPECT_EQ(r.indices.channels, r.output.channels());
        EXPECT_EQ(r.indices.height, r.output.height());
        EXPECT_EQ(r.indices.width, r.output.width());
    }
}

TEST_P(PerOp, CeilModeMattersExactlyWhenTraitsSaySo)
{
    const PoolOp op = GetParam();
    PoolSpec spec = valid_spec(op);
    spec.kernel = square(2);
    spec.stride = square(2);
    // 9 rows, kernel 2, stride 2: floor gives 4 windows, ceil 5 (for ops that read it).
    const Size2 floor_out = resolve_geometry(spec, 9, 9).out;
    spec.ceil_mode = true;
    const Size2 ceil_out = resolve_geometry(spec, 9, 9).out;
    EXPECT_EQ(floor_out != ceil_out, pool_op_traits(op).ceil_mode);
}

std::string op_test_name(const ::testing::TestParamInfo<PoolOp>& info)
{
    std::string n(pool_op_name(info.param));
    std::ranges::replace(n, '-', '_');
    return n;
}

INSTANTIATE_TEST_SUITE_P(AllOps, PerOp, ::testing::ValuesIn(kAllPoolOps), op_test_name);

std::vector<PoolOp> sliding_ops()
{
    std::vector<PoolOp> ops;
    std::ranges::copy_if(kAllPoolOps, std::back_inserter(ops),
                         [](PoolOp op) { return pool_op_traits(op).sliding; });
    return ops;
}

// Ops with a sliding window accept dilation and padding exactly as their traits say.
class PerSlidingOp : public ::testing::TestWithParam<PoolOp> {};

TEST_P(PerSlidingOp, DilationAndPaddingAcceptedExactlyWhenTraitsSaySo)
{
    const PoolOp op = GetParam();
    const PoolOpTraits t = pool_op_traits(op);
    PoolSpec spec = valid_spec(op);
    spec.dilation = square(2);
    bool accepted = true;
    try {
        resolve_geometry(spec, 8, 8);
    } catch (const ParamError&) {
        accepted = false;
    }
    EXPECT_EQ(accepted, t.dilation);

    spec = valid_spec(op);
    spec.padding = square(1);
    accepted = true;
    try {
        resolve_geometry(spec, 8, 8);
    } catch (const ParamError&) {
        accepted = false;
    }
    EXPECT_EQ(accepted, t.padding);
}

INSTANTIATE_TEST_SUITE_P(SlidingOps, PerSlidingOp, ::testing::ValuesIn(sliding_ops()), op_test_name);

TEST(SlidingOpList, CoversTheWindowedOps)
{
    EXPECT_EQ(sliding_ops().size(), 8u); // max, avg, min, lp, mixed, stochastic, softpool, blurpool
}

TEST(PoolOpNames, UnknownNameIsRejected)
{
    EXPECT_FALSE(parse_pool_op("maximum"));
    EXPECT_FALSE(parse_pool_op(""));
    EXPECT_FALSE(parse_pool_op("Max"));
}

// ---------------------------------------------------------------- coverage and notes

struct CoverageCase {
    std::string name;
    std::function<void(PoolSpec&)> set;
    int in_h, in_w;
    std::vector<std::string> notes; // each must appear in some note
};

void PrintTo(const CoverageCase& c, std::ostream* os)
{
    *os << c.name;
}

class Coverage : public ::testing::TestWithParam<CoverageCase> {};

// The coverage map counts, per input cell, the output cells whose window reads it:
// the same cells window_cells() lists.
TEST_P(Coverage, CountsTheWindowsThatReadEachCell)
{
    const CoverageCase& c = GetParam();
    PoolSpec spec;
    c.set(spec);
    const ShapeExplanation e = explain_shape(spec, c.in_h, c.in_w);
    const cv::Mat coverage = e.coverage();
    ASSERT_EQ(coverage.type(), CV_32S);
    ASSERT_EQ(coverage.rows, c.in_h);
    ASSERT_EQ(coverage.cols, c.in_w);

    cv::Mat expected = cv::Mat::zeros(c.in_h, c.in_w, CV_32S);
    for (int oy = 0; oy < e.geometry.out.h; ++oy)
        for (int ox = 0; ox < e.geometry.out.w; ++ox)
            for (const cv::Point& p : window_cells(spec, e.geometry, oy, ox))
                ++expected.at<int>(p);
    EXPECT_EQ(cv::countNonZero(coverage != expected), 0);
    EXPECT_EQ(e.cells_never_read, c.in_h * c.in_w - cv::countNonZero(expected));

    for (const std::string& want : c.notes) {
        bool found = false;
        for (const std::string& n : e.notes)
            found |= n.find(want) != std::string::npos;
        EXPECT_TRUE(found) << "no note contains \"" << want << "\"";
    }
}

INSTANTIATE_TEST_SUITE_P(
    Explanations, Coverage,
    ::testing::Values(
        CoverageCase{"stride_over_kernel",
                     [](PoolSpec& s) { s.kernel = square(2), s.stride = square(3); },
                     8,
                     8,
                     {"2 row(s) and column(s) between windows are never read (stride 3 > kernel 2)"}},
        CoverageCase{"floor_drops_last_row",
                     [](PoolSpec& s) { s.kernel = square(2); },
                     5,
                     4,
                     {"the last 1 row(s) are never read (floor mode drops"}},
        CoverageCase{"stride_gap_at_the_end",
                     [](PoolSpec& s) { s.kernel = square(2), s.stride = square(3); },
                     6,
                     6,
                     {"the last 1 row(s) and column(s) are never read (stride 3 > kernel 2)"}},
        CoverageCase{"overlap",
                     [](PoolSpec& s) { s.kernel = square(3), s.stride = square(1); },
                     6,
                     6,
                     {"windows overlap (stride 1 < kernel 3)", "up to 3 windows"}},
        CoverageCase{"dilation_gaps",
                     [](PoolSpec& s) { s.kernel = square(2), s.dilation = square(3), s.stride = square(4); },
                     8,
                     8,
                     {"dilation 3 skips cells"}},
        CoverageCase{
            "ceil_adds_window_past_input",
            [](PoolSpec& s) { s.op = PoolOp::Avg, s.kernel = square(2), s.ceil_mode = true; },
            5,
            5,
            {"ceil_mode added a last window that runs past the input", "not counted in the divisor"}},
        CoverageCase{"ceil_drops_window",
                     [](PoolSpec& s) { s.kernel = square(2), s.padding = square(1), s.ceil_mode = true; },
                     5,
                     5,
                     {"ceil_mode dropped a window that would start in the padding"}},
        CoverageCase{"padding_avg",
                     [](PoolSpec& s) { s.op = PoolOp::Avg, s.kernel = square(3), s.padding = square(1); },
                     6,
                     6,
                     {"count_include_pad=True"}},
        CoverageCase{"adaptive_uneven",
                     [](PoolSpec& s) { s.op = PoolOp::AdaptiveAvg, s.output_size = square(4); },
                     10,
                     10,
                     {"10/4 is not a whole number"}},
        CoverageCase{"adaptive_repeats",
                     [](PoolSpec& s) {
                         s.op = PoolOp::AdaptiveMax, s.output_size = Size2{7, 2};
                     },
                     3,
                     4,
                     {"output_size 7 > input 3"}},
        CoverageCase{"global", [](PoolSpec& s) { s.op = PoolOp::GlobalAvg; }, 4, 5, {}},
        CoverageCase{"fractional",
                     [](PoolSpec& s) {
                         s.op = PoolOp::FractionalMax, s.output_size = Size2{4, 3}, s.seed = 7;
                     },
                     9,
                     7,
                     {"int((i+u)*a) - int(u*a)", "a = (9-2)/(4-1)"}},
        CoverageCase{"blurpool",
                     [](PoolSpec& s) { s.op = PoolOp::BlurPool, s.blur_size = 4, s.stride = square(3); },
                     11,
                     9,
                     {"binomial [1, 3, 3, 1]", "reflect padding 1 before and 2 after"}},
        CoverageCase{"blurpool_dilated",
                     [](PoolSpec& s) {
                         s.op = PoolOp::BlurPool, s.kernel = square(2), s.dilation = square(3),
                         s.padding = square(1);
                     },
                     10,
                     10,
                     {"max ignores them"}}),
    [](const auto& info) { return info.param.name; });

TEST(Explain, SlidingFormulaWithNumbers)
{
    PoolSpec spec;
    spec.kernel = square(2);
    const ShapeExplanation e = explain_shape(spec, 14, 14);
    EXPECT_EQ(e.formula_h, "floor((14 + 2*0 - 1*(2-1) - 1) / 2) + 1 = 7");
    EXPECT_EQ(e.cells_never_read, 0);
}

TEST(Explain, CeilCorrectionSpelledOut)
{
    PoolSpec spec;
    spec.kernel = square(2);
    spec.padding = square(1);
    spec.ceil_mode = true;
    const ShapeExplanation e = explain_shape(spec, 5, 6);
    // ceil((5 + 2 - 1 - 1) / 2) + 1 = 4, but the 4th window would start at row 5.
    EXPECT_EQ(e.formula_h,
              "ceil((5 + 2*1 - 1*(2-1) - 1) / 2) + 1 - 1 = 3 (the last window would start in the padding)");
    EXPECT_EQ(e.formula_w, "ceil((6 + 2*1 - 1*(2-1) - 1) / 2) + 1 = 4");
}

TEST(Explain, AdaptiveAndBlurFormulas)
{
    PoolSpec spec;
    spec.op = PoolOp::AdaptiveMax;
    spec.output_size = Size2{5, 3};
    ShapeExplanation e = explain_shape(spec, 14, 9);
    EXPECT_NE(e.formula_h.find("output_size = 5"), std::string::npos) << e.formula_h;
    EXPECT_NE(e.formula_h.find("floor(i*14/5)"), std::string::npos) << e.formula_h;
    EXPECT_NE(e.formula_w.find("ceil((i+1)*9/3)"), std::string::npos) << e.formula_w;

    spec = PoolSpec{};
    spec.op = PoolOp::BlurPool;
    e = explain_shape(spec, 14, 14);
    EXPECT_EQ(e.formula_h.rfind(
                  "floor((14 + 2*0 - 1*(2-1) - 1) / 1) + 1 = 13 (stride-1 max), then ceil(13 / 2) = 7", 0),
              0u)
        << e.formula_h;

    spec = PoolSpec{};
    spec.op = PoolOp::FractionalMax;
    spec.output_ratio = std::array{0.5, 0.75};
    e = explain_shape(spec, 14, 8);
    EXPECT_EQ(e.formula_h, "int(14 * 0.5) = 7");
    EXPECT_EQ(e.formula_w, "int(8 * 0.75) = 6");
}

} // namespace
} // namespace poolscope
