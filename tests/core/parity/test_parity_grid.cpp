// The sliding-window ops against the naive reference over a grid of hyperparameters:
// every kernel shape up to 7x7 (square and rectangular) with every stride 1..7, every
// padding up to one past the limit, dilation 1..3, ceil_mode on and off, and a few input
// sizes chosen around the effective kernel so that first, middle, last and ceil-mode
// windows all occur, including 1x1 inputs and sizes just too small.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/pool/pool_ops.h"
#include "tests/core/parity/parity_support.h"

namespace poolscope::testing {
namespace {

struct Variant {
    const char* name;
    PoolOp op;
    Data data;
    Tolerance tol;
    // Sets the op's own parameters; `h` varies them from one configuration to the next.
    void (*configure)(PoolSpec&, std::uint64_t h);
};

const std::vector<Variant>& variants()
{
    static const std::vector<Variant> all = {
        {"max", PoolOp::Max, Data::Special, kExact, [](PoolSpec&, std::uint64_t) {}},
        {"max_smooth", PoolOp::Max, Data::Smooth, kExact, [](PoolSpec&, std::uint64_t) {}},
        {"min", PoolOp::Min, Data::Special, kExact, [](PoolSpec&, std::uint64_t) {}},
        {"avg_include_pad", PoolOp::Avg, Data::Smooth, kExact,
         [](PoolSpec& s, std::uint64_t) { s.count_include_pad = true; }},
        {"avg_exclude_pad", PoolOp::Avg, Data::Special, kExact,
         [](PoolSpec& s, std::uint64_t) { s.count_include_pad = false; }},
        {"avg_divisor_override", PoolOp::Avg, Data::Ties, kExact,
         [](PoolSpec& s, std::uint64_t h) {
             constexpr int divisors[] = {1, 2, 3, 5, 7, 11, -3};
             s.divisor_override = divisors[h % 7];
             s.count_include_pad = (h >> 8) % 2 == 0;
         }},
        {"lp1", PoolOp::Lp, Data::Smooth, relative(1e-5, 1e-6),
         [](PoolSpec& s, std::uint64_t) { s.norm_type = 1; }},
        {"lp2", PoolOp::Lp, Data::Smooth, relative(1e-5, 1e-6),
         [](PoolSpec& s, std::uint64_t) { s.norm_type = 2; }},
        {"lp3", PoolOp::Lp, Data::Positive, relative(1e-5, 1e-6),
         [](PoolSpec& s, std::uint64_t) { s.norm_type = 3; }},
        {"lp1_5", PoolOp::Lp, Data::Positive, relative(1e-5, 1e-6),
         [](PoolSpec& s, std::uint64_t) { s.norm_type = 1.5; }},
        // Signed inputs: windows whose sum of x^p is negative give NaN at p = 3 and 1.5.
        {"lp3_signed", PoolOp::Lp, Data::Smooth, relative(1e-5, 1e-6),
         [](PoolSpec& s, std::uint64_t) { s.norm_type = 3; }},
        {"lp1_5_signed", PoolOp::Lp, Data::Smooth, relative(1e-5, 1e-6),
         [](PoolSpec& s, std::uint64_t) { s.norm_type = 1.5; }},
        {"mixed", PoolOp::Mixed, Data::Smooth, relative(1e-6, 1e-6),
         [](PoolSpec& s, std::uint64_t h) {
             constexpr double alphas[] = {0.0, 0.3, 0.5, 1.0};
             s.alpha = alphas[h % 4];
             s.count_include_pad = (h >> 8) % 2 == 0;
             if ((h >> 16) % 3 == 0)
                 s.divisor_override = 4;
         }},
        {"stochastic_eval", PoolOp::Stochastic, Data::Smooth, relative(1e-5, 1e-6),
         [](PoolSpec& s, std::uint64_t h) {
             s.train = false;
             s.seed = h;
         }},
        {"stochastic_train", PoolOp::Stochastic, Data::Smooth, kExact,
         [](PoolSpec& s, std::uint64_t h) {
             s.train = true;
             s.seed = h;
         }},
        {"softpool", PoolOp::SoftPool, Data::Smooth, relative(1e-5, 2e-6), [](PoolSpec&, std::uint64_t) {}},
        {"blurpool", PoolOp::BlurPool, Data::Smooth, relative(1e-5, 2e-6),
         [](PoolSpec& s, std::uint64_t h) { s.blur_size = 2 + int(h % 4); }},
    };
    return all;
}

void PrintTo(const Variant& v, std::ostream* os)
{
    *os << v.name;
}

// Square kernels 1..7 and rectangular ones in both orientations.
const std::vector<Size2> kKernels = {
    {1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}, {6, 6}, {7, 7}, {1, 2}, {2, 1},
    {1, 5}, {3, 2}, {2, 7}, {4, 3}, {5, 7}, {7, 1}, {6, 4}, {3, 6},
};

// Strides 1..7 (and the default, the kernel), plus a few rectangular ones.
std::vector<std::optional<Size2>> strides()
{
    std::vector<std::optional<Size2>> s = {std::nullopt};
    for (int v = 1; v <= 7; ++v)
        s.push_back(Size2{v, v});
    s.push_back(Size2{1, 2});
    s.push_back(Size2{3, 1});
    s.push_back(Size2{2, 5});
    return s;
}

// Up to one past half the kernel on each axis (the last must be rejected).
std::vector<Size2> paddings(Size2 k, bool op_pads)
{
    if (!op_pads)
        return {{0, 0}, {1, 1}};
    std::vector<Size2> p;
    for (int v = 0; v <= std::max(k.h, k.w) / 2 + 1; ++v)
        p.push_back({v, v});
    for (Size2 extra : {Size2{k.h / 2, 0}, Size2{0, k.w / 2}, Size2{k.h / 2 + 1, 0}})
        if (std::find(p.begin(), p.end(), extra) == p.end())
            p.push_back(extra);
    return p;
}

std::vector<Size2> dilations(bool op_dilates)
{
    if (!op_dilates)
        return {{1, 1}, {2, 2}};
    return {{1, 1}, {2, 2}, {3, 3}, {1, 3}};
}

// Input sizes around the smallest valid one (effective kernel minus both paddings):
// one just below, one giving a single window or a ceil-mode overhang, one a few
// windows long; plus a 1x1 input.
std::vector<std::array<int, 3>> input_shapes(Size2 k, Size2 s, Size2 p, Size2 d, std::uint64_t h)
{
    auto axis = [&](int kk, int ss, int pp, int dd, std::uint64_t r) {
        const int base = dd * (kk - 1) + 1 - 2 * pp;
        const int near = std::max(1, base - 1 + int(r % std::uint64_t(ss + 1)));
        const int far = std::max(1, base + ss + int((r >> 20) % std::uint64_t(2 * ss)));
        return std::array{near, far};
    };
    const auto hs = axis(k.h, s.h, p.h, d.h, h);
    const auto ws = axis(k.w, s.w, p.w, d.w, h >> 32);
    return {{2, 1, 1}, {2, hs[0], ws[0]}, {3, hs[1], ws[1]}};
}

// One test per op variant (each test process costs more to start than a kernel's
// grid costs to run); a failure names the kernel and every other parameter.
class SlidingGrid : public ::testing::TestWithParam<Variant> {};

TEST_P(SlidingGrid, MatchesReference)
{
    const Variant& v = GetParam();
    const PoolOpTraits traits = pool_op_traits(v.op);
    for (Size2 k : kKernels) {
        Tally tally;
        std::uint64_t config = 0;
        for (const auto& stride : strides()) {
            for (Size2 pad : paddings(k, traits.padding)) {
                for (Size2 dil : dilations(traits.dilation)) {
                    for (bool ceil : {false, true}) {
                        const std::uint64_t h = mix(k.h * 8 + k.w, ++config, std::uint64_t(v.op));
                        PoolSpec spec;
                        spec.op = v.op;
                        spec.kernel = k;
                        spec.stride = stride;
                        spec.padding = pad;
                        spec.dilation = dil;
                        spec.ceil_mode = ceil;
                        v.configure(spec, h);
                        for (const auto& [c, ih, iw] : input_shapes(k, stride.value_or(k), pad, dil, h)) {
                            const Tensor in = make_input(c, ih, iw, v.data, h + std::uint64_t(ih));
                            check_against_reference(in, spec, v.data, v.tol, tally);
                            if (tally.enough_failures())
                                return;
                        }
                    }
                }
            }
        }
        // Each kernel's grid must exercise both sides of the checks.
        EXPECT_GT(tally.valid, 20) << "kernel " << k.h << "x" << k.w;
        EXPECT_GT(tally.rejected, 5) << "kernel " << k.h << "x" << k.w;
    }
}

INSTANTIATE_TEST_SUITE_P(Pool, SlidingGrid, ::testing::ValuesIn(variants()),
                         [](const ::testing::TestParamInfo<Variant>& info) { return info.param.name; });

} // namespace
} // namespace poolscope::testing
