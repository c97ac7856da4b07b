// The fast pooling kernels against the per-cell definition they replace, bit for
// bit: every sliding op over random kernels, strides, paddings, dilations and
// ceil modes, on inputs of many widths (every vector remainder) and heights
// (stripes and row strips of every length), with NaN, infinities, signed zeros,
// subnormals and ties. Large average windows too: their running sums restart at
// fixed output rows, so the per-cell definition reproduces them (core/window_sums.h).
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <opencv2/core/utility.hpp>

#include "core/pool/fast/lanes.h"
#include "core/pool/fast/window_sums.h"
#include "core/pool/pool_adaptive.h"
#include "core/pool/pool_ops.h"
#include "core/pool/pool_sliding.h"
#include "core/pool/window_trace.h"
#include "core/shape/pool_shape.h"
#include "core/tensor/errors.h"
#include "core/x86/cpu_features.h"
#include "tests/core/parity/parity_support.h"

namespace poolscope::testing {
namespace {

// Values from a small set, so windows are full of ties, with every special float.
// Signed throughout: LP's windows then have p-sums of either sign (negative results
// at p = 1, NaN at odd and fractional p), and the smallest subnormal makes averages
// that round to -0 (which LP turns into +0).
Tensor special_input(int c, int h, int w, std::uint64_t seed, bool specials)
{
    static const float kValues[] = {
        -1.f, 0.f,  -0.f,   1.f,    2.f,     0.5f, -0.f,
        0.f,  2.f,  -3.25f, 1e-40f, -1e-40f, 7.f,  -std::numeric_limits<float>::denorm_min(),
        1.f,  -1.f,
    };
    constexpr float kSpecials[] = {
        std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::quiet_NaN(),
        std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()};
    Tensor t(c, h, w);
    for (int ch = 0; ch < c; ++ch)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const std::uint64_t r = mix(seed, ch, y, x);
                float v = kValues[r % 16];
                if ((r >> 8) % 4 == 0)
                    v = float(double((r >> 16) % 20001) / 10000.0 - 1.0); // smooth, few ties
                if (specials && (r >> 40) % 23 == 0)
                    v = kSpecials[(r >> 48) % 4];
                t.at(ch, y, x) = v;
            }
    return t;
}

// Bit for bit (signed zeros apart; any NaN for a NaN, as no CPU promises which NaN
// an invalid operation returns), or within rel * |expected| + abs when a tolerance
// is given.
std::string first_difference(const Tensor& got, const Tensor& want, double rel = 0, double abs = 0)
{
    for (int c = 0; c < want.channels(); ++c)
        for (int y = 0; y < want.height(); ++y)
            for (int x = 0; x < want.width(); ++x) {
                const float g = got.at(c, y, x), e = want.at(c, y, x);
                const bool same = rel > 0
                                      ? (std::isnan(g) && std::isnan(e)) || g == e ||
                                            std::abs(double(g) - double(e)) <= rel * std::abs(double(e)) + abs
                                      : std::bit_cast<std::uint32_t>(g) == std::bit_cast<std::uint32_t>(e) ||
                                            (std::isnan(g) && std::isnan(e));
                if (!same) {
                    std::ostringstream s;
                    s.precision(9);
                    s << "at (" << c << ", " << y << ", " << x << "): got " << g << " (0x" << std::hex
                      << std::bit_cast<std::uint32_t>(g) << "), expected " << std::dec << e << " (0x"
                      << std::hex << std::bit_cast<std::uint32_t>(e) << ")";
                    return s.str();
                }
            }
    return {};
}

struct OpCase {
    const char* name;
    PoolOp op;
    int max_kernel;
    void (*configure)(PoolSpec&, std::uint64_t h);
};

void PrintTo(const OpCase& c, std::ostream* os)
{
    *os << c.name;
}

void avg_divisor(PoolSpec& s, std::uint64_t h)
{
    s.count_include_pad = h % 2 == 0;
    constexpr int divisors[] = {1, 3, 7, -2};
    if ((h >> 1) % 4 == 0)
        s.divisor_override = divisors[(h >> 3) % 4];
}

const OpCase kOps[] = {
    {"max", PoolOp::Max, 17, [](PoolSpec&, std::uint64_t) {}},
    {"min", PoolOp::Min, 17, [](PoolSpec&, std::uint64_t) {}},
    {"max_large", PoolOp::Max, 40, [](PoolSpec&, std::uint64_t) {}},
    {"avg", PoolOp::Avg, 9, avg_divisor},
    {"avg_large", PoolOp::Avg, 31, avg_divisor},
    {"lp", PoolOp::Lp, 12,
     [](PoolSpec& s, std::uint64_t h) {
         constexpr double ps[] = {1, 2, 3, 0.5, 1.5};
         s.norm_type = ps[h % 5];
     }},
    {"mixed", PoolOp::Mixed, 12,
     [](PoolSpec& s, std::uint64_t h) {
         constexpr double alphas[] = {0, 0.3, 0.5, 1};
         s.alpha = alphas[h % 4];
         avg_divisor(s, h >> 2);
     }},
    {"stochastic_eval", PoolOp::Stochastic, 9,
     [](PoolSpec& s, std::uint64_t h) {
         s.train = false;
         s.seed = h;
     }},
    {"stochastic_train", PoolOp::Stochastic, 9,
     [](PoolSpec& s, std::uint64_t h) {
         s.train = true;
         s.seed = h;
     }},
    {"softpool", PoolOp::SoftPool, 9, [](PoolSpec&, std::uint64_t) {}},
};

std::string compare(const PoolResult& fast, const PoolResult& cells)
{
    return first_difference(fast.output, cells.output);
}

// Spec drawn from h; nullopt when the op refuses it on this input.
std::optional<PoolSpec> draw_spec(const OpCase& c, std::uint64_t h, int in_h, int in_w)
{
    const PoolOpTraits traits = pool_op_traits(c.op);
    PoolSpec s;
    s.op = c.op;
    const int small = int(h % 9) + 1;
    const int kh = (h >> 4) % 3 == 0 ? 1 + int((h >> 8) % std::uint64_t(c.max_kernel)) : small;
    const int kw = (h >> 12) % 4 == 0 ? 1 + int((h >> 14) % std::uint64_t(c.max_kernel)) : kh;
    s.kernel = {kh, kw};
    if ((h >> 20) % 5 != 0)
        s.stride = Size2{1 + int((h >> 22) % 4), 1 + int((h >> 25) % 4)};
    if (traits.padding)
        s.padding = {int((h >> 28) % std::uint64_t(kh / 2 + 1)), int((h >> 31) % std::uint64_t(kw / 2 + 1))};
    if (traits.dilation && (h >> 34) % 3 == 0)
        s.dilation = {1 + int((h >> 36) % 3), 1 + int((h >> 38) % 3)};
    s.ceil_mode = (h >> 40) % 2 == 0;
    c.configure(s, h >> 42);
    try {
        resolve_geometry(s, in_h, in_w);
    } catch (const ParamError&) {
        return std::nullopt;
    }
    return s;
}

class FastKernels : public ::testing::TestWithParam<OpCase> {};

// What LP's outputs held on inputs without NaN or infinities: the signed inputs must
// reach the windows PyTorch's formula treats apart from the literature's.
struct LpSeen {
    int negative = 0, nan = 0, zero = 0;
    void add(const Tensor& out)
    {
        for (std::size_t i = 0; i < out.size(); ++i) {
            const float v = out.data()[i];
            negative += v < 0.f;
            nan += std::isnan(v);
            zero += v == 0.f;
        }
    }
};

void check_small_inputs(const OpCase& c)
{
    int checked = 0;
    LpSeen lp;
    for (std::uint64_t config = 0; config < 700 && checked < 400; ++config) {
        const std::uint64_t h = mix(std::uint64_t(c.op), config, 0xfa57);
        const int channels = 1 + int(h % 3);
        const int in_h = 1 + int((h >> 3) % 45), in_w = 1 + int((h >> 9) % 71);
        const auto spec = draw_spec(c, mix(h, 1), in_h, in_w);
        if (!spec)
            continue;
        ++checked;
        const Tensor in = special_input(channels, in_h, in_w, h, (h >> 17) % 3 != 0);
        const PoolGeometry g = resolve_geometry(*spec, in_h, in_w);
        for (bool indices : {true, false}) {
            PoolResult fast, cells;
            detail::pool_sliding(in, *spec, g, PoolOptions{indices}, fast);
            detail::pool_sliding_cells(in, *spec, g, PoolOptions{indices}, cells);
            const std::string diff = compare(fast, cells);
            ASSERT_EQ(diff, "") << describe(*spec, in, Data::Special) << (indices ? " with" : " without")
                                << " indices";
            ASSERT_EQ(fast.indices.data, cells.indices.data) << describe(*spec, in, Data::Special);
            if (c.op == PoolOp::Lp && (h >> 17) % 3 == 0 && indices)
                lp.add(cells.output);
        }
    }
    EXPECT_GT(checked, 150);
    if (c.op == PoolOp::Lp) {
        EXPECT_GT(lp.negative, 0) << "no negative LP window (p = 1)";
        EXPECT_GT(lp.nan, 0) << "no LP window with a negative p-sum at an odd or fractional p";
        EXPECT_GT(lp.zero, 0);
    }
}

void check_large_inputs(const OpCase& c)
{
    for (std::uint64_t config = 0; config < 12; ++config) {
        const std::uint64_t h = mix(std::uint64_t(c.op), config, 0xb16);
        const auto spec = draw_spec(c, h, 157, 203);
        if (!spec)
            continue;
        const Tensor in = special_input(3, 157, 203, h, config % 2 == 0);
        const PoolGeometry g = resolve_geometry(*spec, 157, 203);
        PoolResult fast, cells;
        detail::pool_sliding(in, *spec, g, PoolOptions{}, fast);
        detail::pool_sliding_cells(in, *spec, g, PoolOptions{}, cells);
        ASSERT_EQ(compare(fast, cells), "") << describe(*spec, in, Data::Special);
        ASSERT_EQ(fast.indices.data, cells.indices.data) << describe(*spec, in, Data::Special);
    }
}

// Kernels for wider instruction sets off for the scope (core/cpu_features.h), so
// the portable ones run on any processor.
struct PortableKernelsOnly {
    PortableKernelsOnly() { cv::setUseOptimized(false); }
    ~PortableKernelsOnly() { cv::setUseOptimized(true); }
};

// At most the AVX2 kernels for the scope, where the processor has wider ones.
struct Avx2KernelsAtMost {
    Avx2KernelsAtMost() { detail::limit_kernel_width(detail::KernelWidth::Avx2); }
    ~Avx2KernelsAtMost() { detail::limit_kernel_width(detail::KernelWidth::Avx512); }
};

TEST_P(FastKernels, EqualTheCellDefinition)
{
    check_small_inputs(GetParam());
}

// Many stripes and threads on inputs larger than one stripe.
TEST_P(FastKernels, EqualTheCellDefinitionOnLargeInputs)
{
    check_large_inputs(GetParam());
}

// The same with the portable kernels, where the processor would choose wider ones.
TEST_P(FastKernels, PortableKernelsEqualTheCellDefinition)
{
    const PortableKernelsOnly portable;
    check_small_inputs(GetParam());
    check_large_inputs(GetParam());
}

// The same with the AVX2 kernels, where the processor would choose AVX-512 ones.
TEST_P(FastKernels, Avx2KernelsEqualTheCellDefinition)
{
    if (!detail::cpu_has_avx512())
        GTEST_SKIP() << "the processor has no AVX-512: the other tests run its widest kernels";
    const Avx2KernelsAtMost avx2;
    ASSERT_FALSE(detail::cpu_has_avx512());
    check_small_inputs(GetParam());
    check_large_inputs(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Pool, FastKernels, ::testing::ValuesIn(kOps),
                         [](const ::testing::TestParamInfo<OpCase>& info) { return info.param.name; });

} // namespace
} // namespace poolscope::testing

