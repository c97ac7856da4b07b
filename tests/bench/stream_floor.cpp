#include "tests/bench/stream_floor.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include <opencv2/core.hpp>
#include <opencv2/core/hal/intrin.hpp>

namespace poolscope::bench {
namespace {

constexpr std::size_t kLine = 64;

struct Slice {
    std::size_t begin = 0, end = 0; // byte offsets
};

// Stripe i of n over `bytes`, cut at cache-line multiples so that no two stripes
// write into the same line.
Slice stripe_slice(std::size_t bytes, int i, int n)
{
    const std::size_t lines = bytes / kLine;
    const std::size_t begin = lines * std::size_t(i) / std::size_t(n) * kLine;
    const std::size_t end = i + 1 == n ? bytes : lines * std::size_t(i + 1) / std::size_t(n) * kLine;
    return {begin, end};
}

// Integer adds: the words are floats and int64 indices, whose bit patterns as floats
// could be denormals and slow a float add down.
std::uint32_t read_words(const unsigned char* p, std::size_t bytes)
{
    std::size_t words = bytes / 4, i = 0;
    std::uint32_t tail = 0;
#if CV_SIMD
    const auto* w = reinterpret_cast<const unsigned*>(p);
    constexpr int lanes = cv::v_uint32::nlanes;
    // Four accumulators keep the loads independent of one another's adds.
    cv::v_uint32 a0 = cv::vx_setzero_u32(), a1 = a0, a2 = a0, a3 = a0;
    for (; i + 4 * lanes <= words; i += 4 * lanes) {
        a0 = a0 + cv::vx_load(w + i);
        a1 = a1 + cv::vx_load(w + i + lanes);
        a2 = a2 + cv::vx_load(w + i + 2 * lanes);
        a3 = a3 + cv::vx_load(w + i + 3 * lanes);
    }
    tail = cv::v_reduce_sum((a0 + a1) + (a2 + a3));
#endif
    for (; i < words; ++i) {
        std::uint32_t v;
        std::memcpy(&v, p + 4 * i, 4);
        tail += v;
    }
    return tail;
}

void write_words(unsigned char* p, std::size_t bytes, std::uint32_t value)
{
    std::size_t words = bytes / 4, i = 0;
#if CV_SIMD
    auto* w = reinterpret_cast<unsigned*>(p);
    constexpr int lanes = cv::v_uint32::nlanes;
    const cv::v_uint32 v = cv::vx_setall_u32(value);
    for (; i + lanes <= words; i += lanes)
        cv::v_store(w + i, v);
#endif
    for (; i < words; ++i)
        std::memcpy(p + 4 * i, &value, 4);
}

} // namespace

void stream_floor(std::span<const ReadSpan> reads, std::span<const WriteSpan> writes)
{
    for (const ReadSpan& r : reads)
        if (r.bytes % 4)
            throw std::invalid_argument("the streaming floor reads whole 32-bit words");
    for (const WriteSpan& w : writes)
        if (w.bytes % 4)
            throw std::invalid_argument("the streaming floor writes whole 32-bit words");
    // As many stripes per thread as the core's loops use, so both balance alike.
    const int stripes = std::max(1, cv::getNumThreads() * 4);
    cv::parallel_for_(
        cv::Range(0, stripes),
        [&](const cv::Range& range) {
            for (int s = range.start; s < range.end; ++s) {
                std::uint32_t sum = 0;
                for (const ReadSpan& r : reads) {
                    const Slice sl = stripe_slice(r.bytes, s, stripes);
                    sum +=
                        read_words(static_cast<const unsigned char*>(r.data) + sl.begin, sl.end - sl.begin);
                }
                for (const WriteSpan& w : writes) {
                    const Slice sl = stripe_slice(w.bytes, s, stripes);
                    write_words(static_cast<unsigned char*>(w.data) + sl.begin, sl.end - sl.begin, sum);
                }
            }
        },
        stripes);
}

} // namespace poolscope::bench
