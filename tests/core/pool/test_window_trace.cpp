// trace() against pool(): for every op over a grid of geometries and inputs with
// NaN, infinities and ties, each traced cell reproduces the full op bit for bit,
// reports the same index, and its taps and weights follow the op's definition.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/pool/pool_ops.h"
#include "core/pool/window_trace.h"
#include "core/shape/pool_shape.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

enum class Data { Smooth, Ties, Special };

// Smooth: uniform in [-2, 2). Ties: integers in {-1, 0, 1, 2}. Special: ties with
// NaN, +inf and -inf sprinkled in.
Tensor make_input(int channels, int height, int width, Data kind, std::uint64_t seed)
{
    cv::RNG rng(seed);
    Tensor t(channels, height, width);
    for (int c = 0; c < channels; ++c)
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                float v = kind == Data::Smooth ? rng.uniform(-2.f, 2.f) : float(rng.uniform(-1, 3));
                if (kind == Data::Special) {
                    const int r = rng.uniform(0, 20);
                    if (r == 0)
                        v = std::numeric_limits<float>::quiet_NaN();
                    else if (r == 1)
                        v = std::numeric_limits<float>::infinity();
                    else if (r == 2)
                        v = -std::numeric_limits<float>::infinity();
                }
                t.at(c, y, x) = v;
            }
    return t;
}

bool same_bits(float a, float b)
{
    return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b);
}

bool close(double got, double want, double rel = 1e-5, double abs = 1e-6)
{
    if (std::isnan(want))
        return std::isnan(got);
    if (std::isinf(want))
        return got == want;
    return std::abs(got - want) <= abs + rel * std::abs(want);
}

struct TraceCase {
    std::string name;
    PoolSpec spec;                  // geometry fields are overwritten by the grid for sliding ops
    std::vector<Size2> sizes;       // input sizes to run on
    std::vector<PoolSpec> variants; // the geometries to run (filled by the builders)
};

void PrintTo(const TraceCase& c, std::ostream* os)
{
    *os << c.name;
}

// Sliding geometries: kernel x stride x padding x dilation x ceil_mode.
std::vector<PoolSpec> sliding_grid(PoolSpec base)
{
    std::vector<PoolSpec> out;
    const PoolOpTraits t = pool_op_traits(base.op);
    for (Size2 k : {square(1), square(2), square(3), Size2{2, 3}})
        for (std::optional<Size2> s : {std::optional<Size2>{}, std::optional{square(1)},
                                       std::optional{Size2{2, 1}}, std::optional{square(3)}})
            for (Size2 p : {square(0), square(1), Size2{1, 0}})
                for (Size2 d : {square(1), square(2)})
                    for (bool ceil : {false, true}) {
                        if ((!t.padding && p != square(0)) || (!t.dilation && d != square(1)))
                            continue;
                        PoolSpec spec = base;
                        spec.kernel = k;
                        spec.stride = s;
                        spec.padding = p;
                        spec.dilation = d;
                        spec.ceil_mode = ceil;
                        out.push_back(spec);
                    }
    return out;
}

TraceCase sliding_case(std::string name, PoolSpec base)
{
    return {std::move(name), base, {{5, 5}, {7, 6}, {2, 9}}, sliding_grid(base)};
}