namespace poolscope::testing {
namespace {

PoolSpec max_k3s2()
{
    PoolSpec s;
    s.kernel = {3, 3};
    s.stride = Size2{2, 2};
    s.padding = {1, 1};
    return s;
}

TEST(PoolInto, ReusesItsOwnBufferAndGivesPoolsResult)
{
    const Tensor in = special_input(2, 33, 41, 7, true);
    PoolResult r;
    pool_into(in, max_k3s2(), r);
    const float* buffer = r.output.data();
    pool_into(in, max_k3s2(), r);
    EXPECT_EQ(r.output.data(), buffer);
    const PoolResult fresh = pool(in, max_k3s2());
    EXPECT_EQ(first_difference(r.output, fresh.output), "");
    EXPECT_EQ(r.indices.data, fresh.indices.data);
}

TEST(PoolInto, NeverWritesIntoABufferSomeoneElseHolds)
{
    const Tensor in = special_input(1, 20, 20, 8, false);
    PoolResult r = pool(in, max_k3s2());
    const Tensor held = r.output; // a view still showing the last result
    const Tensor before = held.clone();
    PoolSpec avg = max_k3s2();
    avg.op = PoolOp::Avg;
    pool_into(in, avg, r);
    EXPECT_NE(r.output.data(), held.data());
    EXPECT_EQ(first_difference(held, before), "");
}

TEST(PoolInto, NeverWritesOverItsInput)
{
    PoolResult r;
    r.output = special_input(1, 16, 16, 9, false);
    const Tensor copy = r.output.clone();
    PoolSpec same = max_k3s2();
    same.stride = Size2{1, 1}; // output shape equals the input's
    pool_into(r.output, same, r);
    EXPECT_EQ(first_difference(r.output, pool(copy, same).output), "");
}

TEST(PoolInto, DropsIndicesWhenNotAskedFor)
{
    const Tensor in = special_input(1, 16, 16, 10, false);
    PoolResult r = pool(in, max_k3s2());
    ASSERT_FALSE(r.indices.empty());
    pool_into(in, max_k3s2(), r, PoolOptions{false});
    EXPECT_TRUE(r.indices.empty());
}

} // namespace
} // namespace poolscope::testing

