// Large blocks: which kept block serves a request, what the limits drop, and
// tensors reusing the memory of freed ones.
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/tensor/large_blocks.h"
#include "core/tensor/tensor.h"

namespace poolscope {
namespace {

using detail::Block;
using detail::BlockCache;

constexpr std::size_t MiB = std::size_t(1) << 20;

// Distinct addresses the cache only stores, never dereferences or frees.
Block fake(int id, std::size_t mib)
{
    return Block{reinterpret_cast<void*>(std::uintptr_t(0x100000) * std::uintptr_t(id)), mib * MiB};
}

BlockCache roomy()
{
    return BlockCache(BlockCache::Limits{.min_block = 32 * MiB, .max_bytes = 1024 * MiB, .max_blocks = 8});
}

struct FitCase {
    std::string name;
    std::vector<std::size_t> kept_mib; // kept in this order, ids 1, 2, ...
    std::size_t request_mib;
    int taken_id; // 0: none fits
};

void PrintTo(const FitCase& c, std::ostream* os)
{
    *os << c.name;
}

class BlockFit : public testing::TestWithParam<FitCase> {};

TEST_P(BlockFit, TakesTheSmallestBlockAtMostAQuarterTooLarge)
{
    const FitCase& c = GetParam();
    BlockCache cache = roomy();
    std::size_t total = 0;
    for (std::size_t i = 0; i < c.kept_mib.size(); ++i) {
        EXPECT_TRUE(cache.keep(fake(int(i) + 1, c.kept_mib[i])).empty());
        total += c.kept_mib[i] * MiB;
    }
    ASSERT_EQ(cache.bytes(), total);
    const Block b = cache.take(c.request_mib * MiB);
    if (c.taken_id == 0) {
        EXPECT_EQ(b, Block{});
        EXPECT_EQ(cache.bytes(), total);
        return;
    }
    const Block want = fake(c.taken_id, c.kept_mib[std::size_t(c.taken_id) - 1]);
    EXPECT_EQ(b, want);
    EXPECT_EQ(cache.bytes(), total - want.capacity);
    EXPECT_NE(cache.take(c.request_mib * MiB), want) << "a taken block is the caller's alone";
}

INSTANTIATE_TEST_SUITE_P(Requests, BlockFit,
                         testing::Values(FitCase{"Empty", {}, 64, 0}, FitCase{"Exact", {64}, 64, 1},
                                         FitCase{"QuarterLarger", {80}, 64, 1},
                                         FitCase{"MoreThanAQuarter", {82}, 64, 0},
                                         FitCase{"TooSmall", {62}, 64, 0},
                                         FitCase{"SmallestThatFits", {80, 66, 72}, 64, 2},
                                         FitCase{"SkipsTheTooSmall", {40, 64, 300}, 64, 2},
                                         FitCase{"FirstOfEqualSizes", {64, 64}, 64, 1}),
                         [](const testing::TestParamInfo<FitCase>& i) { return i.param.name; });

TEST(BlockCache, KeepsNothingTooSmallOrAloneOverTheLimit)
{
    BlockCache cache(BlockCache::Limits{.min_block = 32 * MiB, .max_bytes = 128 * MiB, .max_blocks = 4});
    EXPECT_EQ(cache.keep(fake(1, 30)), std::vector<Block>{fake(1, 30)});
    EXPECT_EQ(cache.keep(fake(2, 130)), std::vector<Block>{fake(2, 130)});
    EXPECT_EQ(cache.bytes(), 0u);
    EXPECT_TRUE(cache.keep(fake(3, 32)).empty());
    EXPECT_EQ(cache.bytes(), 32 * MiB);
}

TEST(BlockCache, DropsTheOldestPastTheLimits)
{
    BlockCache cache(BlockCache::Limits{.min_block = 32 * MiB, .max_bytes = 200 * MiB, .max_blocks = 3});
    EXPECT_TRUE(cache.keep(fake(1, 40)).empty());
    EXPECT_TRUE(cache.keep(fake(2, 50)).empty());
    EXPECT_TRUE(cache.keep(fake(3, 60)).empty());
    // A fourth block: over the count, the oldest goes.
    EXPECT_EQ(cache.keep(fake(4, 40)), std::vector<Block>{fake(1, 40)});
    EXPECT_EQ(cache.bytes(), 150 * MiB);
    // Four again: the oldest goes, and 200 MiB is within the limit.
    EXPECT_EQ(cache.keep(fake(5, 100)), std::vector<Block>{fake(2, 50)});
    EXPECT_EQ(cache.bytes(), 200 * MiB);
    // 290 MiB: over both limits, then over the bytes alone, until 190 MiB are left.
    EXPECT_EQ(cache.keep(fake(6, 90)), (std::vector<Block>{fake(3, 60), fake(4, 40)}));
    EXPECT_EQ(cache.bytes(), 190 * MiB);
    EXPECT_EQ(cache.drain(), (std::vector<Block>{fake(5, 100), fake(6, 90)}));
    EXPECT_EQ(cache.bytes(), 0u);
    EXPECT_TRUE(cache.drain().empty());
}

TEST(LargeBlocks, CapacityIsWholeHugePages)
{
    EXPECT_EQ(detail::block_capacity(1), detail::kHugePage);
    EXPECT_EQ(detail::block_capacity(detail::kHugePage), detail::kHugePage);
    EXPECT_EQ(detail::block_capacity(detail::kHugePage + 1), 2 * detail::kHugePage);
    EXPECT_EQ(detail::block_capacity(66355200), 32 * detail::kHugePage);
}

TEST(LargeBlocks, AFreedLargeTensorsMemoryServesTheNextAndIsGivenBack)
{
    release_freed_memory();
    ASSERT_EQ(kept_block_bytes(), 0u);
    // 8 x 1080 x 1920 floats: a 1080p conv output of 8 channels, 66 MB.
    const float* first = nullptr;
    {
        Tensor t = Tensor::uninitialized(8, 1080, 1920);
        first = t.data();
        t.at(7, 1079, 1919) = 1.f;
    }
    EXPECT_EQ(kept_block_bytes(), detail::block_capacity(std::size_t(8) * 1080 * 1920 * sizeof(float)));
    {
        // Zero-filled as every new tensor, though its memory was used before.
        Tensor again(8, 1080, 1920);
        EXPECT_EQ(again.data(), first);
        EXPECT_EQ(kept_block_bytes(), 0u);
        EXPECT_EQ(cv::countNonZero(again.storage()), 0);
    }
    // A tensor under 32 MiB is left to the heap.
    {
        Tensor small = Tensor::uninitialized(1, 1080, 1920);
    }
    const std::size_t kept = kept_block_bytes();
    EXPECT_EQ(kept, detail::block_capacity(std::size_t(8) * 1080 * 1920 * sizeof(float)));
    EXPECT_EQ(release_freed_memory(), kept);
    EXPECT_EQ(kept_block_bytes(), 0u);
}

} // namespace
} // namespace poolscope
