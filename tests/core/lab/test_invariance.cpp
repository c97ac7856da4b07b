// The translation-invariance sweep against its definition (core/lab/invariance.h)
// computed here directly: each view cropped by explicit loops, max and avg pooled by
// the naive reference (tests/reference), the other ops by pool() on those copied
// crops, and both measures summed cell by cell. Then what the sweep shows a class on
// the checkerboard sample.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/io/image_io.h"
#include "core/io/samples.h"
#include "core/lab/invariance.h"
#include "core/lab/map_similarity.h"
#include "core/pool/pool_convention.h"
#include "core/pool/pool_ops.h"
#include "core/tensor/errors.h"
#include "tests/reference/naive_pool.h"
#include "tests/support/square_pool.h"

namespace poolscope::testing {
namespace {

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();

// The view at shift d of the definition, one value at a time.
Tensor crop(const Tensor& x, ShiftAxis axis, int max_shift, int d)
{
    const int dy = axis == ShiftAxis::X ? 0 : d, dx = axis == ShiftAxis::Y ? 0 : d;
    const int h = x.height() - (axis == ShiftAxis::X ? 0 : max_shift);
    const int w = x.width() - (axis == ShiftAxis::Y ? 0 : max_shift);
    Tensor v(x.channels(), h, w);
    for (int c = 0; c < x.channels(); ++c)
        for (int y = 0; y < h; ++y)
            for (int i = 0; i < w; ++i)
                v.at(c, y, i) = x.at(c, y + dy, i + dx);
    return v;
}

Tensor pooled(const Tensor& view, const PoolSpec& spec, Convention c)
{
    if (c == Convention::PyTorch && (spec.op == PoolOp::Max || spec.op == PoolOp::Avg))
        return reference::pool(view, spec).output;
    return pool_convention(view, spec, c, PoolOptions{.indices = false, .threads = 1}).output;
}

double direct_equal_fraction(const Tensor& a, const Tensor& b, double tolerance)
{
    long long equal = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const float u = a.data()[i], v = b.data()[i];
        if ((std::isnan(u) && std::isnan(v)) || u == v || std::fabs(double(u) - double(v)) <= tolerance)
            ++equal;
    }
    return double(equal) / double(a.size());
}

double direct_cosine(const Tensor& a, const Tensor& b)
{
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double u = a.data()[i], v = b.data()[i];
        if (!std::isfinite(u) || !std::isfinite(v))
            return std::nan("");
        ab += u * v, aa += u * u, bb += v * v;
    }
    if (aa == 0 || bb == 0)
        return aa == bb ? 1.0 : 0.0;
    return ab / std::sqrt(aa * bb);
}

// Values that differ everywhere and have both signs; optionally a few NaNs.
Tensor random_input(int c, int h, int w, bool nans)
{
    Tensor t(c, h, w);
    cv::Mat values = t.storage();
    cv::RNG(2019).fill(values, cv::RNG::UNIFORM, -1.f, 1.f);
    if (nans)
        for (int i = 0; i < 4; ++i)
            t.at(i % c, (i * 5 + 1) % h, (i * 7 + 2) % w) = kNan;
    return t;
}

// Coarse values, so that shifted windows often agree: a smooth ramp of steps.
Tensor stepped_input(int c, int h, int w)
{
    Tensor t(c, h, w);
    for (int ch = 0; ch < c; ++ch)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                t.at(ch, y, x) = float((x / 3 + y / 4 + ch) % 5) - 2.f;
    return t;
}

struct Case {
    std::string name;
    PoolSpec spec;
    ShiftSweep sweep;
    bool nans = false;
    bool stepped = false;
};

void PrintTo(const Case& c, std::ostream* os)
{
    *os << c.name;
}

