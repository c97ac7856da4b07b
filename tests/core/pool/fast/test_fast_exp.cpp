// SoftPool's e^x (core/fast_exp.h, core/exp_lanes.h): within 2 ulp of the exact
// value over its whole range, the documented answers outside it, its table of
// 2^(j/8) correctly rounded, and every vector form giving the scalar's bits on rows
// of every length, so a window's weights never depend on where it sits in a row.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/pool/fast/exp_constants.h"
#include "core/pool/fast/fast_exp.h"
#include "core/x86/cpu_features.h"
#if defined(__x86_64__)
#include "core/x86/softpool_avx512.h"
#include "core/x86/softpool_rows_avx2.h"
#endif

namespace poolscope::testing {
namespace {

using detail::exp_f;
namespace ec = detail::exp_constants;

// |got - e^x| in units of the float spacing at e^x, e^x taken in double.
double ulp_error(float x, float got)
{
    const double want = std::exp(double(x));
    const float w = float(want);
    const double ulp = double(std::nextafter(w, std::numeric_limits<float>::infinity())) - double(w);
    return std::abs(double(got) - want) / ulp;
}

TEST(FastExp, Within2UlpOverTheWholeRange)
{
    double worst = 0;
    float worst_x = 0;
    auto check = [&](float x) {
        const double err = ulp_error(x, exp_f(x));
        if (err > worst) {
            worst = err;
            worst_x = x;
        }
    };
    // An even sweep, then the edges of every reduction interval (x near k ln2 / 16,
    // where round() flips n and r is at its largest), then random bit patterns.
    constexpr int kSteps = 2'000'000;
    for (int i = 0; i <= kSteps; ++i)
        check(ec::kLow + (ec::kHigh - ec::kLow) * float(i) / kSteps);
    for (int k = -2010; k <= 2032; ++k) {
        float x = float(k * std::log(2.0) / 16);
        for (int s = 0; s < 8 && x <= ec::kHigh; ++s, x = std::nextafter(x, 1e9f))
            if (x >= ec::kLow)
                check(x);
    }
    std::mt19937 rng(12345);
    std::uniform_real_distribution<float> any(ec::kLow, ec::kHigh);
    for (int i = 0; i < 1'000'000; ++i)
        check(any(rng));
    // Tiny arguments, where e^x is 1 + x and rounding is all there is.
    for (float x = 1e-30f; x < 1e-3f; x *= 1.37f) {
        check(x);
        check(-x);
    }
    EXPECT_LE(worst, 2.0) << "at x = " << worst_x;
    EXPECT_EQ(exp_f(0.f), 1.f);
    EXPECT_EQ(exp_f(-0.f), 1.f);
}

TEST(FastExp, OutsideTheRange)
{
    const float inf = std::numeric_limits<float>::infinity();
    EXPECT_TRUE(std::isnan(exp_f(std::numeric_limits<float>::quiet_NaN())));
    EXPECT_EQ(exp_f(-inf), 0.f);
    EXPECT_EQ(exp_f(inf), inf);
    EXPECT_EQ(exp_f(std::nextafter(ec::kLow, -inf)), 0.f);
    EXPECT_EQ(exp_f(-1000.f), 0.f);
    EXPECT_EQ(exp_f(std::nextafter(ec::kHigh, inf)), inf);
    EXPECT_EQ(exp_f(1000.f), inf);
    // The range's own ends are in it, as normal floats.
    EXPECT_EQ(std::fpclassify(exp_f(ec::kLow)), FP_NORMAL);
    EXPECT_EQ(std::fpclassify(exp_f(ec::kHigh)), FP_NORMAL);
    EXPECT_LE(ulp_error(ec::kLow, exp_f(ec::kLow)), 2.0);
    EXPECT_LE(ulp_error(ec::kHigh, exp_f(ec::kHigh)), 2.0);
}

TEST(FastExp, TableHoldsCorrectlyRoundedEighthPowersOfTwo)
{
    for (int j = 0; j < 8; ++j) {
        const float want = float(std::exp2(j / 8.0));
        EXPECT_EQ(std::bit_cast<float>(ec::kPow2Eighths[j]), want) << "j = " << j;
        EXPECT_EQ(ec::kPow2Eighths[j + 8], ec::kPow2Eighths[j]) << "j = " << j;
    }
}

// A row whose values minus the shift spread over the whole range, ends included.
std::vector<float> row_in_range(int n, float shift, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(ec::kLow, ec::kHigh);
    std::vector<float> src(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        src[std::size_t(i)] = (i % 11 == 3 ? (i % 2 ? ec::kLow : ec::kHigh) : d(rng)) + shift;
    // The sum may round past an end; pull it back.
    for (float& v : src)
        while (v - shift > ec::kHigh)
            v = std::nextafter(v, -1e30f);
    for (float& v : src)
        while (v - shift < ec::kLow)
            v = std::nextafter(v, 1e30f);
    return src;
}

// The row function writes exp_f(src - shift) and its product with src, bit for
// bit, at every i below the count it reports.
using RowFn = int (*)(const float*, float, float*, float*, int);

void expect_rows_match_scalar(RowFn fn, int lanes)
{
    for (const float shift : {0.f, 3.5f, -20.25f}) {
        for (int n = 0; n <= 5 * lanes + 3; ++n) {
            const auto src = row_in_range(n, shift, std::uint32_t(n * 7 + 1));
            std::vector<float> e(std::size_t(n) + 1, -1.f), ex(std::size_t(n) + 1, -1.f);
            const int done = fn(src.data(), shift, e.data(), ex.data(), n);
            ASSERT_EQ(done, lanes ? n - n % lanes : n) << "n = " << n;
            for (int i = 0; i < done; ++i) {
                const float want = exp_f(src[std::size_t(i)] - shift);
                ASSERT_EQ(std::bit_cast<std::uint32_t>(e[std::size_t(i)]), std::bit_cast<std::uint32_t>(want))
                    << "n = " << n << ", i = " << i << ", x = " << src[std::size_t(i)] - shift;
                ASSERT_EQ(std::bit_cast<std::uint32_t>(ex[std::size_t(i)]),
                          std::bit_cast<std::uint32_t>(want * src[std::size_t(i)]))
                    << "n = " << n << ", i = " << i;
            }
            EXPECT_EQ(e[std::size_t(n)], -1.f) << "wrote past the row, n = " << n;
            EXPECT_EQ(ex[std::size_t(n)], -1.f) << "wrote past the row, n = " << n;
        }
    }
}

TEST(FastExp, PortableRowsGiveTheScalarBits)
{
    expect_rows_match_scalar(
        [](const float* src, float shift, float* e, float* ex, int n) {
            detail::exp_row_in_range(src, shift, e, ex, n);
            return n;
        },
        0);
}

#if defined(__x86_64__)
TEST(FastExp, Avx2RowsGiveTheScalarBits)
{
    if (!detail::cpu_has_avx2())
        GTEST_SKIP() << "no AVX2 on this processor";
    expect_rows_match_scalar(detail::softpool_rows_avx2, 8);
}

TEST(FastExp, Avx512RowsGiveTheScalarBits)
{
    if (!detail::cpu_has_avx512())
        GTEST_SKIP() << "no AVX-512F on this processor";
    expect_rows_match_scalar(detail::softpool_rows_avx512, 16);
}
#endif

} // namespace
} // namespace poolscope::testing
