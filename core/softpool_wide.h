#pragma once
// SoftPool's per-row passes written once for any vector width: included by the
// files built for AVX2 and for AVX-512, each with its own lane type V (below).
// Everything here has internal linkage, so each of those files keeps its own
// copy and the linker cannot hand one instruction set's code to the other.
//
// V supplies, for its float vector F and integer vector I: kLanes, load, store,
// set1, add, sub, mul, max, min, round (to nearest, to I), to_float (I to F),
// pow2 (2^n from I through the exponent field) and unordered_any_into (ORs into
// an accumulator whether any lane of a - a or b - b is NaN), flagged(acc).
#include <cstddef>

#include "core/exp_constants.h"

namespace poolscope::detail {
namespace {

// e[i] = exp_f(src[i] - shift) and ex[i] = e[i] * src[i] for whole vectors from 0:
// fast_exp.h's operations, lane by lane. Returns the first i not written.
template <class V> int exp_rows(const float* src, float shift, float* e, float* ex, int n)
{
    using namespace exp_constants;
    using F = typename V::F;
    const F s = V::set1(shift), log2e = V::set1(kLog2e), ln2_hi = V::set1(kLn2Hi), ln2_lo = V::set1(kLn2Lo);
    int i = 0;
    for (; i + V::kLanes <= n; i += V::kLanes) {
        const F v = V::load(src + i);
        const F x = V::sub(v, s);
        const auto ni = V::round(V::mul(x, log2e));
        const F nf = V::to_float(ni);
        const F r = V::sub(V::sub(x, V::mul(nf, ln2_hi)), V::mul(nf, ln2_lo));
        const F z = V::mul(r, r);
        F y = V::set1(kP[0]);
        for (int k = 1; k < 6; ++k)
            y = V::add(V::mul(y, r), V::set1(kP[k]));
        y = V::add(V::add(V::mul(y, z), r), V::set1(1.f));
        const F ev = V::mul(y, V::pow2(ni));
        V::store(e + i, ev);
        V::store(ex + i, V::mul(ev, v));
    }
    return i;
}

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