std::vector<Case> cases()
{
    std::vector<Case> v;
    const std::pair<ShiftAxis, const char*> axes[] = {
        {ShiftAxis::X, "x"}, {ShiftAxis::Y, "y"}, {ShiftAxis::XY, "xy"}};
    struct Window {
        int k, s, p;
    };
    for (const auto& [axis, axis_name] : axes)
        for (PoolOp op : {PoolOp::Max, PoolOp::Avg})
            for (Window g : {Window{2, 2, 0}, Window{3, 2, 1}, Window{3, 1, 0}, Window{4, 3, 2}})
                for (double tolerance : {0.0, 0.25}) {
                    Case c;
                    c.name = std::string(pool_op_name(op)) + "_k" + std::to_string(g.k) + "s" +
                             std::to_string(g.s) + "p" + std::to_string(g.p) + "_" + axis_name +
                             (tolerance > 0 ? "_tol" : "");
                    c.spec = test::square_pool(op, g.k, g.s, g.p);
                    c.sweep = {axis, 5, tolerance};
                    c.stepped = tolerance > 0;
                    v.push_back(c);
                }

    Case ceil{"max_k3s2_ceil_dilated_xy", test::square_pool(PoolOp::Max, 3, 2), {ShiftAxis::XY, 4, 0.0}};
    ceil.spec.ceil_mode = true;
    ceil.spec.dilation = {2, 2};
    v.push_back(ceil);
    Case exclude{"avg_k3s2p1_exclude_pad_x", test::square_pool(PoolOp::Avg, 3, 2, 1), {ShiftAxis::X, 6, 0.0}};
    exclude.spec.count_include_pad = false;
    v.push_back(exclude);
    v.push_back({"max_nans_x", test::square_pool(PoolOp::Max, 2, 2), {ShiftAxis::X, 3, 0.0}, true});
    v.push_back({"max_nans_tol_xy", test::square_pool(PoolOp::Max, 3, 1), {ShiftAxis::XY, 3, 0.5}, true});
    v.push_back({"max_no_shift", test::square_pool(PoolOp::Max, 2, 2), {ShiftAxis::X, 0, 0.0}});

    // The other ops: pool() of the copied crops.
    v.push_back({"min_k3s2p1_y", test::square_pool(PoolOp::Min, 3, 2, 1), {ShiftAxis::Y, 4, 0.0}});
    Case lp{"lp2_k2s2_x", test::square_pool(PoolOp::Lp, 2, 2), {ShiftAxis::X, 4, 0.0}};
    lp.spec.norm_type = 2.0;
    v.push_back(lp);
    Case mixed{"mixed_k3s2p1_xy", test::square_pool(PoolOp::Mixed, 3, 2, 1), {ShiftAxis::XY, 3, 0.01}};
    mixed.spec.alpha = 0.3;
    v.push_back(mixed);
    for (bool train : {false, true}) {
        Case stochastic{train ? "stochastic_train_x" : "stochastic_eval_x",
                        test::square_pool(PoolOp::Stochastic, 2, 2),
                        {ShiftAxis::X, 5, 0.0}};
        stochastic.spec.train = train;
        stochastic.spec.seed = 42;
        v.push_back(stochastic);
    }
    v.push_back({"softpool_k3s2p1_y", test::square_pool(PoolOp::SoftPool, 3, 2, 1), {ShiftAxis::Y, 4, 0.0}});
    Case blur{"blurpool_k2s2_xy", test::square_pool(PoolOp::BlurPool, 2, 2), {ShiftAxis::XY, 5, 0.0}};
    blur.spec.blur_size = 4;
    v.push_back(blur);
    Case fractional{"fractional_max_x", {}, {ShiftAxis::X, 3, 0.0}};
    fractional.spec.op = PoolOp::FractionalMax;
    fractional.spec.kernel = {2, 2};
    fractional.spec.output_size = Size2{6, 7};
    fractional.spec.seed = 7;
    v.push_back(fractional);
    Case adaptive{"adaptive_avg_y", {}, {ShiftAxis::Y, 4, 0.0}};
    adaptive.spec.op = PoolOp::AdaptiveAvg;
    adaptive.spec.output_size = Size2{4, 5};
    v.push_back(adaptive);
    Case global{"global_max_xy", {}, {ShiftAxis::XY, 6, 0.0}};
    global.spec.op = PoolOp::GlobalMax;
    v.push_back(global);
    v.push_back({"tf_same_max_k3s2_x",
                 test::square_pool(PoolOp::Max, 3, 2),
                 {ShiftAxis::X, 4, 0.0, Convention::TfSame}});
    v.push_back({"caffe_avg_k3s2p1_xy",
                 test::square_pool(PoolOp::Avg, 3, 2, 1),
                 {ShiftAxis::XY, 3, 0.0, Convention::Caffe}});
    return v;
}

