#include "tests/bench/cache_eviction.h"

#include <algorithm>
#include <cstdint>

#include <opencv2/core.hpp>

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64)
#include <immintrin.h>
#define POOLSCOPE_HAS_CLFLUSH 1
#else
#define POOLSCOPE_HAS_CLFLUSH 0
#endif

namespace poolscope::bench {
namespace {

constexpr std::uintptr_t kLine = 64;
constexpr std::size_t kStripeBytes = std::size_t(4) << 20;

} // namespace

bool cache_eviction_available()
{
    return POOLSCOPE_HAS_CLFLUSH != 0;
}

void evict_from_caches(const void* data, std::size_t bytes)
{
#if POOLSCOPE_HAS_CLFLUSH
    if (bytes == 0)
        return;
    const std::uintptr_t begin = reinterpret_cast<std::uintptr_t>(data) & ~(kLine - 1);
    const std::uintptr_t end = reinterpret_cast<std::uintptr_t>(data) + bytes;
    const int stripes = int((end - begin + kStripeBytes - 1) / kStripeBytes);
    cv::parallel_for_(cv::Range(0, stripes), [&](const cv::Range& range) {
        const std::uintptr_t from = begin + std::uintptr_t(range.start) * kStripeBytes;
        const std::uintptr_t to = std::min(end, begin + std::uintptr_t(range.end) * kStripeBytes);
        for (std::uintptr_t p = from; p < to; p += kLine)
            _mm_clflush(reinterpret_cast<const void*>(p));
        // clflush is ordered only against writes and fences: the fence makes the
        // flushes complete before the timed call that follows starts.
        _mm_mfence();
    });
#else
    (void)data;
    (void)bytes;
#endif
}

} // namespace poolscope::bench
