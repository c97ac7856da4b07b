// pool_backward against PyTorch 1.13's autograd, stored by tests/golden/generate_goldens.py
// in tests/golden/backward/ (input, grad_output and x.grad per case).
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/grad/pool_backward.h"
#include "core/io/npy_io.h"
#include "tests/core/parity/parity_support.h"

namespace poolscope::testing {
namespace {

using nlohmann::json;

const std::string kDir = std::string(POOLSCOPE_GOLDEN_DIR) + "/backward";

std::vector<json> cases()
{
    std::ifstream in(kDir + "/manifest.json");
    const json m = in ? json::parse(in, nullptr, false) : json();
    if (!m.is_object() || !m.contains("cases"))
        return {};
    return m["cases"].get<std::vector<json>>();
}

Size2 size2(const json& v)
{
    return {v[0].get<int>(), v[1].get<int>()};
}

PoolSpec spec_of(const json& c)
{
    const json& p = c["params"];
    PoolSpec s;
    s.op = parse_pool_op(c["op"].get<std::string>()).value();
    if (p.contains("kernel"))
        s.kernel = size2(p["kernel"]);
    if (p.contains("stride"))
        s.stride = size2(p["stride"]);
    if (p.contains("padding"))
        s.padding = size2(p["padding"]);
    if (p.contains("dilation"))
        s.dilation = size2(p["dilation"]);
    if (p.contains("ceil_mode"))
        s.ceil_mode = p["ceil_mode"].get<bool>();
    if (p.contains("count_include_pad"))
        s.count_include_pad = p["count_include_pad"].get<bool>();
    if (p.contains("divisor_override") && !p["divisor_override"].is_null())
        s.divisor_override = p["divisor_override"].get<int>();
    if (p.contains("norm_type"))
        s.norm_type = p["norm_type"].get<double>();
    if (p.contains("alpha"))
        s.alpha = p["alpha"].get<double>();
    if (p.contains("output_size"))
        s.output_size = size2(p["output_size"]);
    if (p.contains("blur_size"))
        s.blur_size = p["blur_size"].get<int>();
    if (p.contains("samples"))
        for (const json& uv : p["samples"])
            s.fractional_samples.push_back({uv[0].get<double>(), uv[1].get<double>()});
    return s;
}

// Exact where the arithmetic is PyTorch's: routing to the chosen tap (one addition per
// output, in ATen's order) and avg-type sums of grad / divisor in ATen's order. Mixed
// adds its two branches as autograd accumulates them. LP's pow, SoftPool's exponentials,
// stochastic pooling's quotient and BlurPool's filter products are computed in another
// order or precision than autograd's: within float rounding of a few operations.
Tolerance tolerance(PoolOp op)
{
    switch (op) {
    case PoolOp::Max:
    case PoolOp::Min:
    case PoolOp::AdaptiveMax:
    case PoolOp::GlobalMax:
    case PoolOp::FractionalMax:
    case PoolOp::Avg:
    case PoolOp::AdaptiveAvg:
    case PoolOp::GlobalAvg:
    case PoolOp::Mixed:
        return kExact;
    default:
        return relative(2e-5, 1e-6);
    }
}

class BackwardGolden : public ::testing::TestWithParam<json> {};

TEST_P(BackwardGolden, MatchesAutograd)
{
    const json& c = GetParam();
    const PoolSpec spec = spec_of(c);
    const Tensor x = read_npy(kDir + "/" + c["input"].get<std::string>()).tensor;
    const Tensor g = read_npy(kDir + "/" + c["grad_output"].get<std::string>()).tensor;
    const Tensor want = read_npy(kDir + "/" + c["output"].get<std::string>()).tensor;
    for (int threads : {1, 3})
        EXPECT_TRUE(same_tensor(pool_backward(x, spec, g, {threads}), want, tolerance(spec.op)))
            << c["name"].get<std::string>() << " on " << threads << " threads";
}

INSTANTIATE_TEST_SUITE_P(Autograd, BackwardGolden, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<json>& info) {
                             return info.param["name"].get<std::string>();
                         });

TEST(BackwardGoldenFiles, EveryGradientOpIsCovered)
{
    std::vector<std::string> ops;
    for (const json& c : cases())
        ops.push_back(c["op"].get<std::string>());
    for (PoolOp op : kAllPoolOps)
        EXPECT_NE(std::find(ops.begin(), ops.end(), std::string(pool_op_name(op))), ops.end())
            << pool_op_name(op);
}

} // namespace
} // namespace poolscope::testing
