#pragma once
// Where streamed (non-temporal) stores may go. They pay only on whole cache lines:
// a line that also takes a plain store leaves its write-combining buffer half
// full, and flushing that costs several times what streaming saves (a 255-wide
// average pool ran 2.5x slower). Internal linkage, so the files built for wider
// instruction sets keep their own copy.
#include <cstdint>

namespace poolscope::detail {
namespace {

// The outputs [begin, end) of out[0, n) that fill whole 64-byte lines.
struct WholeLines {
    int begin = 0, end = 0;

    static WholeLines of(const float* out, int n)
    {
        constexpr std::uintptr_t kLine = 64;
        constexpr int kFloats = int(kLine / sizeof(float));
        const int lead =
            int((kLine - (reinterpret_cast<std::uintptr_t>(out) & (kLine - 1))) % kLine / sizeof(float));
        if (lead >= n)
            return {};
        return {lead, lead + (n - lead) / kFloats * kFloats};
    }
    bool all(int n) const { return begin == 0 && end == n; }
};

} // namespace
} // namespace poolscope::detail
