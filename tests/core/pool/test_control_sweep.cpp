// Every op at the edges of what the application's controls allow (core/spec_limits.h):
// each combination of the smallest, second-smallest and largest kernel, stride,
// padding and dilation, with and without ceil_mode, plus the op's own parameters at
// their limits. Each one either gives the reference's numbers or is refused with a
// ParamError by both: nothing else, whatever a student types in.
#include <initializer_list>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include "core/pool/fast/window_sums.h"
#include "core/spec/pool_spec.h"
#include "core/spec/spec_limits.h"
#include "tests/core/parity/parity_support.h"

namespace poolscope::testing {
namespace {

Tolerance tolerance_for(const PoolSpec& spec)
{
    switch (spec.op) {
    case PoolOp::Avg:
        // Larger windows are summed by running sums (core/window_sums.h).
        if ((long long)spec.kernel.h * spec.kernel.w > detail::kMaxExactSumTaps)
            return relative(1e-5, 2e-6);
        return kExact;
    case PoolOp::Max:
    case PoolOp::Min:
    case PoolOp::AdaptiveMax:
    case PoolOp::GlobalMax:
    case PoolOp::FractionalMax:
        return kExact;
    default:
        return relative(1e-5, 2e-6);
    }
}

std::vector<int> edges(limits::IntRange r)
{
    return {r.lo, r.lo + 1, r.hi};
}

// The op's own parameters at their limits, one variation per value.
std::vector<PoolSpec> own_parameters(PoolSpec base)
{
    std::vector<PoolSpec> out{base};
    const PoolOpTraits t = pool_op_traits(base.op);
    auto vary = [&](auto set) {
        PoolSpec s = base;
        set(s);
        out.push_back(s);
    };
    if (t.avg_divisor)
        for (int d : {limits::kDivisorOverride.lo, -1, 0, 1, limits::kDivisorOverride.hi})
            vary([&](PoolSpec& s) {
                s.divisor_override = d;
                s.count_include_pad = false;
            });
    if (t.norm_type)
        for (double p : {limits::kNormType.lo, 1.0, limits::kNormType.hi})
            vary([&](PoolSpec& s) { s.norm_type = p; });
    if (t.alpha)
        for (double a : {limits::kAlpha.lo, limits::kAlpha.hi})
            vary([&](PoolSpec& s) { s.alpha = a; });
    if (t.train)
        vary([&](PoolSpec& s) { s.train = true; });
    if (t.blur_size)
        for (int b : {limits::kBlurSize.lo, limits::kBlurSize.hi})
            vary([&](PoolSpec& s) { s.blur_size = b; });
    if (t.output_size)
        for (int o : edges(limits::kPoolOutputSize))
            vary([&](PoolSpec& s) { s.output_size = Size2{o, o}; });
    if (t.output_ratio)
        for (double r : {limits::kOutputRatio.lo, limits::kOutputRatio.hi})
            vary([&](PoolSpec& s) {
                s.output_size.reset();
                s.output_ratio = std::array<double, 2>{r, r};
            });
    return out;
}

class ControlEdges : public ::testing::TestWithParam<PoolOp> {};

TEST_P(ControlEdges, MatchTheReferenceOrAreRefusedByBoth)
{
    const PoolOp op = GetParam();
    const PoolOpTraits t = pool_op_traits(op);
    const Data data = op == PoolOp::Lp ? Data::Positive : Data::Smooth;
    const Tensor input = make_input(2, 7, 9, data, 29);
    Tally tally;
    std::vector<std::optional<int>> strides{std::nullopt};
    for (int s : edges(limits::kPoolStride))
        strides.push_back(s);
    std::vector<PoolSpec> bases;
    for (int k : edges(limits::kPoolKernel))
        for (std::optional<int> stride : strides)
            for (int pad : edges(limits::kPoolPadding))
                for (int dil : edges(limits::kPoolDilation))
                    for (bool ceil : {false, true}) {
                        PoolSpec base;
                        base.op = op;
                        base.kernel = square(k);
                        base.stride = stride ? std::optional<Size2>(square(*stride)) : std::nullopt;
                        base.padding = square(pad);
                        base.dilation = square(dil);
                        base.ceil_mode = ceil;
                        if (t.output_size)
                            base.output_size = Size2{3, 4};
                        bases.push_back(base);
                    }
    if (!t.kernel) // adaptive and global ops read none of the window parameters
        bases.resize(1);
    for (const PoolSpec& base : bases)
        for (const PoolSpec& spec : own_parameters(base)) {
            check_against_reference(input, spec, data, tolerance_for(spec), tally);
            if (tally.enough_failures())
                FAIL() << "stopping after " << tally.failures << " failures";
        }
    EXPECT_EQ(tally.failures, 0);
    // Both outcomes occur at these edges for every op that reads the window.
    if (t.kernel) {
        EXPECT_GT(tally.rejected, 0);
    }
    EXPECT_GT(tally.valid, 0);
}

INSTANTIATE_TEST_SUITE_P(AllOps, ControlEdges, ::testing::ValuesIn(kAllPoolOps),
                         [](const ::testing::TestParamInfo<PoolOp>& i) {
                             std::string name(pool_op_name(i.param));
                             std::erase(name, '-');
                             return name;
                         });

} // namespace
} // namespace poolscope::testing