std::vector<TraceCase> all_cases()
{
    std::vector<TraceCase> cases;
    auto with = [](PoolOp op, auto&& set) {
        PoolSpec s;
        s.op = op;
        set(s);
        return s;
    };
    cases.push_back(sliding_case("max", with(PoolOp::Max, [](PoolSpec&) {})));
    cases.push_back(sliding_case("min", with(PoolOp::Min, [](PoolSpec&) {})));
    cases.push_back(sliding_case("avg_include_pad", with(PoolOp::Avg, [](PoolSpec&) {})));
    cases.push_back(
        sliding_case("avg_exclude_pad", with(PoolOp::Avg, [](PoolSpec& s) { s.count_include_pad = false; })));
    cases.push_back(
        sliding_case("avg_divisor_3", with(PoolOp::Avg, [](PoolSpec& s) { s.divisor_override = 3; })));
    cases.push_back(
        sliding_case("avg_divisor_neg2", with(PoolOp::Avg, [](PoolSpec& s) { s.divisor_override = -2; })));
    for (double p : {1.0, 2.0, 3.0, 1.5})
        cases.push_back(sliding_case("lp_p" + std::to_string(int(p * 10)),
                                     with(PoolOp::Lp, [p](PoolSpec& s) { s.norm_type = p; })));
    for (double a : {0.0, 0.3, 1.0})
        cases.push_back(sliding_case("mixed_alpha" + std::to_string(int(a * 10)),
                                     with(PoolOp::Mixed, [a](PoolSpec& s) { s.alpha = a; })));
    cases.push_back(sliding_case("mixed_exclude_pad",
                                 with(PoolOp::Mixed, [](PoolSpec& s) { s.count_include_pad = false; })));
    cases.push_back(sliding_case("stochastic_eval", with(PoolOp::Stochastic, [](PoolSpec&) {})));
    cases.push_back(sliding_case("stochastic_train", with(PoolOp::Stochastic, [](PoolSpec& s) {
                                     s.train = true;
                                     s.seed = 42;
                                 })));
    cases.push_back(sliding_case("softpool", with(PoolOp::SoftPool, [](PoolSpec&) {})));

    for (PoolOp op : {PoolOp::AdaptiveMax, PoolOp::AdaptiveAvg}) {
        TraceCase c{std::string(op == PoolOp::AdaptiveMax ? "adaptive_max" : "adaptive_avg"),
                    {},
                    {{5, 5}, {7, 6}, {13, 4}},
                    {}};
        for (Size2 o : {square(1), Size2{2, 3}, square(5), Size2{8, 7}}) {
            PoolSpec s;
            s.op = op;
            s.output_size = o;
            c.variants.push_back(s);
        }
        cases.push_back(c);
    }
    for (PoolOp op : {PoolOp::GlobalMax, PoolOp::GlobalAvg}) {
        PoolSpec s;
        s.op = op;
        cases.push_back({std::string(op == PoolOp::GlobalMax ? "global_max" : "global_avg"),
                         s,
                         {{5, 5}, {1, 7}, {9, 4}},
                         {s}});
    }

    TraceCase frac{"fractional_max", {}, {{5, 5}, {9, 7}, {12, 10}}, {}};
    for (Size2 k : {square(1), square(2), Size2{3, 2}})
        for (int variant = 0; variant < 3; ++variant) {
            PoolSpec s;
            s.op = PoolOp::FractionalMax;
            s.kernel = k;
            s.seed = 7 + variant;
            if (variant == 0)
                s.output_size = square(3);
            else if (variant == 1)
                s.output_ratio = std::array{0.5, 0.7};
            else
                s.output_size = Size2{4, 2}, s.fractional_samples = {{0.0, 0.999}, {0.37, 0.5}};
            frac.variants.push_back(s);
        }
    cases.push_back(frac);

    TraceCase blur{"blurpool", {}, {{8, 9}, {6, 6}, {11, 7}}, {}};
    for (int f = 2; f <= 5; ++f)
        for (Size2 k : {square(1), square(2), square(3)})
            for (std::optional<Size2> s :
                 {std::optional<Size2>{}, std::optional{square(1)}, std::optional{Size2{3, 2}}})
                for (Size2 p : {square(0), square(1)})
                    for (Size2 d : {square(1), square(2)}) {
                        PoolSpec spec;
                        spec.op = PoolOp::BlurPool;
                        spec.blur_size = f;
                        spec.kernel = k;
                        spec.stride = s;
                        spec.padding = p;
                        spec.dilation = d;
                        blur.variants.push_back(spec);
                    }
    cases.push_back(blur);
    return cases;
}

bool is_extreme_op(PoolOp op)
{
    return op == PoolOp::Max || op == PoolOp::Min || op == PoolOp::AdaptiveMax || op == PoolOp::GlobalMax ||
           op == PoolOp::FractionalMax;
}

