// Parameter combinations that no definition accepts: the reference and the core must
// both refuse them with ParamError (and never crash or return a tensor).
#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/pool/pool_ops.h"
#include "core/tensor/errors.h"
#include "tests/core/parity/parity_support.h"
#include "tests/reference/naive_pool.h"

namespace poolscope::testing {
namespace {

struct Invalid {
    std::string name;
    std::function<void(PoolSpec&)> make;
    int height = 6, width = 6;
};

PoolSpec base(PoolOp op)
{
    PoolSpec s;
    s.op = op;
    s.kernel = {2, 2};
    return s;
}

std::vector<Invalid> invalid_specs()
{
    std::vector<Invalid> out;
    for (PoolOp op : {PoolOp::Max, PoolOp::Min, PoolOp::Avg, PoolOp::Lp, PoolOp::Mixed, PoolOp::Stochastic,
                      PoolOp::SoftPool, PoolOp::BlurPool}) {
        const std::string n(pool_op_name(op));
        auto add = [&](const char* what, std::function<void(PoolSpec&)> f, int h = 6, int w = 6) {
            out.push_back({n + "_" + what, [op, f](PoolSpec& s) { s = base(op), f(s); }, h, w});
        };
        add("kernel_zero", [](PoolSpec& s) { s.kernel = {0, 2}; });
        add("kernel_negative", [](PoolSpec& s) { s.kernel = {2, -1}; });
        add("stride_zero", [](PoolSpec& s) { s.stride = Size2{0, 1}; });
        add("stride_negative", [](PoolSpec& s) { s.stride = Size2{1, -2}; });
        add("padding_negative", [](PoolSpec& s) { s.padding = {-1, 0}; });
        add("padding_over_half_kernel", [](PoolSpec& s) { s.kernel = {3, 3}, s.padding = {0, 2}; });
        add("padding_over_half_kernel_despite_dilation", [](PoolSpec& s) {
            s.kernel = {3, 3}, s.padding = {2, 2}, s.dilation = {3, 3};
        });
        add("dilation_zero", [](PoolSpec& s) { s.dilation = {0, 1}; });
        add(
            "output_too_small",
            [](PoolSpec& s) {
                s.kernel = {5, 5};
            },
            4, 9);
        add(
            "output_too_small_dilated",
            [](PoolSpec& s) {
                s.dilation = {1, 6};
            },
            6, 6);
        add(
            "empty_input", [](PoolSpec&) {}, 0, 6);
    }
    out.push_back({"avg_dilation", [](PoolSpec& s) { s = base(PoolOp::Avg), s.dilation = {2, 2}; }});
    out.push_back({"avg_divisor_zero", [](PoolSpec& s) { s = base(PoolOp::Avg), s.divisor_override = 0; }});
    out.push_back(
        {"mixed_divisor_zero", [](PoolSpec& s) { s = base(PoolOp::Mixed), s.divisor_override = 0; }});
    out.push_back({"mixed_dilation", [](PoolSpec& s) { s = base(PoolOp::Mixed), s.dilation = {1, 2}; }});
    out.push_back({"mixed_alpha_above_one", [](PoolSpec& s) { s = base(PoolOp::Mixed), s.alpha = 1.5; }});
    out.push_back({"mixed_alpha_negative", [](PoolSpec& s) { s = base(PoolOp::Mixed), s.alpha = -0.1; }});
    out.push_back({"lp_padding", [](PoolSpec& s) { s = base(PoolOp::Lp), s.padding = {1, 1}; }});
    out.push_back({"lp_dilation", [](PoolSpec& s) { s = base(PoolOp::Lp), s.dilation = {2, 1}; }});
    out.push_back({"lp_norm_zero", [](PoolSpec& s) { s = base(PoolOp::Lp), s.norm_type = 0; }});
    out.push_back({"lp_norm_negative", [](PoolSpec& s) { s = base(PoolOp::Lp), s.norm_type = -2; }});
    out.push_back({"lp_norm_infinite", [](PoolSpec& s) {
                       s = base(PoolOp::Lp), s.norm_type = std::numeric_limits<double>::infinity();
                   }});
    out.push_back({"blurpool_size_one", [](PoolSpec& s) { s = base(PoolOp::BlurPool), s.blur_size = 1; }});
    out.push_back({"blurpool_size_six", [](PoolSpec& s) { s = base(PoolOp::BlurPool), s.blur_size = 6; }});
    out.push_back({"blurpool_map_too_small_to_reflect",
                   [](PoolSpec& s) {
                       s = base(PoolOp::BlurPool), s.kernel = {3, 3}, s.blur_size = 5;
                   },
                   4, 9});
    for (PoolOp op : {PoolOp::AdaptiveMax, PoolOp::AdaptiveAvg}) {
        const bool is_max = op == PoolOp::AdaptiveMax;
        out.push_back(
            {is_max ? "adaptive_max_no_size" : "adaptive_avg_no_size", [op](PoolSpec& s) { s.op = op; }});
        out.push_back({is_max ? "adaptive_max_size_zero" : "adaptive_avg_size_zero", [op](PoolSpec& s) {
                           s.op = op, s.output_size = Size2{0, 3};
                       }});
        out.push_back({is_max ? "adaptive_max_empty_input" : "adaptive_avg_empty_input",
                       [op](PoolSpec& s) {
                           s.op = op, s.output_size = Size2{2, 2};
                       },
                       5, 0});
    }
    out.push_back({"global_max_empty_input", [](PoolSpec& s) { s.op = PoolOp::GlobalMax; }, 0, 0});
    out.push_back({"global_avg_empty_input", [](PoolSpec& s) { s.op = PoolOp::GlobalAvg; }, 3, 0});
    auto frac = [](PoolSpec& s) {
        s.op = PoolOp::FractionalMax;
        s.kernel = {2, 2};
    };
    out.push_back({"fractional_no_size", [frac](PoolSpec& s) { frac(s); }});
    out.push_back({"fractional_too_large", [frac](PoolSpec& s) { frac(s), s.output_size = Size2{6, 3}; }});
    out.push_back({"fractional_kernel_zero", [frac](PoolSpec& s) {
                       frac(s), s.kernel = {0, 2}, s.output_size = Size2{3, 3};
                   }});
    out.push_back({"fractional_kernel_larger_than_input", [frac](PoolSpec& s) {
                       frac(s), s.kernel = {7, 2}, s.output_size = Size2{1, 3};
                   }});
    out.push_back({"fractional_size_zero", [frac](PoolSpec& s) { frac(s), s.output_size = Size2{0, 3}; }});
    out.push_back({"fractional_ratio_zero", [frac](PoolSpec& s) {
                       frac(s), s.output_ratio = std::array{0.0, 0.5};
                   }});
    out.push_back({"fractional_ratio_one", [frac](PoolSpec& s) {
                       frac(s), s.output_ratio = std::array{0.5, 1.0};
                   }});
    out.push_back({"fractional_ratio_rounds_to_zero", [frac](PoolSpec& s) {
                       frac(s), s.output_ratio = std::array{0.1, 0.5};
                   }});
    out.push_back({"fractional_sample_one", [frac](PoolSpec& s) {
                       frac(s), s.output_size = Size2{3, 3}, s.fractional_samples = {{0.5, 1.0}, {0.1, 0.1}};
                   }});
    out.push_back({"fractional_sample_negative", [frac](PoolSpec& s) {
                       frac(s), s.output_size = Size2{3, 3}, s.fractional_samples = {{0.5, 0.5}, {-0.1, 0.1}};
                   }});
    return out;
}

// The cases of one op family ("max", "avg", ..., "adaptive", "fractional"): one test
// each, as a test process costs more to start than its checks cost to run.
struct InvalidGroup {
    std::string family;
    std::vector<Invalid> cases;
};

void PrintTo(const InvalidGroup& g, std::ostream* os)
{
    *os << g.family;
}

std::vector<InvalidGroup> invalid_groups()
{
    std::vector<InvalidGroup> groups;
    for (Invalid& c : invalid_specs()) {
        const std::string family = c.name.substr(0, c.name.find('_'));
        auto it =
            std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.family == family; });
        if (it == groups.end())
            it = groups.insert(groups.end(), InvalidGroup{family, {}});
        it->cases.push_back(std::move(c));
    }
    return groups;
}

