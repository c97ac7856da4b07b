// Exercises: the same seed makes the same problem, every problem lies within the
// stated ranges and is valid, and its computed answer is the definition's.
#include <algorithm>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "core/exercise/exercise.h"
#include "core/shape/pool_shape.h"

using namespace poolscope;

namespace {

constexpr int kSeeds = 2000;

// PyTorch's output size, from the definition (ceil_mode drops a last window
// that would start in the right padding).
int outputSize(int in, int k, int s, int p, bool ceil)
{
    int out = (in + 2 * p - k + (ceil ? s - 1 : 0)) / s + 1;
    if (ceil && (out - 1) * s >= in + p)
        --out;
    return out;
}

// One output cell from the definition: max over the taps inside the input
// (padding is -inf), or avg with PyTorch's divisor (the window clipped to the
// padded input when count_include_pad, to the input otherwise).
double direct(const Exercise& e, int oy, int ox)
{
    const int k = e.spec.kernel.h, s = e.spec.effective_stride().h, p = e.spec.padding.h;
    const int y0 = oy * s - p, x0 = ox * s - p;
    const int y1 = std::min(y0 + k, e.height + p), x1 = std::min(x0 + k, e.width + p);
    const int padded = (y1 - y0) * (x1 - x0);
    double sum = 0, best = -std::numeric_limits<double>::infinity();
    int inside = 0;
    for (int y = std::max(y0, 0); y < std::min(y1, e.height); ++y) {
        for (int x = std::max(x0, 0); x < std::min(x1, e.width); ++x) {
            const double v = e.tenthsAt(y, x) / 10.0;
            sum += v;
            best = std::max(best, v);
            ++inside;
        }
    }
    if (e.spec.op == PoolOp::Max)
        return best;
    return sum / (e.spec.count_include_pad ? padded : inside);
}

} // namespace

TEST(Exercise, SameSeedSameExercise)
{
    for (std::uint64_t seed : {0ull, 1ull, 42ull, 0xfeedfacecafebeefull}) {
        const Exercise a = make_exercise(seed), b = make_exercise(seed);
        EXPECT_EQ(a.height, b.height);
        EXPECT_EQ(a.width, b.width);
        EXPECT_EQ(a.tenths, b.tenths);
        EXPECT_EQ(a.spec, b.spec);
    }
    const auto s1 = make_sheet(7, 8), s2 = make_sheet(7, 8);
    ASSERT_EQ(s1.size(), 8u);
    for (std::size_t i = 0; i < s1.size(); ++i) {
        EXPECT_EQ(s1[i].tenths, s2[i].tenths);
        EXPECT_EQ(s1[i].spec, s2[i].spec);
    }
}

// The generator's own mapping, not the standard library's distributions: seed 1
// is this problem with every standard library, so a printed seed makes the same sheet.
TEST(Exercise, SeedGivesTheSameProblemEverywhere)
{
    const Exercise e = make_exercise(1);
    EXPECT_EQ(e.height, 4);
    EXPECT_EQ(e.width, 7);
    EXPECT_EQ(e.spec.op, PoolOp::Max);
    EXPECT_EQ(e.spec.kernel, square(2));
    EXPECT_EQ(e.spec.stride, square(3));
    EXPECT_EQ(e.spec.padding, square(1));
    EXPECT_TRUE(e.spec.ceil_mode);
    EXPECT_EQ(std::vector<int>(e.tenths.begin(), e.tenths.begin() + 6),
              (std::vector<int>{80, 33, 69, 10, 23, 0}));
    EXPECT_NE(make_exercise(2).tenths, e.tenths);
}