// The max (or min) of the inside taps by definition: NaN wins (the last NaN, as
// PyTorch's `v > best || isnan(v)` keeps updating on NaN), else the first tap holding
// the extreme value.
std::pair<float, int> expected_extreme(const WindowTrace& t, bool is_min)
{
    int last_nan = -1, best = -1;
    for (std::size_t i = 0; i < t.taps.size(); ++i) {
        const Tap& tap = t.taps[i];
        if (!tap.inside)
            continue;
        if (std::isnan(tap.value))
            last_nan = int(i);
        else if (best < 0 || (is_min ? tap.value < t.taps[std::size_t(best)].value
                                     : tap.value > t.taps[std::size_t(best)].value))
            best = int(i);
    }
    if (last_nan >= 0)
        return {t.taps[std::size_t(last_nan)].value, last_nan};
    if (best < 0)
        return {is_min ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity(),
                -1};
    // A window of nothing but -inf (+inf for min) keeps the first inside tap.
    return {t.taps[std::size_t(best)].value, best};
}

struct Sums {
    int inside = 0;
    bool finite = true, nan = false;
    double weight = 0, weighted = 0, value = 0;
};

Sums sums(const WindowTrace& t)
{
    Sums s;
    for (const Tap& tap : t.taps) {
        s.weight += tap.weight;
        if (!tap.inside)
            continue;
        ++s.inside;
        s.finite &= std::isfinite(tap.value);
        s.nan |= std::isnan(tap.value);
        s.weighted += tap.weight * tap.value;
        s.value += tap.value;
    }
    return s;
}

// Taps inside the padded input (PyTorch's avg divisor with count_include_pad).
int taps_within_padding(const WindowTrace& t, const PoolGeometry& g)
{
    int n = 0;
    for (const Tap& tap : t.taps)
        n += tap.y >= -g.padding.h && tap.y < g.in.h + g.padding.h && tap.x >= -g.padding.w &&
             tap.x < g.in.w + g.padding.w;
    return n;
}