class InvarianceDefinition : public ::testing::TestWithParam<Case> {};

TEST_P(InvarianceDefinition, MatchesTheDirectComputation)
{
    const Case& c = GetParam();
    const Tensor x = c.stepped ? stepped_input(3, 17, 19) : random_input(3, 17, 19, c.nans);
    const InvarianceResult r = measure_invariance(x, c.spec, c.sweep);

    const Tensor first = pooled(crop(x, c.sweep.axis, c.sweep.max_shift, 0), c.spec, c.sweep.convention);
    const Tensor view = crop(x, c.sweep.axis, c.sweep.max_shift, 0);
    EXPECT_EQ(r.channels, 3);
    EXPECT_EQ(r.view, (Size2{view.height(), view.width()}));
    EXPECT_EQ(r.output, (Size2{first.height(), first.width()}));
    ASSERT_EQ(r.shifts.size(), std::size_t(c.sweep.max_shift) + 1);
    for (int d = 0; d <= c.sweep.max_shift; ++d) {
        SCOPED_TRACE("shift " + std::to_string(d));
        const Tensor shifted =
            pooled(crop(x, c.sweep.axis, c.sweep.max_shift, d), c.spec, c.sweep.convention);
        const ShiftComparison& s = r.shifts[std::size_t(d)];
        EXPECT_EQ(s.shift, d);
        EXPECT_EQ(s.equal_fraction, direct_equal_fraction(shifted, first, c.sweep.tolerance));
        const double cosine = direct_cosine(shifted, first);
        if (std::isnan(cosine))
            EXPECT_TRUE(std::isnan(s.cosine)) << s.cosine;
        else
            EXPECT_NEAR(s.cosine, cosine, 1e-12);
    }
    EXPECT_EQ(r.shifts[0].equal_fraction, 1.0);
}

