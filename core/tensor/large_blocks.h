#pragma once
// The memory of large tensors: blocks aligned to 2 MiB on transparent huge pages,
// and freed blocks kept for the next tensor of about their size.
//
// glibc maps every block over 32 MiB afresh and unmaps it when it is freed, so a
// 1920 x 1080 conv output of 8 channels (66 MB) would have the kernel fault in and
// zero every page of it again on each recompute, most of the conv's own time.
// Kept blocks skip that. What is kept is bounded (BlockCache::Limits) and given
// back by release_freed_memory().
#include <cstddef>
#include <mutex>
#include <vector>

namespace poolscope {

// Frees every kept block and, with glibc, trims the heap's free memory back to
// the system. Returns the bytes of kept blocks it freed.
std::size_t release_freed_memory();

// The bytes of freed blocks kept for reuse.
std::size_t kept_block_bytes();

namespace detail {

struct Block {
    void* data = nullptr;
    std::size_t capacity = 0; // bytes, a multiple of 2 MiB

    friend bool operator==(const Block&, const Block&) = default;
};

// Thread-safe (tensors are freed on any thread); past its limits the oldest
// blocks go first.
class BlockCache {
public:
    struct Limits {
        std::size_t min_block = 0;  // smaller blocks are not kept
        std::size_t max_bytes = 0;  // the kept blocks' total
        std::size_t max_blocks = 0; // and their number
    };

    explicit BlockCache(Limits limits) : limits_(limits) {}

    // The smallest kept block of at least `bytes` and at most a quarter more,
    // now the caller's; an empty Block when none fits.
    Block take(std::size_t bytes);
    // Keeps `b`, dropping the oldest blocks past the limits. Returns the blocks
    // not kept (`b` itself when it is too small or alone over the limit), for
    // the caller to free.
    std::vector<Block> keep(Block b);
    // Every kept block, now the caller's to free.
    std::vector<Block> drain();

    std::size_t bytes() const;

private:
    Limits limits_;
    mutable std::mutex mutex_;
    std::vector<Block> blocks_; // oldest first
};

inline constexpr std::size_t kHugePage = std::size_t(1) << 21;

// The block size for `bytes`: rounded up to whole huge pages.
constexpr std::size_t block_capacity(std::size_t bytes)
{
    return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

// A block of at least `bytes`: a kept one, or fresh memory advised for huge
// pages. Throws std::bad_alloc.
Block acquire_block(std::size_t bytes);
// Back to the kept blocks, or to the heap.
void recycle_block(Block b);

} // namespace detail
} // namespace poolscope