// The op's definition, checked on the trace alone.
void check_definition(const WindowTrace& t, const PoolSpec& spec, const PoolGeometry& g)
{
    const Sums s = sums(t);
    const PoolOp op = spec.op;
    if (is_extreme_op(op)) {
        const auto [value, chosen] = expected_extreme(t, op == PoolOp::Min);
        EXPECT_TRUE(same_bits(t.result, value) || (std::isnan(t.result) && std::isnan(value)));
        EXPECT_EQ(t.chosen, chosen);
        if (chosen >= 0) {
            const Tap& tap = t.taps[std::size_t(chosen)];
            EXPECT_EQ(t.index, std::int64_t(tap.y) * g.in.w + tap.x);
            EXPECT_EQ(tap.weight, 1.0);
            EXPECT_EQ(s.weight, 1.0);
        }
        return;
    }
    EXPECT_EQ(t.index, -1);
    switch (op) {
    case PoolOp::Avg:
    case PoolOp::AdaptiveAvg:
    case PoolOp::GlobalAvg: {
        int divisor = s.inside;
        if (op == PoolOp::Avg && spec.divisor_override)
            divisor = *spec.divisor_override;
        else if (op == PoolOp::Avg && spec.count_include_pad)
            divisor = taps_within_padding(t, g);
        EXPECT_EQ(t.divisor, divisor);
        EXPECT_TRUE(close(s.weight, double(s.inside) / divisor, 1e-12));
        if (s.finite) {
            EXPECT_TRUE(close(t.result, s.weighted)) << t.result << " vs " << s.weighted;
        }
        break;
    }
    case PoolOp::Lp: {
        EXPECT_EQ(t.p, spec.norm_type);
        EXPECT_EQ(t.divisor, s.inside);
        // PyTorch raises x itself to p: the p-sum keeps the sign of its terms.
        double psum = 0, magnitude = 0;
        bool negative_term = false;
        for (const Tap& tap : t.taps) {
            if (!tap.inside)
                continue;
            const double term = std::pow(double(tap.value), spec.norm_type);
            psum += term;
            magnitude += std::abs(term);
            negative_term = negative_term || float(term) < 0.f;
        }
        if (t.lp_sum > 0 && std::isfinite(t.lp_sum) && !negative_term) { // shares of a float sum
            EXPECT_TRUE(close(s.weight, 1.0, 1e-5));
        } else {
            EXPECT_EQ(s.weight, 0.0);
        }
        EXPECT_TRUE(close(t.lp_sum, psum, 1e-5, 1e-6 * std::max(1.0, magnitude)))
            << t.lp_sum << " vs " << psum;
        // Where the terms cancel, the root magnifies the float sum's rounding (and may
        // see the other sign): only a clear sum says what the result must be. A
        // negative sum gives a negative result at p = 1 and NaN at any other p here.
        if (!std::isfinite(psum) || std::abs(psum) > 1e-4 * magnitude) {
            const double want = std::pow(psum / t.divisor * g.kernel.h * g.kernel.w, 1.0 / spec.norm_type);
            EXPECT_TRUE(close(t.result, want)) << t.result << " vs " << want;
        }
        break;
    }
    case PoolOp::Mixed: {
        const auto [max_value, chosen] = expected_extreme(t, false);
        EXPECT_EQ(t.chosen, chosen);
        EXPECT_TRUE(same_bits(float(t.max_part), max_value) ||
                    (std::isnan(t.max_part) && std::isnan(max_value)));
        const double divisor = spec.divisor_override    ? *spec.divisor_override
                               : spec.count_include_pad ? taps_within_padding(t, g)
                                                        : s.inside;
        EXPECT_EQ(t.divisor, divisor);
        EXPECT_TRUE(close(t.avg_part, s.value / divisor));
        EXPECT_TRUE(close(t.result, spec.alpha * t.max_part + (1 - spec.alpha) * t.avg_part));
        EXPECT_TRUE(
            close(s.weight, spec.alpha * (chosen >= 0) + (1 - spec.alpha) * s.inside / divisor, 1e-9));
        break;
    }
    case PoolOp::Stochastic: {
        bool positive = false;
        double a_sum = 0, a_sq = 0;
        for (const Tap& tap : t.taps)
            if (tap.inside && tap.value > 0) {
                positive = true;
                a_sum += tap.value;
                a_sq += double(tap.value) * tap.value;
            }
        if (s.nan) {
            EXPECT_TRUE(std::isnan(t.result));
        } else if (!positive) {
            EXPECT_EQ(t.result, 0.f);
            EXPECT_EQ(t.chosen, -1);
        } else if (spec.train) {
            ASSERT_GE(t.chosen, 0);
            const Tap& tap = t.taps[std::size_t(t.chosen)];
            EXPECT_TRUE(tap.inside);
            EXPECT_GT(tap.value, 0.f);
            EXPECT_TRUE(same_bits(t.result, tap.value));
            EXPECT_EQ(s.weight, 1.0);
        } else if (std::isfinite(a_sum)) {
            EXPECT_TRUE(close(s.weight, 1.0, 1e-9));
            EXPECT_TRUE(close(t.result, a_sq / a_sum));
        }
        break;
    }
    case PoolOp::SoftPool: {
        if (s.finite && s.inside > 0) {
            EXPECT_TRUE(close(s.weight, 1.0, 1e-9));
            EXPECT_TRUE(close(t.result, s.weighted));
            float lo = std::numeric_limits<float>::infinity(), hi = -lo;
            for (const Tap& tap : t.taps)
                if (tap.inside)
                    lo = std::min(lo, tap.value), hi = std::max(hi, tap.value);
            // A weighted mean in float: within the window's range up to its rounding.
            EXPECT_GE(t.result, lo - 1e-6f * std::abs(lo));
            EXPECT_LE(t.result, hi + 1e-6f * std::abs(hi));
        }
        if (s.nan) {
            EXPECT_TRUE(std::isnan(t.result));
        }
        break;
    }
    case PoolOp::BlurPool: {
        EXPECT_EQ(t.chosen, -1);
        for (const Tap& tap : t.taps)
            EXPECT_GE(tap.weight, 0.0);
        // Every stride-1 max window of a stride-1 max over a non-empty input reads a cell
        // unless dilation jumps over the whole input; weights then sum to the blur's 1.
        if (s.finite) {
            EXPECT_TRUE(close(t.result, s.weighted)) << t.result << " vs " << s.weighted;
        }
        if (s.finite && g.dilation == square(1)) {
            EXPECT_TRUE(close(s.weight, 1.0, 1e-12));
        }
        break;
    }
    default:
        break;
    }
}