INSTANTIATE_TEST_SUITE_P(Grid, InvarianceDefinition, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

// The sweep's own figures: some cells change and some stay (else the grid tests
// would compare nothing but ones).
TEST(Invariance, TheGridSeesBothChangeAndStillness)
{
    const Tensor x = stepped_input(3, 17, 19);
    const InvarianceResult r =
        measure_invariance(x, test::square_pool(PoolOp::Max, 2, 2), {ShiftAxis::X, 5, 0.0});
    EXPECT_GT(r.shifts[1].equal_fraction, 0.0);
    EXPECT_LT(r.shifts[1].equal_fraction, 1.0);
}

TEST(Invariance, TheSameBitsForAnyThreadCount)
{
    const Tensor x = random_input(8, 64, 72, false);
    const PoolSpec spec = test::square_pool(PoolOp::Avg, 3, 2, 1);
    const ShiftSweep sweep{ShiftAxis::XY, 7, 0.0};
    const InvarianceResult one = measure_invariance(x, spec, sweep, 1);
    const InvarianceResult two = measure_invariance(x, spec, sweep, 2);
    for (std::size_t d = 0; d < one.shifts.size(); ++d) {
        EXPECT_EQ(one.shifts[d].equal_fraction, two.shifts[d].equal_fraction);
        EXPECT_EQ(one.shifts[d].cosine, two.shifts[d].cosine);
    }
}

TEST(Invariance, RefusesWhatItCannotMeasure)
{
    const Tensor x = random_input(1, 8, 10, false);
    const PoolSpec max2 = test::square_pool(PoolOp::Max, 2, 2);
    EXPECT_THROW(measure_invariance(x, max2, {ShiftAxis::X, -1, 0.0}), ParamError);
    EXPECT_THROW(measure_invariance(x, max2, {ShiftAxis::X, 10, 0.0}), ParamError);
    EXPECT_NO_THROW(measure_invariance(x, max2, {ShiftAxis::X, 8, 0.0})); // a view 8 x 2
    EXPECT_THROW(measure_invariance(x, max2, {ShiftAxis::Y, 8, 0.0}), ParamError);
    EXPECT_THROW(measure_invariance(x, max2, {ShiftAxis::XY, 8, 0.0}), ParamError);
    EXPECT_THROW(measure_invariance(x, max2, {ShiftAxis::X, 1, -0.5}), ParamError);
    EXPECT_THROW(measure_invariance(x, max2, {ShiftAxis::X, 1, std::nan("")}), ParamError);
    EXPECT_THROW(measure_invariance(Tensor(), max2, {ShiftAxis::X, 0, 0.0}), ParamError);
    // A kernel the input admits and its views do not: the message names the views' size.
    try {
        measure_invariance(x, test::square_pool(PoolOp::Max, 5, 1), {ShiftAxis::X, 6, 0.0});
        ADD_FAILURE() << "no error";
    } catch (const ParamError& e) {
        EXPECT_NE(std::string(e.what()).find("8x4"), std::string::npos) << e.what();
    }
    try {
        measure_invariance(x, max2, {ShiftAxis::X, 10, 0.0});
    } catch (const ParamError& e) {
        EXPECT_NE(std::string(e.what()).find("at most 9"), std::string::npos) << e.what();
    }
}

TEST(MapSimilarity, DefinesTheEdgeCases)
{
    Tensor zero(2, 3, 4), also_zero(2, 3, 4), ones(2, 3, 4);
    std::fill_n(ones.data(), ones.size(), 1.f);
    EXPECT_EQ(cosine_similarity(zero, also_zero), 1.0);
    EXPECT_EQ(cosine_similarity(zero, ones), 0.0);
    EXPECT_EQ(cosine_similarity(ones, zero), 0.0);
    Tensor negative = ones.clone();
    std::fill_n(negative.data(), negative.size(), -3.f);
    EXPECT_EQ(cosine_similarity(ones, negative), -1.0);

    const Tensor x = random_input(3, 11, 13, false);
    EXPECT_EQ(cosine_similarity(x, x), 1.0); // exactly, not within an ulp
    EXPECT_EQ(equal_fraction(x, x), 1.0);

    Tensor with_nan = x.clone();
    with_nan.at(1, 2, 3) = kNan;
    EXPECT_TRUE(std::isnan(cosine_similarity(with_nan, with_nan)));
    EXPECT_EQ(equal_fraction(with_nan, with_nan), 1.0);                 // NaN equals NaN
    EXPECT_EQ(equal_fraction(with_nan, x, 10.0), 1.0 - 1.0 / x.size()); // and nothing else
    Tensor with_inf = x.clone();
    with_inf.at(0, 0, 0) = std::numeric_limits<float>::infinity();
    EXPECT_TRUE(std::isnan(cosine_similarity(with_inf, x)));
    EXPECT_EQ(equal_fraction(with_inf, with_inf), 1.0);

    Tensor nudged = x.clone();
    nudged.at(2, 10, 12) += 0.125f;
    EXPECT_EQ(equal_fraction(nudged, x), 1.0 - 1.0 / x.size());
    EXPECT_EQ(equal_fraction(nudged, x, 0.125), 1.0);
    EXPECT_EQ(equal_fraction(nudged, x, 0.124), 1.0 - 1.0 / x.size());

    EXPECT_THROW(cosine_similarity(x, Tensor(3, 11, 12)), ParamError);
    EXPECT_THROW(equal_fraction(x, Tensor(2, 11, 13)), ParamError);
    EXPECT_THROW(equal_fraction(x, x, -1.0), ParamError);
}

Tensor checkerboard()
{
    for (const Sample& s : samples())
        if (s.name == "checkerboard")
            return decode_image(std::vector<unsigned char>(s.png.begin(), s.png.end()));
    ADD_FAILURE() << "no checkerboard sample";
    return {};
}

PoolSpec blurpool_k2s2()
{
    PoolSpec spec = test::square_pool(PoolOp::BlurPool, 2, 2);
    spec.blur_size = 3;
    return spec;
}

double min_cosine(const InvarianceResult& r)
{
    double m = 1;
    for (const ShiftComparison& s : r.shifts)
        m = std::min(m, s.cosine);
    return m;
}

// The largest change of the cosine from one shift to the next.
double largest_cosine_step(const InvarianceResult& r)
{
    double m = 0;
    for (std::size_t d = 1; d < r.shifts.size(); ++d)
        m = std::max(m, std::fabs(r.shifts[d].cosine - r.shifts[d - 1].cosine));
    return m;
}

class Checkerboard : public ::testing::TestWithParam<ShiftAxis> {};

// The claim that max pooling at k2 s2 is unchanged by even shifts does not hold
// cell by cell: a shift by 2 moves its output by one whole cell (equivariance, not
// invariance), so no shift from 1 to 16 leaves every cell as it was. What holds is
// that max keeps more cells than avg or BlurPool after a one-pixel shift.
TEST_P(Checkerboard, MaxKeepsTheMostCellsAfterOnePixelYetNoShiftLeavesItUnchanged)
{
    const Tensor board = checkerboard();
    const ShiftSweep sweep{GetParam(), 16, 0.0};
    const InvarianceResult max = measure_invariance(board, test::square_pool(PoolOp::Max, 2, 2), sweep);
    const InvarianceResult avg = measure_invariance(board, test::square_pool(PoolOp::Avg, 2, 2), sweep);
    const InvarianceResult blur = measure_invariance(board, blurpool_k2s2(), sweep);
    for (int d = 1; d <= 16; ++d)
        EXPECT_LT(max.shifts[std::size_t(d)].equal_fraction, 1.0) << "shift " << d;
    EXPECT_GT(max.shifts[1].equal_fraction, 0.8);
    EXPECT_GT(max.shifts[1].equal_fraction, avg.shifts[1].equal_fraction);
    EXPECT_GT(max.shifts[1].equal_fraction, blur.shifts[1].equal_fraction);
}

// BlurPool (Zhang 2019) smooths the curve: over shifts 0..16 its cosine never falls
// as low as max's, and never moves as far from one shift to the next.
TEST_P(Checkerboard, BlurPoolsCosineCurveIsSmootherThanMaxs)
{
    const Tensor board = checkerboard();
    const ShiftSweep sweep{GetParam(), 16, 0.0};
    const InvarianceResult max = measure_invariance(board, test::square_pool(PoolOp::Max, 2, 2), sweep);
    const InvarianceResult blur = measure_invariance(board, blurpool_k2s2(), sweep);
    EXPECT_GT(min_cosine(blur), min_cosine(max) + 0.1);
    EXPECT_LT(largest_cosine_step(blur), largest_cosine_step(max));
    EXPECT_GT(blur.shifts[1].cosine, max.shifts[1].cosine);
}

INSTANTIATE_TEST_SUITE_P(Axes, Checkerboard, ::testing::Values(ShiftAxis::X, ShiftAxis::Y, ShiftAxis::XY),
                         [](const ::testing::TestParamInfo<ShiftAxis>& info) {
                             return std::string(shift_axis_name(info.param));
                         });

// What even shifts do keep: at a multiple of the stride, max k2 s2 of the shifted
// view is the first view's output moved by d / 2 cells, where both have the cell.
TEST(CheckerboardMax, AnEvenShiftMovesMaxsOutputByWholeCells)
{
    const Tensor board = checkerboard();
    const PoolSpec max = test::square_pool(PoolOp::Max, 2, 2);
    const Tensor first = pool(crop(board, ShiftAxis::X, 16, 0), max).output;
    for (int d = 2; d <= 16; d += 2) {
        const Tensor shifted = pool(crop(board, ShiftAxis::X, 16, d), max).output;
        for (int y = 0; y < first.height(); ++y)
            for (int x = 0; x + d / 2 < first.width(); ++x)
                ASSERT_EQ(shifted.at(0, y, x), first.at(0, y, x + d / 2)) << d << " " << y << " " << x;
    }
}

TEST(ShiftAxis, NamesRoundTrip)
{
    for (ShiftAxis a : {ShiftAxis::X, ShiftAxis::Y, ShiftAxis::XY})
        EXPECT_EQ(parse_shift_axis(shift_axis_name(a)), a);
    EXPECT_FALSE(parse_shift_axis("z"));
}

} // namespace
} // namespace poolscope::testing