TEST(Exercise, EveryExerciseWithinTheRangesAndValid)
{
    bool sawMax = false, sawAvg = false, sawCeil = false, sawPad = false, sawExcludePad = false;
    for (int seed = 0; seed < kSeeds; ++seed) {
        const Exercise e = make_exercise(std::uint64_t(seed));
        SCOPED_TRACE(seed);
        EXPECT_GE(e.height, 4);
        EXPECT_LE(e.height, 8);
        EXPECT_GE(e.width, 4);
        EXPECT_LE(e.width, 8);
        ASSERT_EQ(e.tenths.size(), std::size_t(e.height * e.width));
        for (int t : e.tenths) {
            EXPECT_GE(t, 0);
            EXPECT_LE(t, 99);
        }
        ASSERT_TRUE(e.spec.op == PoolOp::Max || e.spec.op == PoolOp::Avg);
        const int k = e.spec.kernel.h;
        EXPECT_EQ(e.spec.kernel.w, k);
        EXPECT_GE(k, 2);
        EXPECT_LE(k, 3);
        ASSERT_TRUE(e.spec.stride.has_value());
        EXPECT_GE(e.spec.stride->h, 1);
        EXPECT_LE(e.spec.stride->h, 3);
        EXPECT_GE(e.spec.padding.h, 0);
        EXPECT_LE(e.spec.padding.h, k / 2);
        EXPECT_EQ(e.spec.dilation, (Size2{1, 1}));
        if (e.spec.op == PoolOp::Max) {
            EXPECT_TRUE(e.spec.count_include_pad); // PyTorch's default, not printed
        }
        EXPECT_NO_THROW(resolve_geometry(e.spec, e.height, e.width));
        const int oh = outputSize(e.height, k, e.spec.stride->h, e.spec.padding.h, e.spec.ceil_mode);
        const int ow = outputSize(e.width, k, e.spec.stride->w, e.spec.padding.w, e.spec.ceil_mode);
        EXPECT_GE(oh, 1);
        EXPECT_LE(oh, 4);
        EXPECT_GE(ow, 1);
        EXPECT_LE(ow, 4);
        // Every value has one decimal: the input is tenths / 10 exactly as a float.
        const Tensor in = exercise_input(e);
        for (int y = 0; y < e.height; ++y)
            for (int x = 0; x < e.width; ++x)
                EXPECT_EQ(in.at(0, y, x), float(e.tenthsAt(y, x)) / 10.f);
        sawMax |= e.spec.op == PoolOp::Max;
        sawAvg |= e.spec.op == PoolOp::Avg;
        sawCeil |= e.spec.ceil_mode;
        sawPad |= e.spec.padding.h > 0;
        sawExcludePad |= e.spec.op == PoolOp::Avg && !e.spec.count_include_pad && e.spec.padding.h > 0;
    }
    // The draws reach every kind of problem.
    EXPECT_TRUE(sawMax && sawAvg && sawCeil && sawPad && sawExcludePad);
}

TEST(Exercise, AnswerIsTheDefinition)
{
    for (int seed = 0; seed < kSeeds; ++seed) {
        const Exercise e = make_exercise(std::uint64_t(seed));
        SCOPED_TRACE(seed);
        const Tensor answer = exercise_answer(e);
        const int k = e.spec.kernel.h, s = e.spec.stride->h, p = e.spec.padding.h;
        ASSERT_EQ(answer.channels(), 1);
        ASSERT_EQ(answer.height(), outputSize(e.height, k, s, p, e.spec.ceil_mode));
        ASSERT_EQ(answer.width(), outputSize(e.width, k, s, p, e.spec.ceil_mode));
        for (int y = 0; y < answer.height(); ++y) {
            for (int x = 0; x < answer.width(); ++x) {
                const double want = direct(e, y, x);
                if (e.spec.op == PoolOp::Max)
                    EXPECT_EQ(answer.at(0, y, x), float(want)) << y << "," << x;
                else // summed in float by the core
                    EXPECT_NEAR(answer.at(0, y, x), want, 1e-5) << y << "," << x;
            }
        }
    }
}

TEST(Exercise, SheetHasNProblems)
{
    EXPECT_EQ(make_sheet(3, 40).size(), 40u);
    EXPECT_TRUE(make_sheet(3, 0).empty());
    // Different problems on one sheet.
    const auto sheet = make_sheet(3, 2);
    EXPECT_NE(sheet[0].tenths, sheet[1].tenths);
}