namespace poolscope::testing {
namespace {

// Large average windows: the same bits whatever the thread count (OpenCV's, or the
// op's own budget in PoolOptions), and a channel
// pooled alone (as the window recomputes one) gives what it gives among the others,
// and trace() reproduces every cell of a row that starts, ends or crosses a
// running-sum block.
TEST(FastKernels, LargeSumsAreTheSameWhateverTheThreadsOrChannels)
{
    const Tensor in = special_input(3, 301, 217, 12, false);
    const int threads = cv::getNumThreads();
    for (const PoolOp op : {PoolOp::Avg, PoolOp::Lp, PoolOp::Mixed}) {
        PoolSpec spec;
        spec.op = op;
        spec.kernel = {15, 9};
        spec.stride = Size2{1, 2};
        spec.padding = {7, 4};
        if (op == PoolOp::Lp)
            spec.padding = {0, 0};
        spec.norm_type = 2;
        spec.alpha = 0.3;
        cv::setNumThreads(1);
        const PoolResult one = pool(in, spec, PoolOptions{false});
        cv::setNumThreads(std::max(2, threads));
        const PoolResult many = pool(in, spec, PoolOptions{false});
        // The op's own budget: the calling thread alone, or at most two and three of OpenCV's.
        for (const int budget : {1, 2, 3}) {
            const PoolResult some = pool(in, spec, PoolOptions{.indices = false, .threads = budget});
            ASSERT_EQ(first_difference(some.output, one.output), "")
                << budget << " threads, " << describe(spec, in, Data::Special);
        }
        cv::setNumThreads(threads);
        ASSERT_EQ(first_difference(many.output, one.output), "") << describe(spec, in, Data::Special);
        for (int c = 0; c < in.channels(); ++c) {
            const PoolResult alone = pool(Tensor::fromPlanes({in.plane(c)}), spec, PoolOptions{false});
            for (int y = 0; y < alone.output.height(); ++y)
                for (int x = 0; x < alone.output.width(); ++x)
                    ASSERT_EQ(std::bit_cast<std::uint32_t>(alone.output.at(0, y, x)),
                              std::bit_cast<std::uint32_t>(one.output.at(c, y, x)))
                        << "channel " << c << " cell (" << y << ", " << x << ") "
                        << describe(spec, in, Data::Special);
        }
        for (const int oy : {0, detail::kSumBlockRows - 1, detail::kSumBlockRows,
                             2 * detail::kSumBlockRows + 5, one.output.height() - 1})
            for (int ox = 0; ox < one.output.width(); ox += 7) {
                const WindowTrace t = trace(in, spec, 2, oy, ox);
                ASSERT_EQ(std::bit_cast<std::uint32_t>(t.result),
                          std::bit_cast<std::uint32_t>(one.output.at(2, oy, ox)))
                    << "trace of (" << oy << ", " << ox << ") " << describe(spec, in, Data::Special);
            }
    }
}

// Outputs past detail::kStreamingBytes are written around the caches: the same
// values, whatever the row alignment (odd widths shift every row's start), from the
// direct kernels (3x3) and the separable ones (7x7).
TEST(FastKernels, LargeOutputsAreTheSame)
{
    for (const int width : {1448, 1451}) {
        const Tensor in = special_input(2, 1448, width, 11, false);
        for (const auto& [op, k] :
             {std::pair{PoolOp::Max, 3}, std::pair{PoolOp::Avg, 3}, std::pair{PoolOp::Min, 3},
              std::pair{PoolOp::Max, 7}, std::pair{PoolOp::Avg, 7}}) {
            PoolSpec spec;
            spec.op = op;
            spec.kernel = {k, k};
            spec.stride = Size2{1, 1};
            spec.padding = {k / 2, k / 2};
            const PoolGeometry g = resolve_geometry(spec, in.height(), in.width());
            ASSERT_GE(std::size_t(2) * g.out.h * g.out.w * sizeof(float), detail::kStreamingBytes);
            PoolResult fast, cells;
            detail::pool_sliding(in, spec, g, PoolOptions{false}, fast);
            detail::pool_sliding_cells(in, spec, g, PoolOptions{false}, cells);
            ASSERT_EQ(first_difference(fast.output, cells.output), "") << describe(spec, in, Data::Smooth);
        }
    }
}

// The small max and min windows (2x2 to 5x5 at stride 1 and 2) on rows of ties
// and signed zeros, with a few NaN and infinities placed so that most output rows
// take the NaN-free path and some are made again by PyTorch's rule, at widths on
// both sides of whole vectors; and past detail::kStreamingBytes, at widths whose
// rows do and do not fall on cache lines (only whole lines are streamed).
struct DirectCase {
    PoolOp op;
    int kernel, stride, pad;
};

void PrintTo(const DirectCase& c, std::ostream* os)
{
    *os << (c.op == PoolOp::Min ? "min" : "max") << " k" << c.kernel << " s" << c.stride << " p" << c.pad;
}

class DirectWindows : public ::testing::TestWithParam<DirectCase> {};

void place_specials(Tensor& t)
{
    const int h = t.height(), w = t.width();
    t.at(0, 5 % h, w / 2) = std::numeric_limits<float>::quiet_NaN();
    t.at(0, 9 % h, 3 % w) = std::numeric_limits<float>::infinity();
    t.at(t.channels() - 1, 20 % h, 0) = -std::numeric_limits<float>::quiet_NaN();
    t.at(t.channels() - 1, 21 % h, w - 1) = std::numeric_limits<float>::quiet_NaN();
    t.at(t.channels() - 1, 2 % h, w / 3) = -std::numeric_limits<float>::infinity();
}

PoolSpec direct_spec(const DirectCase& c)
{
    PoolSpec spec;
    spec.op = c.op;
    spec.kernel = {c.kernel, c.kernel};
    spec.stride = Size2{c.stride, c.stride};
    spec.padding = {c.pad, c.pad};
    return spec;
}

void check_direct(const DirectCase& c, const Tensor& in)
{
    const PoolSpec spec = direct_spec(c);
    const PoolGeometry g = resolve_geometry(spec, in.height(), in.width());
    PoolResult fast, cells;
    detail::pool_sliding(in, spec, g, PoolOptions{false}, fast);
    detail::pool_sliding_cells(in, spec, g, PoolOptions{false}, cells);
    ASSERT_EQ(first_difference(fast.output, cells.output), "") << describe(spec, in, Data::Special);
}

TEST_P(DirectWindows, EqualTheCellDefinitionWithNaNRows)
{
    for (const int width : {7, 16, 17, 18, 19, 33, 40, 64, 65, 203}) {
        Tensor in = special_input(2, 37, width, std::uint64_t(width), false);
        check_direct(GetParam(), in);
        place_specials(in);
        check_direct(GetParam(), in);
        const PortableKernelsOnly portable;
        check_direct(GetParam(), in);
    }
}

TEST_P(DirectWindows, StreamedOutputsAreTheSame)
{
    const DirectCase& c = GetParam();
    for (const int width : {2900, 2903}) {
        // Outputs past the streaming threshold whatever the stride.
        const int height = c.stride == 1 ? 740 : 2900;
        Tensor in = special_input(2, height, width, 17, false);
        place_specials(in);
        const PoolGeometry g = resolve_geometry(direct_spec(c), height, width);
        ASSERT_GE(std::size_t(2) * g.out.h * g.out.w * sizeof(float), detail::kStreamingBytes);
        check_direct(c, in);
    }
}

constexpr DirectCase kDirectCases[] = {
    {PoolOp::Max, 2, 2, 0}, {PoolOp::Min, 2, 2, 0}, {PoolOp::Max, 2, 2, 1}, {PoolOp::Max, 3, 2, 1},
    {PoolOp::Min, 3, 2, 1}, {PoolOp::Max, 3, 2, 0}, {PoolOp::Max, 3, 1, 1}, {PoolOp::Min, 3, 1, 1},
    {PoolOp::Max, 2, 1, 0}, {PoolOp::Min, 2, 1, 1}, {PoolOp::Max, 4, 2, 1}, {PoolOp::Min, 4, 2, 2},
    {PoolOp::Max, 4, 1, 2}, {PoolOp::Max, 4, 2, 0}, {PoolOp::Max, 5, 2, 2}, {PoolOp::Min, 5, 1, 2},
    {PoolOp::Max, 5, 1, 0}, {PoolOp::Max, 5, 2, 1},
};

INSTANTIATE_TEST_SUITE_P(Pool, DirectWindows, ::testing::ValuesIn(kDirectCases));

} // namespace
} // namespace poolscope::testing

