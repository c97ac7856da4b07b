#pragma once
// SoftPool's band scan written once for any vector width: included by the files
// built for AVX2 and for AVX-512, each with its own lane type V (their exponentials
// are exp_lanes.h's). Everything here has internal linkage, so each
// of those files keeps its own copy and the linker cannot hand one instruction
// set's code to the other.
//
// V supplies, for its float vector F: kLanes, load, store, set1, max, min, a
// Flags type, unordered_any_into (ORs into an accumulator whether any lane of
// a - a or b - b is NaN) and flagged(acc).
#include <cstddef>

namespace poolscope::detail {
namespace {

// The band shift's scan over the columns of whole vectors from 0 of every row:
// hi and lo take the largest and smallest value, finite becomes false on a NaN or
// an infinity. Two vectors a step, so the max and min chains do not wait on each
// other; the lanes are folded once for the whole band. Returns the first column
// not read.
template <class V>
int band_range(const float* first, std::size_t step, int rows, int n, float& hi, float& lo, bool& finite)
{
    using F = typename V::F;
    constexpr int L = V::kLanes;
    F hi0 = V::set1(hi), hi1 = hi0, lo0 = V::set1(lo), lo1 = lo0;
    typename V::Flags bad{};
    const int whole = n / L * L;
    for (int y = 0; y < rows; ++y) {
        const float* row = first + std::size_t(y) * step;
        int i = 0;
        for (; i + 2 * L <= whole; i += 2 * L) {
            const F a = V::load(row + i), b = V::load(row + i + L);
            bad = V::unordered_any_into(bad, a, b);
            hi0 = V::max(hi0, a);
            hi1 = V::max(hi1, b);
            lo0 = V::min(lo0, a);
            lo1 = V::min(lo1, b);
        }
        if (i < whole) {
            const F a = V::load(row + i);
            bad = V::unordered_any_into(bad, a, a);
            hi0 = V::max(hi0, a);
            lo0 = V::min(lo0, a);
        }
    }
    alignas(64) float h[L], l[L];
    V::store(h, V::max(hi0, hi1));
    V::store(l, V::min(lo0, lo1));
    for (int k = 0; k < L; ++k) {
        hi = h[k] > hi ? h[k] : hi;
        lo = l[k] < lo ? l[k] : lo;
    }
    if (V::flagged(bad))
        finite = false;
    return whole;
}

} // namespace
} // namespace poolscope::detail
