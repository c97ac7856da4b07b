#pragma once
// Pushes a buffer out of every cache level, so that a "cold" case's calls each start
// with their bytes in memory, as a first pass over a freshly loaded map does. Timing
// every size cold takes the cache's size out of the scaling curve: what is left is
// the cost of the work itself.
#include <cstddef>

namespace poolscope::bench {

// False where the processor has no instruction to flush a line (the cold cases are
// then left out).
bool cache_eviction_available();

// Writes back and drops every cache line of [data, data + bytes), on OpenCV's
// thread pool, and waits until that is done.
void evict_from_caches(const void* data, std::size_t bytes);

} // namespace poolscope::bench
