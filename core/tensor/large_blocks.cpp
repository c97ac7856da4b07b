#include "core/tensor/large_blocks.h"

#include <cstdlib>
#include <new>

#include <sys/mman.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace poolscope {
namespace detail {
namespace {

// Blocks from 32 MiB, glibc's largest mmap threshold: below it the heap keeps
// freed blocks itself. Up to four of them and 320 MiB in all: two 1080p conv
// outputs of 16 or 17 channels, while the result on screen holds a third. The
// window gives them back a moment after its computations settle.
BlockCache& kept_blocks()
{
    // Never destroyed: tensors may be freed during static destruction.
    static auto* cache = new BlockCache(BlockCache::Limits{
        .min_block = std::size_t(32) << 20, .max_bytes = std::size_t(320) << 20, .max_blocks = 4});
    return *cache;
}

void free_block(const Block& b)
{
#ifdef MADV_NOHUGEPAGE
    // Freed, the block may be the heap's again. Left marked for huge pages, the
    // kernel would fill each 2 MiB range it still touches back to a whole huge
    // page after malloc_trim() has given the range's pages back.
    ::madvise(b.data, b.capacity, MADV_NOHUGEPAGE);
#endif
    std::free(b.data);
}

void free_blocks(const std::vector<Block>& blocks)
{
    for (const Block& b : blocks)
        free_block(b);
}

std::size_t total_capacity(const std::vector<Block>& blocks)
{
    std::size_t bytes = 0;
    for (const Block& b : blocks)
        bytes += b.capacity;
    return bytes;
}

} // namespace

Block BlockCache::take(std::size_t bytes)
{
    const std::lock_guard lock(mutex_);
    auto best = blocks_.end();
    for (auto it = blocks_.begin(); it != blocks_.end(); ++it)
        if (it->capacity >= bytes && it->capacity - bytes <= bytes / 4 &&
            (best == blocks_.end() || it->capacity < best->capacity))
            best = it;
    if (best == blocks_.end())
        return {};
    const Block b = *best;
    blocks_.erase(best);
    return b;
}

std::vector<Block> BlockCache::keep(Block b)
{
    if (b.capacity < limits_.min_block || b.capacity > limits_.max_bytes || limits_.max_blocks == 0)
        return {b};
    const std::lock_guard lock(mutex_);
    blocks_.push_back(b);
    std::size_t bytes = total_capacity(blocks_);
    std::vector<Block> dropped;
    while (bytes > limits_.max_bytes || blocks_.size() > limits_.max_blocks) {
        dropped.push_back(blocks_.front());
        bytes -= blocks_.front().capacity;
        blocks_.erase(blocks_.begin());
    }
    return dropped;
}

std::vector<Block> BlockCache::drain()
{
    const std::lock_guard lock(mutex_);
    std::vector<Block> all;
    all.swap(blocks_);
    return all;
}

std::size_t BlockCache::bytes() const
{
    const std::lock_guard lock(mutex_);
    return total_capacity(blocks_);
}

Block acquire_block(std::size_t bytes)
{
    const std::size_t capacity = block_capacity(bytes);
    if (const Block kept = kept_blocks().take(capacity); kept.data)
        return kept;
    void* p = std::aligned_alloc(kHugePage, capacity);
    if (!p)
        throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    ::madvise(p, capacity, MADV_HUGEPAGE); // advice only: failure just means small pages
#endif
    return Block{p, capacity};
}

void recycle_block(Block b)
{
    free_blocks(kept_blocks().keep(b));
}

} // namespace detail

std::size_t release_freed_memory()
{
    const std::vector<detail::Block> kept = detail::kept_blocks().drain();
    const std::size_t bytes = detail::total_capacity(kept);
    detail::free_blocks(kept);
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    return bytes;
}

std::size_t kept_block_bytes()
{
    return detail::kept_blocks().bytes();
}

} // namespace poolscope