// Tap layout: a row-major window_h x window_w grid; padding taps hold 0 and weigh 0.
void check_layout(const WindowTrace& t, const PoolGeometry& g)
{
    ASSERT_EQ(t.taps.size(), std::size_t(t.window_h) * t.window_w);
    for (int i = 0; i < t.window_h; ++i)
        for (int j = 0; j < t.window_w; ++j) {
            const Tap& tap = t.taps[std::size_t(i * t.window_w + j)];
            EXPECT_EQ(tap.y, t.taps[std::size_t(i * t.window_w)].y);
            EXPECT_EQ(tap.x, t.taps[std::size_t(j)].x);
            EXPECT_EQ(tap.inside, tap.y >= 0 && tap.y < g.in.h && tap.x >= 0 && tap.x < g.in.w);
            if (!tap.inside) {
                EXPECT_EQ(tap.value, 0.f);
                EXPECT_EQ(tap.weight, 0.0);
            }
        }
}

// window_cells() lists the inside cells the window reads: for BlurPool the cells of
// its max windows (within the traced footprint), for the others every inside tap.
void check_cells(const WindowTrace& t, const PoolSpec& spec, const PoolGeometry& g)
{
    const std::vector<cv::Point> cells = window_cells(spec, g, t.oy, t.ox, t.channel);
    std::set<std::pair<int, int>> listed, inside;
    for (const cv::Point& p : cells)
        listed.insert({p.y, p.x});
    EXPECT_EQ(listed.size(), cells.size()) << "duplicates";
    EXPECT_TRUE(std::ranges::is_sorted(
        cells, [](cv::Point a, cv::Point b) { return a.y != b.y ? a.y < b.y : a.x < b.x; }));
    for (const Tap& tap : t.taps)
        if (tap.inside)
            inside.insert({tap.y, tap.x});
    if (spec.op != PoolOp::BlurPool) {
        EXPECT_EQ(listed, inside);
        return;
    }
    EXPECT_TRUE(std::ranges::includes(inside, listed));
    for (const Tap& tap : t.taps)
        if (tap.weight > 0) {
            EXPECT_TRUE(listed.contains({tap.y, tap.x}));
        }
}

class TraceMatchesPool : public ::testing::TestWithParam<TraceCase> {};

TEST_P(TraceMatchesPool, EveryCellBitForBit)
{
    const TraceCase& c = GetParam();
    int geometries = 0;
    for (const PoolSpec& spec : c.variants)
        for (Size2 size : c.sizes)
            for (Data kind : {Data::Smooth, Data::Ties, Data::Special}) {
                PoolGeometry g;
                try {
                    g = resolve_geometry(spec, size.h, size.w);
                } catch (const ParamError&) {
                    continue; // not a valid geometry for this input
                }
                ++geometries;
                const Tensor input = make_input(2, size.h, size.w, kind,
                                                std::uint64_t(geometries) * 1000 + std::uint64_t(kind));
                const PoolResult r = pool(input, spec);
                ASSERT_EQ(r.output.height(), g.out.h);
                ASSERT_EQ(r.output.width(), g.out.w);
                for (int ch = 0; ch < input.channels(); ++ch)
                    for (int oy = 0; oy < g.out.h; ++oy)
                        for (int ox = 0; ox < g.out.w; ++ox) {
                            SCOPED_TRACE(::testing::Message()
                                         << c.name << " kernel " << spec.kernel.h << "x" << spec.kernel.w
                                         << " stride " << spec.effective_stride().h << "x"
                                         << spec.effective_stride().w << " pad " << spec.padding.h << "x"
                                         << spec.padding.w << " dil " << spec.dilation.h << "x"
                                         << spec.dilation.w << (spec.ceil_mode ? " ceil" : "") << " input "
                                         << size.h << "x" << size.w << " data " << int(kind) << " cell ("
                                         << ch << ", " << oy << ", " << ox << ")");
                            const WindowTrace t = trace(input, spec, ch, oy, ox);
                            // IEEE 754 leaves the sign of an arithmetic NaN open (x86 makes
                            // inf - inf negative, a propagated NaN keeps its sign), so NaNs match
                            // as NaNs; for max and min the index check below names the element.
                            const float pooled = r.output.at(ch, oy, ox);
                            EXPECT_TRUE(same_bits(t.result, pooled) ||
                                        (std::isnan(t.result) && std::isnan(pooled)))
                                << t.result << " vs pool() " << pooled;
                            if (!r.indices.empty()) {
                                EXPECT_EQ(t.index, r.indices.at(ch, oy, ox));
                            }
                            check_layout(t, g);
                            check_definition(t, spec, g);
                            check_cells(t, spec, g);
                            if (HasFailure())
                                return; // one failing cell says enough
                        }
            }
    EXPECT_GT(geometries, 0);
}