namespace poolscope::testing {
namespace {

// BlurPool's fused stripes (max rows, blur along, blur down) against trace(), which
// takes each cell from blur_max_cell and blur_value one by one.
TEST(FastKernels, BlurPoolEqualsItsCells)
{
    int checked = 0;
    for (std::uint64_t config = 0; config < 400 && checked < 150; ++config) {
        const std::uint64_t h = mix(config, 0xb1u);
        PoolSpec spec;
        spec.op = PoolOp::BlurPool;
        spec.kernel = {1 + int(h % 4), 1 + int((h >> 3) % 4)};
        spec.stride = Size2{1 + int((h >> 6) % 8), 1 + int((h >> 9) % 8)};
        spec.padding = {int((h >> 12) % std::uint64_t(spec.kernel.h / 2 + 1)),
                        int((h >> 14) % std::uint64_t(spec.kernel.w / 2 + 1))};
        spec.dilation = {1 + int((h >> 16) % 4), 1 + int((h >> 18) % 3)};
        spec.blur_size = 2 + int((h >> 20) % 4);
        const int in_h = 2 + int((h >> 23) % 40), in_w = 2 + int((h >> 29) % 40);
        try {
            resolve_geometry(spec, in_h, in_w);
        } catch (const ParamError&) {
            continue;
        }
        const Tensor in = special_input(2, in_h, in_w, h, (h >> 35) % 2 == 0);
        PoolResult r;
        try {
            r = pool(in, spec);
        } catch (const ParamError&) {
            continue; // the blur's reflection needs a map of at least blur_size - 1 + 1
        }
        ++checked;
        for (int c = 0; c < 2; ++c)
            for (int oy = 0; oy < r.output.height(); ++oy)
                for (int ox = 0; ox < r.output.width(); ++ox) {
                    const float want = trace(in, spec, c, oy, ox).result, got = r.output.at(c, oy, ox);
                    ASSERT_TRUE(std::bit_cast<std::uint32_t>(got) == std::bit_cast<std::uint32_t>(want) ||
                                (std::isnan(got) && std::isnan(want)))
                        << describe(spec, in, Data::Special) << " at (" << c << ", " << oy << ", " << ox
                        << "): got " << got << ", trace " << want;
                }
    }
    EXPECT_GT(checked, 60);
}

} // namespace
} // namespace poolscope::testing

