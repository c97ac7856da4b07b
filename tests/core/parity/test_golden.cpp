// The core against PyTorch 1.13's own outputs, stored by tests/golden/generate_goldens.py
// (inputs, outputs and indices as .npy, listed in manifest.json). Pooling cases are
// also run through the naive reference, which proves the reference itself.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/conv/conv_ops.h"
#include "core/io/npy_io.h"
#include "core/pool/pool_ops.h"
#include "tests/core/parity/parity_support.h"
#include "tests/reference/naive_pool.h"

namespace poolscope::testing {
namespace {

using nlohmann::json;

const std::string kGoldenDir = POOLSCOPE_GOLDEN_DIR;

const json& manifest()
{
    static const json m = [] {
        std::ifstream in(kGoldenDir + "/manifest.json");
        return in ? json::parse(in, nullptr, /*allow_exceptions=*/false) : json();
    }();
    return m;
}

std::vector<json> cases()
{
    const json& m = manifest();
    if (!m.is_object() || !m.contains("cases"))
        return {};
    return m["cases"].get<std::vector<json>>();
}

NpyArray load(const json& file)
{
    return read_npy(kGoldenDir + "/" + file.get<std::string>());
}

// PyTorch's int64 indices; read_npy gives them as float32, exact below 2^24.
IndexTensor load_indices(const json& file)
{
    const Tensor t = load(file).tensor;
    IndexTensor idx{t.channels(), t.height(), t.width(), {}};
    for (std::size_t i = 0; i < t.size(); ++i) {
        const float v = t.data()[i];
        EXPECT_EQ(v, std::floor(v)) << "index file " << file;
        EXPECT_LT(std::abs(v), 16777216.f) << "index too large for a float32 round trip in " << file;
        idx.data.push_back(std::int64_t(v));
    }
    return idx;
}

Size2 size2(const json& v)
{
    return {v[0].get<int>(), v[1].get<int>()};
}

// The PoolSpec a pooling case describes, in the core's terms.
PoolSpec pool_spec(const std::string& op, const json& p, int channels)
{
    PoolSpec s;
    if (op == "max_pool2d" || op == "avg_pool2d" || op == "lp_pool2d") {
        s.op = op == "max_pool2d" ? PoolOp::Max : op == "avg_pool2d" ? PoolOp::Avg : PoolOp::Lp;
        s.kernel = size2(p["kernel"]);
        s.stride = size2(p["stride"]);
        s.ceil_mode = p["ceil_mode"].get<bool>();
        if (p.contains("padding"))
            s.padding = size2(p["padding"]);
        if (p.contains("dilation"))
            s.dilation = size2(p["dilation"]);
        if (p.contains("count_include_pad"))
            s.count_include_pad = p["count_include_pad"].get<bool>();
        if (p.contains("divisor_override") && !p["divisor_override"].is_null())
            s.divisor_override = p["divisor_override"].get<int>();
        if (p.contains("norm_type"))
            s.norm_type = p["norm_type"].get<double>();
    } else if (op == "adaptive_max_pool2d" || op == "adaptive_avg_pool2d") {
        s.op = op == "adaptive_max_pool2d" ? PoolOp::AdaptiveMax : PoolOp::AdaptiveAvg;
        s.output_size = size2(p["output_size"]);
    } else if (op == "fractional_max_pool2d") {
        s.op = PoolOp::FractionalMax;
        s.kernel = size2(p["kernel"]);
        if (p.contains("output_size"))
            s.output_size = size2(p["output_size"]);
        else
            s.output_ratio =
                std::array{p["output_ratio"][0].get<double>(), p["output_ratio"][1].get<double>()};
        for (const json& uv : p["samples"]) // PyTorch's [c] = {u_w, u_h}, float32 values
            s.fractional_samples.push_back({uv[0].get<double>(), uv[1].get<double>()});
        EXPECT_EQ(int(s.fractional_samples.size()), channels);
    } else {
        ADD_FAILURE() << "not a pooling op: " << op;
    }
    return s;
}

bool is_pool(const std::string& op)
{
    return op == "max_pool2d" || op == "avg_pool2d" || op == "lp_pool2d" || op == "adaptive_max_pool2d" ||
           op == "adaptive_avg_pool2d" || op == "fractional_max_pool2d";
}

// How close the core must come to PyTorch: NaN exactly where PyTorch has NaN, then
// every other value within the tolerance. Max-type results are selections (exact);
// avg_pool2d and adaptive avg divide a float sum exactly as ATen does (1 ulp of slack);
// a 1x1 adaptive avg is ATen's mean(), whose summation order depends on the CPU.
Tolerance tolerance(const std::string& op, const json& params)
{
    if (op == "max_pool2d" || op == "adaptive_max_pool2d" || op == "fractional_max_pool2d" ||
        op == "max_unpool2d" || op == "relu" || op == "abs" || op == "leaky_relu")
        return kExact;
    if (op == "avg_pool2d")
        return within_ulps(1);
    if (op == "adaptive_avg_pool2d" && size2(params["output_size"]) != Size2{1, 1})
        return within_ulps(1);
    return relative(1e-5, 1e-6);
}

// LP at p = 1 and p = 2 is made of IEEE operations alone (sums in ATen's order, one
// division, sign() * relu(), one product, a copy or a square root): PyTorch's bits
// exactly, the sign of a zero included. Other exponents go through pow.
bool lp_bit_exact(const std::string& op, const json& params)
{
    if (op != "lp_pool2d")
        return false;
    const double p = params["norm_type"].get<double>();
    return p == 1.0 || p == 2.0;
}

std::string bits_text(float v)
{
    std::ostringstream out;
    out << "bits 0x" << std::hex << std::bit_cast<std::uint32_t>(v);
    return out.str();
}

// Every value's bits equal, a NaN where PyTorch has a NaN (whatever its sign and
// payload: ATen's vectorised pow and its scalar tail return different NaNs).
::testing::AssertionResult same_bits(const Tensor& got, const Tensor& want)
{
    if (got.channels() != want.channels() || got.height() != want.height() || got.width() != want.width())
        return ::testing::AssertionFailure() << "shape differs";
    for (std::size_t i = 0; i < want.size(); ++i) {
        const float g = got.data()[i], w = want.data()[i];
        if (std::isnan(g) && std::isnan(w))
            continue;
        if (std::bit_cast<std::uint32_t>(g) != std::bit_cast<std::uint32_t>(w))
            return ::testing::AssertionFailure() << "value " << i << " is " << g << " (" << bits_text(g)
                                                 << "), PyTorch's " << w << " (" << bits_text(w) << ")";
    }
    return ::testing::AssertionSuccess();
}

std::optional<PaddingMode> padding_mode(const std::string& name)
{
    if (name == "zeros")
        return PaddingMode::Zeros;
    if (name == "reflect")
        return PaddingMode::Reflect;
    if (name == "replicate")
        return PaddingMode::Replicate;
    if (name == "circular")
        return PaddingMode::Circular;
    return std::nullopt;
}

Tensor run_conv(const json& c, const Tensor& in)
{
    const json& p = c["params"];
    const std::vector<int> shape = p["weights_shape"].get<std::vector<int>>(); // out, in, kh, kw
    const Tensor flat = load(c["weights"]).tensor;
    ConvWeights w;
    w.out_channels = shape[0];
    w.in_channels = shape[1];
    w.kernel = {shape[2], shape[3]};
    w.weights.assign(flat.data(), flat.data() + flat.size());
    EXPECT_EQ(w.weights.size(), std::size_t(shape[0]) * shape[1] * shape[2] * shape[3]);
    w.bias = p["bias"].get<std::vector<float>>();

    ConvSpec spec;
    spec.out_channels = w.out_channels;
    spec.kernel = w.kernel;
    spec.stride = size2(p["stride"]);
    spec.dilation = size2(p["dilation"]);
    if (p["padding"].is_string()) {
        EXPECT_EQ(p["padding"].get<std::string>(), "same");
        spec.padding_same = true;
        spec.padding = {0, 0};
    } else {
        spec.padding = size2(p["padding"]);
    }
    const auto mode = padding_mode(p["padding_mode"].get<std::string>());
    EXPECT_TRUE(mode.has_value()) << p["padding_mode"];
    spec.padding_mode = mode.value_or(PaddingMode::Zeros);
    spec.custom = w;
    return conv2d(in, w, spec);
}

Tensor run_activation(const json& c, const Tensor& in)
{
    const std::string op = c["op"].get<std::string>();
    const std::map<std::string, Activation> by_name = {
        {"relu", Activation::ReLU},       {"leaky_relu", Activation::LeakyReLU},
        {"sigmoid", Activation::Sigmoid}, {"tanh", Activation::Tanh},
        {"abs", Activation::Abs},
    };
    Tensor out = in.clone();
    const float slope =
        c["params"].contains("negative_slope") ? c["params"]["negative_slope"].get<float>() : 0.01f;
    apply_activation(out, by_name.at(op), slope);
    return out;
}

void check_case(const json& c)
{
    const std::string op = c["op"].get<std::string>();
    const json& params = c["params"];
    const Tensor in = load(c["input"]).tensor;
    const Tensor want = load(c["output"]).tensor;
    const std::optional<IndexTensor> want_idx =
        c["indices"].is_null() ? std::nullopt : std::optional(load_indices(c["indices"]));
    const Tolerance tol = tolerance(op, params);

    if (is_pool(op)) {
        const PoolSpec spec = pool_spec(op, params, in.channels());
        const PoolResult got = pool(in, spec);
        EXPECT_TRUE(same_tensor(got.output, want, tol)) << "core";
        const reference::Result ref = reference::pool(in, spec);
        EXPECT_TRUE(same_tensor(ref.output, want, tol)) << "reference";
        if (lp_bit_exact(op, params)) {
            EXPECT_TRUE(same_bits(got.output, want)) << "core";
            EXPECT_TRUE(same_bits(ref.output, want)) << "reference";
        }
        if (want_idx) {
            EXPECT_TRUE(same_indices(got.indices, *want_idx)) << "core";
            EXPECT_TRUE(same_indices(ref.indices, *want_idx)) << "reference";
        }
    } else if (op == "max_unpool2d") {
        EXPECT_TRUE(want_idx.has_value());
        if (!want_idx)
            return;
        const Size2 k = size2(params["kernel"]), s = size2(params["stride"]), p = size2(params["padding"]);
        const std::optional<Size2> size =
            params["output_size"].is_null() ? std::nullopt : std::optional(size2(params["output_size"]));
        EXPECT_TRUE(same_tensor(max_unpool(in, *want_idx, k, s, p, size), want, tol)) << "core";
        EXPECT_TRUE(same_tensor(reference::max_unpool(in, *want_idx, k, s, p, size), want, tol))
            << "reference";
    } else if (op == "conv2d") {
        EXPECT_TRUE(same_tensor(run_conv(c, in), want, tol));
    } else {
        EXPECT_TRUE(same_tensor(run_activation(c, in), want, tol));
    }
}

// One test per op (a test process costs more to start than its cases cost to run);
// each case is traced with its whole manifest entry.
class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesPyTorch)
{
    int checked = 0;
    for (const json& c : cases()) {
        if (c["op"].get<std::string>() != GetParam())
            continue;
        SCOPED_TRACE(c.dump());
        check_case(c);
        ++checked;
    }
    EXPECT_GT(checked, 0);
}

const std::vector<std::string> kOps = {"max_pool2d",
                                       "avg_pool2d",
                                       "lp_pool2d",
                                       "adaptive_max_pool2d",
                                       "adaptive_avg_pool2d",
                                       "fractional_max_pool2d",
                                       "max_unpool2d",
                                       "conv2d",
                                       "relu",
                                       "leaky_relu",
                                       "sigmoid",
                                       "tanh",
                                       "abs"};

INSTANTIATE_TEST_SUITE_P(PyTorch, Golden, ::testing::ValuesIn(kOps),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// The manifest is there, parses, and holds no op the tests would skip.
TEST(GoldenManifest, EveryCaseIsChecked)
{
    ASSERT_TRUE(manifest().is_object()) << "cannot read " << kGoldenDir << "/manifest.json";
    // Every case belongs to an op that a test above checks.
    for (const json& c : cases())
        EXPECT_NE(std::find(kOps.begin(), kOps.end(), c["op"].get<std::string>()), kOps.end()) << c["name"];
    EXPECT_GE(cases().size(), 70u);
}

} // namespace
} // namespace poolscope::testing
