// Max unpooling against the naive reference: indices from real max pools (with ties,
// NaN and infinities in the data), every allowed explicit output size and the first
// refused ones on each side, and hand-made indices (repeated, negative, past the end).
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/pool/pool_ops.h"
#include "core/tensor/errors.h"
#include "tests/core/parity/parity_support.h"
#include "tests/reference/naive_pool.h"

namespace poolscope::testing {
namespace {

std::string text(Size2 v)
{
    return std::to_string(v.h) + "x" + std::to_string(v.w);
}

std::string describe_unpool(const Tensor& in, Size2 k, std::optional<Size2> s, Size2 p,
                            std::optional<Size2> size)
{
    return "max_unpool of " + std::to_string(in.channels()) + "x" + text({in.height(), in.width()}) +
           ": kernel " + text(k) + ", stride " + (s ? text(*s) : "default") + ", padding " + text(p) +
           ", output_size " + (size ? text(*size) : "default");
}

// Both sides agree on the result, or both refuse with ParamError.
bool check(const Tensor& in, const IndexTensor& idx, Size2 k, std::optional<Size2> s, Size2 p,
           std::optional<Size2> size, int* accepted)
{
    const std::string what = describe_unpool(in, k, s, p, size);
    std::optional<Tensor> want;
    std::string why;
    try {
        want = reference::max_unpool(in, idx, k, s, p, size);
    } catch (const ParamError& e) {
        why = e.what();
    }
    if (!want) {
        try {
            max_unpool(in, idx, k, s, p, size);
        } catch (const ParamError&) {
            return true;
        } catch (const std::exception& e) {
            ADD_FAILURE() << what << ": expected ParamError (" << why << "), got " << e.what();
            return false;
        }
        ADD_FAILURE() << what << ": the reference rejects it (" << why << "), the core accepts it";
        return false;
    }
    ++*accepted;
    Tensor got;
    try {
        got = max_unpool(in, idx, k, s, p, size);
    } catch (const std::exception& e) {
        ADD_FAILURE() << what << ": the core threw \"" << e.what() << "\"";
        return false;
    }
    const auto same = same_tensor(got, *want, kExact);
    EXPECT_TRUE(same) << what;
    return bool(same);
}

class UnpoolGrid : public ::testing::TestWithParam<Size2> {};

TEST_P(UnpoolGrid, MatchesReference)
{
    const Size2 k = GetParam();
    Tally tally;
    for (auto stride : {std::optional<Size2>{}, std::optional{Size2{1, 1}}, std::optional{Size2{2, 2}},
                        std::optional{Size2{3, 3}}, std::optional{Size2{1, 2}}}) {
        const Size2 s = stride.value_or(k);
        for (int pad = 0; pad <= std::min(k.h, k.w) / 2; ++pad) {
            const Size2 p{pad, pad};
            for (auto [H, W] : {std::pair{k.h, k.w}, {7, 8}, {9, 11}}) {
                PoolSpec spec;
                spec.op = PoolOp::Max;
                spec.kernel = k;
                spec.stride = stride;
                spec.padding = p;
                const Tensor x = make_input(2, H, W, Data::Special, mix(H, W, s.h, s.w));
                const reference::Result pooled = reference::pool(x, spec);
                const Size2 def{(pooled.output.height() - 1) * s.h - 2 * p.h + k.h,
                                (pooled.output.width() - 1) * s.w - 2 * p.w + k.w};
                std::vector<std::optional<Size2>> sizes = {std::nullopt, Size2{H, W}};
                for (int dh = -s.h; dh <= s.h; ++dh)
                    for (int dw : {-s.w, 0, s.w - 1, s.w})
                        sizes.push_back(Size2{def.h + dh, def.w + dw});
                for (const auto& size : sizes) {
                    if (!check(pooled.output, pooled.indices, k, stride, p, size, &tally.valid))
                        ++tally.failures;
                    if (tally.enough_failures())
                        return;
                }
            }
        }
    }
    EXPECT_GT(tally.valid, 10);
}

INSTANTIATE_TEST_SUITE_P(Pool, UnpoolGrid,
                         ::testing::Values(Size2{1, 1}, Size2{2, 2}, Size2{3, 3}, Size2{2, 3}, Size2{4, 2}),
                         [](const ::testing::TestParamInfo<Size2>& info) { return "k" + text(info.param); });

IndexTensor indices_of(int c, int h, int w, std::vector<std::int64_t> values)
{
    return IndexTensor{c, h, w, std::move(values)};
}

struct HandMade {
    const char* name;
    IndexTensor indices;
    // The 4 x 4 output PyTorch's max_unpool2d gives (its CPU kernel writes the values
    // in order, so where indices repeat the last one wins); empty for a refused one.
    std::vector<float> want = {};
};

void PrintTo(const HandMade& h, std::ostream* os)
{
    *os << h.name;
}

class UnpoolHandMade : public ::testing::TestWithParam<HandMade> {};

TEST_P(UnpoolHandMade, MatchesReference)
{
    Tensor in(1, 2, 2);
    in.at(0, 0, 0) = 1.f;
    in.at(0, 0, 1) = 2.f;
    in.at(0, 1, 0) = -3.f;
    in.at(0, 1, 1) = 4.f;
    int accepted = 0;
    check(in, GetParam().indices, {2, 2}, std::nullopt, {0, 0}, std::nullopt, &accepted);
    const std::vector<float>& want = GetParam().want;
    if (want.empty())
        return;
    ASSERT_EQ(accepted, 1);
    const Tensor got = max_unpool(in, GetParam().indices, {2, 2});
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i)
        EXPECT_EQ(got.data()[i], want[i]) << "cell " << i;
}

INSTANTIATE_TEST_SUITE_P(Pool, UnpoolHandMade,
                         ::testing::Values(HandMade{"distinct",
                                                    indices_of(1, 2, 2, {0, 3, 12, 15}),
                                                    {1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, -3, 0, 0, 4}},
                                           // Values 1, 2, -3, 4 all to cell 5: 4 stays.
                                           HandMade{"repeated_last_wins",
                                                    indices_of(1, 2, 2, {5, 5, 5, 5}),
                                                    {0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
                                           // 1 and -3 to cell 5 (-3 stays), 2 to 0, 4 to 3.
                                           HandMade{"repeated_among_others",
                                                    indices_of(1, 2, 2, {5, 0, 5, 3}),
                                                    {2, 0, 0, 4, 0, -3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
                                           HandMade{"last_cell", indices_of(1, 2, 2, {15, 0, 1, 2})},
                                           HandMade{"negative", indices_of(1, 2, 2, {0, -1, 2, 3})},
                                           HandMade{"past_the_end", indices_of(1, 2, 2, {0, 1, 2, 16})},
                                           HandMade{"shape_differs", indices_of(1, 1, 4, {0, 1, 2, 3})}),
                         [](const ::testing::TestParamInfo<HandMade>& info) { return info.param.name; });

} // namespace
} // namespace poolscope::testing

namespace poolscope::testing {
namespace {

struct Unpooled {
    Tensor values;
    IndexTensor indices;
};

Unpooled pooled_special(int seed)
{
    PoolSpec spec;
    spec.op = PoolOp::Max;
    spec.kernel = {3, 3};
    spec.stride = Size2{2, 2};
    spec.padding = {1, 1};
    const reference::Result r = reference::pool(make_input(3, 13, 17, Data::Special, seed), spec);
    return {r.output, r.indices};
}

TEST(MaxUnpoolInto, ReusesItsBufferAndZeroesWhatItHeld)
{
    const Unpooled a = pooled_special(21), b = pooled_special(22);
    Tensor out;
    max_unpool_into(a.values, a.indices, {3, 3}, Size2{2, 2}, {1, 1}, Size2{13, 17}, out);
    const float* buffer = out.data();
    // The second unpool lands on other cells: every cell the first wrote must be 0 again.
    max_unpool_into(b.values, b.indices, {3, 3}, Size2{2, 2}, {1, 1}, Size2{13, 17}, out);
    EXPECT_EQ(out.data(), buffer);
    EXPECT_TRUE(same_tensor(
        out, reference::max_unpool(b.values, b.indices, {3, 3}, Size2{2, 2}, {1, 1}, Size2{13, 17}), kExact));
}

TEST(MaxUnpoolInto, NeverWritesIntoABufferSomeoneElseHolds)
{
    const Unpooled a = pooled_special(23);
    Tensor out = max_unpool(a.values, a.indices, {3, 3}, Size2{2, 2}, {1, 1}, Size2{13, 17});
    const Tensor held = out;
    const Tensor before = held.clone();
    const Unpooled b = pooled_special(24);
    max_unpool_into(b.values, b.indices, {3, 3}, Size2{2, 2}, {1, 1}, Size2{13, 17}, out);
    EXPECT_NE(out.data(), held.data());
    EXPECT_TRUE(same_tensor(held, before, kExact));
}

TEST(MaxUnpoolInto, NeverWritesOverItsInput)
{
    // Kernel 1, stride 1: the output has the input's shape, indices the identity.
    const Tensor x = make_input(2, 6, 5, Data::Special, 25);
    IndexTensor identity{2, 6, 5, std::vector<std::int64_t>(x.size())};
    for (std::size_t i = 0; i < identity.data.size(); ++i)
        identity.data[i] = std::int64_t(i % 30);
    Tensor out = x.clone();
    max_unpool_into(out, identity, {1, 1}, Size2{1, 1}, {0, 0}, std::nullopt, out);
    EXPECT_TRUE(same_tensor(out, x, kExact));
}

} // namespace
} // namespace poolscope::testing
