#pragma once
// The streaming floor: the time to read an op's inputs once and write its outputs
// once, on OpenCV's thread pool with the current thread count. No op can be faster
// than this on the same buffers, so ours/floor says how far an op is from the bound.
#include <cstddef>
#include <span>

namespace poolscope::bench {

struct ReadSpan {
    const void* data = nullptr;
    std::size_t bytes = 0; // a multiple of 4
};

struct WriteSpan {
    void* data = nullptr;
    std::size_t bytes = 0; // a multiple of 4
};

// Reads every 32-bit word of `reads` once and writes every word of `writes` once.
// The written words depend on the words read, so no read can be optimised away.
void stream_floor(std::span<const ReadSpan> reads, std::span<const WriteSpan> writes);

} // namespace poolscope::bench