namespace poolscope::testing {
namespace {

// Global max folds sixteen lanes and a tail separately, then the lanes' winners in
// index order (or, with AVX2 and no NaN, takes the plain max and then its first
// tap): the value and index of the single scan, on planes of every width
// remainder, full of ties, signed zeros and NaN, all -inf, with one NaN placed
// anywhere, or at most zero with zeros of both signs, where the max's bits are
// the first zero's.
TEST(FastKernels, GlobalMaxIsTheSingleScansTap)
{
    PoolSpec spec;
    spec.op = PoolOp::GlobalMax;
    for (int w = 1; w <= 70; ++w)
        for (int variant = 0; variant < 5; ++variant) {
            const int h = 1 + (w * 7 + variant) % 13;
            Tensor in = special_input(2, h, w, mix(w, variant, 0x61), variant == 1);
            if (variant == 2) {
                cv::Mat values = in.storage(); // shares the tensor's memory
                values.setTo(-std::numeric_limits<float>::infinity());
            }
            if (variant == 3)
                in.at(1, (w * 5) % h, (w * 3) % w) = std::numeric_limits<float>::quiet_NaN();
            if (variant == 4) {
                cv::Mat values = in.storage(); // shares the tensor's memory
                values.setTo(-1.f);
                const int n = h * w, first = (w * 3) % n, later = first + (n - first) / 2;
                for (int c = 0; c < 2; ++c) {
                    // Channel 0 meets -0 first, channel 1 +0; the other sign follows.
                    in.at(c, first / w, first % w) = c == 0 ? -0.f : 0.f;
                    in.at(c, later / w, later % w) = c == 0 ? 0.f : -0.f;
                }
            }
            const PoolResult got = pool(in, spec, PoolOptions{.indices = true});
            for (int c = 0; c < 2; ++c) {
                const detail::AxisTaps ty{0, h, 1, 0, h}, tx{0, w, 1, 0, w};
                const detail::CellResult want =
                    detail::extreme_window<false>(detail::plane_of(in, c), ty, tx);
                const float g = got.output.at(c, 0, 0);
                EXPECT_TRUE(std::bit_cast<std::uint32_t>(g) == std::bit_cast<std::uint32_t>(want.value) ||
                            (std::isnan(g) && std::isnan(want.value)))
                    << w << "x" << h << " variant " << variant << " channel " << c;
                EXPECT_EQ(got.indices.at(c, 0, 0), want.index)
                    << w << "x" << h << " variant " << variant << " channel " << c;
            }
        }
}

// The 1x1 mean's double sums: the AVX2 lanes, the portable ones and a plain loop
// over the layout mean_sum documents (column x into accumulator x mod 16, then a
// pairwise tree) give the same bits at every width remainder, on values spread
// over 120 binary orders of magnitude, where any other order of additions shows.
TEST(FastKernels, MeanSumIsItsLayoutsSum)
{
    cv::RNG rng(0x3ea);
    for (int w = 1; w <= 70; ++w) {
        const int h = 1 + (w * 5) % 11;
        Tensor in = Tensor::uninitialized(1, h, w);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                in.at(0, y, x) = std::ldexp(rng.uniform(-1.f, 1.f), rng.uniform(-60, 60));
        const detail::Plane p = detail::plane_of(in, 0);
        const detail::AxisTaps ty{0, h, 1, 0, h}, tx{0, w, 1, 0, w};
        double acc[16] = {};
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                acc[x % 16] += double(p.at(y, x));
        for (int width = 8; width > 0; width /= 2)
            for (int i = 0; i < width; ++i)
                acc[i] = acc[2 * i] + acc[2 * i + 1];
        const auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v); };
        EXPECT_EQ(bits(detail::mean_sum(p, ty, tx)), bits(acc[0])) << w << "x" << h;
        const PortableKernelsOnly portable;
        EXPECT_EQ(bits(detail::mean_sum(p, ty, tx)), bits(acc[0])) << w << "x" << h << ", portable lanes";
    }
}

} // namespace
} // namespace poolscope::testing
