// effective_spec: what an op does not read goes back to its default, what it reads is kept.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"

namespace poolscope {
namespace {

// Every parameter away from its default.
PoolSpec everythingSet(PoolOp op)
{
    PoolSpec s;
    s.op = op;
    s.kernel = {3, 4};
    s.stride = Size2{2, 1};
    s.padding = {1, 1};
    s.dilation = {2, 2};
    s.ceil_mode = true;
    s.count_include_pad = false;
    s.divisor_override = 5;
    s.norm_type = 3.5;
    s.alpha = 0.25;
    s.seed = 42;
    s.train = true;
    s.output_size = Size2{5, 6};
    s.output_ratio = std::array<double, 2>{0.5, 0.5};
    s.fractional_samples = {{0.25, 0.75}};
    s.blur_size = 5;
    return s;
}

// Which fields are still at their everythingSet() value, by name.
std::set<std::string> kept(const PoolSpec& e)
{
    const PoolSpec v = everythingSet(e.op);
    std::set<std::string> k;
    const auto note = [&](bool same, const char* name) {
        if (same)
            k.insert(name);
    };
    note(e.kernel == v.kernel, "kernel");
    note(e.stride == v.stride, "stride");
    note(e.padding == v.padding, "padding");
    note(e.dilation == v.dilation, "dilation");
    note(e.ceil_mode == v.ceil_mode, "ceil_mode");
    note(e.count_include_pad == v.count_include_pad, "count_include_pad");
    note(e.divisor_override == v.divisor_override, "divisor_override");
    note(e.norm_type == v.norm_type, "norm_type");
    note(e.alpha == v.alpha, "alpha");
    note(e.seed == v.seed, "seed");
    note(e.train == v.train, "train");
    note(e.output_size == v.output_size, "output_size");
    note(e.output_ratio == v.output_ratio, "output_ratio");
    note(e.fractional_samples == v.fractional_samples, "fractional_samples");
    note(e.blur_size == v.blur_size, "blur_size");
    return k;
}

struct Row {
    PoolOp op;
    std::set<std::string> reads;
};

const Row kTable[] = {
    {PoolOp::Max, {"kernel", "stride", "padding", "dilation", "ceil_mode"}},
    {PoolOp::Min, {"kernel", "stride", "padding", "dilation", "ceil_mode"}},
    {PoolOp::Avg, {"kernel", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"}},
    {PoolOp::Lp, {"kernel", "stride", "ceil_mode", "norm_type"}},
    {PoolOp::Mixed,
     {"kernel", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override", "alpha"}},
    {PoolOp::Stochastic, {"kernel", "stride", "padding", "dilation", "ceil_mode", "seed", "train"}},
    {PoolOp::SoftPool, {"kernel", "stride", "padding", "dilation", "ceil_mode"}},
    {PoolOp::AdaptiveMax, {"output_size"}},
    {PoolOp::AdaptiveAvg, {"output_size"}},
    {PoolOp::GlobalMax, {}},
    {PoolOp::GlobalAvg, {}},
    {PoolOp::FractionalMax, {"kernel", "seed", "output_size", "output_ratio", "fractional_samples"}},
    {PoolOp::BlurPool, {"kernel", "stride", "padding", "dilation", "blur_size"}},
};

TEST(EffectiveSpec, KeepsWhatTheOpReadsAndResetsTheRest)
{
    ASSERT_EQ(std::size(kTable), kAllPoolOps.size());
    const PoolSpec defaults;
    for (const Row& row : kTable) {
        SCOPED_TRACE(std::string(pool_op_name(row.op)));
        const PoolSpec e = effective_spec(everythingSet(row.op));
        EXPECT_EQ(e.op, row.op);
        EXPECT_EQ(kept(e), row.reads);
        // What is not kept is exactly the default, field by field.
        PoolSpec d = defaults;
        d.op = row.op;
        const std::set<std::string> k = kept(e);
        if (!k.contains("padding"))
            EXPECT_EQ(e.padding, d.padding);
        if (!k.contains("dilation"))
            EXPECT_EQ(e.dilation, d.dilation);
        if (!k.contains("stride"))
            EXPECT_EQ(e.stride, d.stride);
        if (!k.contains("kernel"))
            EXPECT_EQ(e.kernel, d.kernel);
        if (!k.contains("output_size"))
            EXPECT_EQ(e.output_size, d.output_size);
        if (!k.contains("divisor_override"))
            EXPECT_EQ(e.divisor_override, d.divisor_override);
        // Applying it twice changes nothing.
        EXPECT_EQ(effective_spec(e), e);
    }
}

TEST(EffectiveSpec, StochasticEvaluationReadsNoSeed)
{
    PoolSpec s = everythingSet(PoolOp::Stochastic);
    s.train = false;
    EXPECT_EQ(effective_spec(s).seed, PoolSpec{}.seed);
}

TEST(EffectiveSpec, DefaultsAreUnchanged)
{
    for (PoolOp op : kAllPoolOps) {
        PoolSpec s;
        s.op = op;
        EXPECT_EQ(effective_spec(s), s) << pool_op_name(op);
    }
}

TEST(EffectiveConvSpec, SameReadsNeitherStrideNorPadding)
{
    ConvSpec c;
    c.stride = {2, 3};
    c.padding = {4, 4};
    c.negative_slope = 0.2f;
    c.seed = 9;
    ConvSpec e = effective_spec(c);
    EXPECT_EQ(e.stride, (Size2{2, 3})); // without 'same' both are read
    EXPECT_EQ(e.padding, (Size2{4, 4}));
    EXPECT_EQ(e.negative_slope, ConvSpec{}.negative_slope); // no Leaky ReLU
    EXPECT_EQ(e.seed, ConvSpec{}.seed);                     // no random filter
    c.padding_same = true;
    c.activation = Activation::LeakyReLU;
    c.presets = {KernelPreset::SobelX, KernelPreset::Random};
    e = effective_spec(c);
    EXPECT_EQ(e.stride, (Size2{1, 1}));
    EXPECT_EQ(e.padding, ConvSpec{}.padding);
    EXPECT_TRUE(e.padding_same);
    EXPECT_EQ(e.negative_slope, 0.2f);
    EXPECT_EQ(e.seed, 9u);
}

} // namespace
} // namespace poolscope