INSTANTIATE_TEST_SUITE_P(AllOps, TraceMatchesPool, ::testing::ValuesIn(all_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(Trace, RejectsCellsOutsideTheOutput)
{
    PoolSpec spec;
    const Tensor input = make_input(2, 6, 6, Data::Smooth, 1);
    EXPECT_NO_THROW(trace(input, spec, 1, 2, 2));
    EXPECT_THROW(trace(input, spec, 2, 0, 0), ParamError);
    EXPECT_THROW(trace(input, spec, -1, 0, 0), ParamError);
    EXPECT_THROW(trace(input, spec, 0, 3, 0), ParamError);
    EXPECT_THROW(trace(input, spec, 0, 0, -1), ParamError);
    EXPECT_TRUE(window_cells(spec, resolve_geometry(spec, 6, 6), 3, 0).empty());
}

// A window with no tap inside the input (dilation jumps over it): PyTorch gives -inf
// and the index of its adjusted start, here (2, 2) on a 1x1 input.
TEST(Trace, WindowWithoutInsideTapsFollowsPyTorch)
{
    PoolSpec spec;
    spec.kernel = square(2);
    spec.stride = square(2);
    spec.padding = square(1);
    spec.dilation = square(3);
    spec.ceil_mode = true;
    Tensor input(1, 1, 1);
    input.at(0, 0, 0) = 5.f;
    const PoolResult r = pool(input, spec);
    ASSERT_EQ(r.output.height(), 1);
    EXPECT_EQ(r.output.at(0, 0, 0), -std::numeric_limits<float>::infinity());
    EXPECT_EQ(r.indices.at(0, 0, 0), 4);
    const WindowTrace t = trace(input, spec, 0, 0, 0);
    EXPECT_EQ(t.chosen, -1);
    EXPECT_EQ(t.index, 4);
    EXPECT_EQ(t.result, -std::numeric_limits<float>::infinity());
}

// The train draw depends on the seed and the cell: on a constant input every tap of
// a 2x2 window is equally likely, so over many cells each is picked.
TEST(Trace, StochasticTrainDrawsEveryTap)
{
    PoolSpec spec;
    spec.op = PoolOp::Stochastic;
    spec.train = true;
    Tensor input(1, 32, 32);
    cv::Mat all = input.storage(); // shares the tensor's memory
    all.setTo(1.f);
    for (std::uint64_t seed : {1u, 2u}) {
        spec.seed = seed;
        std::vector<int> picks(4, 0);
        for (int oy = 0; oy < 16; ++oy)
            for (int ox = 0; ox < 16; ++ox)
                ++picks[std::size_t(trace(input, spec, 0, oy, ox).chosen)];
        for (int n : picks)
            EXPECT_GT(n, 30) << "seed " << seed; // about 64 each
    }
    PoolSpec other = spec;
    other.seed = spec.seed + 1;
    int differ = 0;
    for (int ox = 0; ox < 16; ++ox)
        differ += trace(input, spec, 0, 0, ox).chosen != trace(input, other, 0, 0, ox).chosen;
    EXPECT_GT(differ, 0);
}

} // namespace
} // namespace poolscope