class InvalidSpec : public ::testing::TestWithParam<InvalidGroup> {};

TEST_P(InvalidSpec, BothRefuse)
{
    for (const Invalid& c : GetParam().cases) {
        SCOPED_TRACE(c.name);
        PoolSpec spec;
        c.make(spec);
        const Tensor in = make_input(2, c.height, c.width, Data::Smooth, 5);
        EXPECT_THROW(reference::pool(in, spec), ParamError) << describe(spec, in, Data::Smooth);
        EXPECT_THROW(pool(in, spec), ParamError) << describe(spec, in, Data::Smooth);
    }
}

INSTANTIATE_TEST_SUITE_P(Pool, InvalidSpec, ::testing::ValuesIn(invalid_groups()),
                         [](const ::testing::TestParamInfo<InvalidGroup>& info) {
                             return info.param.family;
                         });

// The rule PyTorch 1.13 applies is padding <= kernel_size / 2 whatever the dilation:
// kernel 3, dilation 2, padding 1 is accepted; the invalid case above pins the other side.
TEST(InvalidSpec, PaddingLimitIgnoresDilation)
{
    PoolSpec spec = base(PoolOp::Max);
    spec.kernel = {3, 3};
    spec.dilation = {2, 2};
    spec.padding = {1, 1};
    const Tensor in = make_input(1, 6, 6, Data::Smooth, 3);
    EXPECT_NO_THROW(reference::pool(in, spec));
    EXPECT_NO_THROW(pool(in, spec));
}

} // namespace
} // namespace poolscope::testing
