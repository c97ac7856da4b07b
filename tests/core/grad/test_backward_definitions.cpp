// pool_backward against its definition for the ops that are linear in x once the
// forward's choices are made (max-type, avg-type, mixed, stochastic train):
// grad_input = sum over output cells of grad_output * the trace's tap weights.
// This covers stochastic pooling in training, which autograd cannot replay.
#include <string>

#include <gtest/gtest.h>

#include "core/grad/pool_backward.h"
#include "core/pool/window_trace.h"
#include "core/tensor/errors.h"
#include "tests/core/parity/parity_support.h"

namespace poolscope::testing {
namespace {

Tensor seeded(int c, int h, int w, int seed)
{
    Tensor t(c, h, w);
    cv::RNG rng{std::uint64_t(seed)};
    for (std::size_t i = 0; i < t.size(); ++i)
        t.data()[i] = float(rng.uniform(-1.0, 1.0));
    return t;
}

// The definition: each output's gradient times each inside tap's weight in the trace.
Tensor by_traces(const Tensor& x, const PoolSpec& spec, const Tensor& g)
{
    Tensor out(x.channels(), x.height(), x.width());
    for (int c = 0; c < g.channels(); ++c)
        for (int oy = 0; oy < g.height(); ++oy)
            for (int ox = 0; ox < g.width(); ++ox) {
                const WindowTrace t = trace(x, spec, c, oy, ox);
                for (const Tap& tap : t.taps)
                    if (tap.inside && tap.weight != 0.0)
                        out.at(c, tap.y, tap.x) += float(double(g.at(c, oy, ox)) * tap.weight);
            }
    return out;
}

struct Case {
    std::string name;
    PoolSpec spec;
};

PoolSpec sliding(PoolOp op, int k, int s, int p, int d = 1, bool ceil = false)
{
    PoolSpec spec;
    spec.op = op;
    spec.kernel = {k, k};
    spec.stride = Size2{s, s};
    spec.padding = {p, p};
    spec.dilation = {d, d};
    spec.ceil_mode = ceil;
    return spec;
}

std::vector<Case> cases()
{
    std::vector<Case> v = {
        {"max_k3_s1_p1", sliding(PoolOp::Max, 3, 1, 1)},
        {"max_k3_s2_d2_p1_ceil", sliding(PoolOp::Max, 3, 2, 1, 2, true)},
        {"min_k2_s1", sliding(PoolOp::Min, 2, 1, 0)},
        {"avg_k3_s2_p1_ceil", sliding(PoolOp::Avg, 3, 2, 1, 1, true)},
        {"avg_k4_s3_p2", sliding(PoolOp::Avg, 4, 3, 2)},
        {"mixed_k3_s1_p1", sliding(PoolOp::Mixed, 3, 1, 1)},
        {"stochastic_train_k3_s1_p1", sliding(PoolOp::Stochastic, 3, 1, 1)},
        {"stochastic_train_k2_s2_d2", sliding(PoolOp::Stochastic, 2, 2, 0, 2)},
    };
    v[2].spec.ceil_mode = false;
    v[4].spec.count_include_pad = false;
    v[5].spec.alpha = 0.25;
    v[6].spec.train = v[7].spec.train = true;
    v[6].spec.seed = 7;
    PoolSpec adaptive;
    adaptive.op = PoolOp::AdaptiveAvg;
    adaptive.output_size = Size2{4, 3};
    v.push_back({"adaptive_avg_4x3", adaptive});
    adaptive.op = PoolOp::AdaptiveMax;
    v.push_back({"adaptive_max_4x3", adaptive});
    PoolSpec fractional;
    fractional.op = PoolOp::FractionalMax;
    fractional.kernel = {2, 2};
    fractional.output_size = Size2{5, 6};
    fractional.seed = 3;
    v.push_back({"fractional_k2_out5x6", fractional});
    return v;
}

class BackwardDefinition : public ::testing::TestWithParam<Case> {};

TEST_P(BackwardDefinition, IsTheSumOfTheTracesWeights)
{
    const PoolSpec& spec = GetParam().spec;
    const Tensor x = seeded(2, 11, 13, 5);
    const PoolGeometry g = resolve_geometry(spec, x.height(), x.width());
    const Tensor grad = seeded(2, g.out.h, g.out.w, 9);
    // Sums in another order than the backward's: within float rounding.
    EXPECT_TRUE(
        same_tensor(pool_backward(x, spec, grad, {2}), by_traces(x, spec, grad), relative(1e-5, 1e-6)));
}

INSTANTIATE_TEST_SUITE_P(Ops, BackwardDefinition, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(Backward, AGradientOfTheWrongShapeNamesBothShapes)
{
    const Tensor x = seeded(2, 8, 8, 1);
    try {
        pool_backward(x, sliding(PoolOp::Max, 2, 2, 0), Tensor(2, 3, 4));
        FAIL() << "no error";
    } catch (const ParamError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("2x3x4"), std::string::npos) << m;
        EXPECT_NE(m.find("2x4x4"), std::string::npos) << m;
    }
}

} // namespace
} // namespace poolscope::testing
