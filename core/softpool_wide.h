#pragma once
// SoftPool's per-row passes written once for any vector width: included by the
// files built for AVX2 and for AVX-512, each with its own lane type V (below).
// Everything here has internal linkage, so each of those files keeps its own
// copy and the linker cannot hand one instruction set's code to the other.
//
// V supplies, for its float vector F and integer vector I: kLanes, kUnroll (the
// vectors exp_rows takes a step), load, store,
// set1, add, sub, mul, max, min, round (to nearest, to I), to_float (I to F),
// pow2 (2^n from I through the exponent field) and unordered_any_into (ORs into
// an accumulator whether any lane of a - a or b - b is NaN), flagged(acc).
#include <cstddef>

#include "core/exp_constants.h"

namespace poolscope::detail {
namespace {

// e[i] = exp_f(src[i] - shift) and ex[i] = e[i] * src[i] for U vectors from i:
// fast_exp.h's operations, lane by lane. Each operation is written for all U
// vectors before the next, so their long dependency chains interleave in program
// order: the scheduler overlaps only the work it holds, and one vector's chain
// alone leaves it mostly waiting.
template <class V, int U>
[[gnu::always_inline]] inline void exp_step(const float* src, float shift, float* e, float* ex, int i)
{
    using namespace exp_constants;
    using F = typename V::F;
    constexpr int L = V::kLanes;
    const F s = V::set1(shift);
    F v[U], x[U], nf[U], r[U], z[U], y[U];
    decltype(V::round(s)) ni[U];
    for (int u = 0; u < U; ++u) {
        v[u] = V::load(src + i + u * L);
        x[u] = V::sub(v[u], s);
    }
    for (int u = 0; u < U; ++u)
        ni[u] = V::round(V::mul(x[u], V::set1(kLog2e)));
    for (int u = 0; u < U; ++u) {
        nf[u] = V::to_float(ni[u]);
        r[u] = V::sub(V::sub(x[u], V::mul(nf[u], V::set1(kLn2Hi))), V::mul(nf[u], V::set1(kLn2Lo)));
        z[u] = V::mul(r[u], r[u]);
        y[u] = V::set1(kP[0]);
    }
    for (int k = 1; k < 6; ++k)
        for (int u = 0; u < U; ++u)
            y[u] = V::add(V::mul(y[u], r[u]), V::set1(kP[k]));
    for (int u = 0; u < U; ++u) {
        y[u] = V::add(V::add(V::mul(y[u], z[u]), r[u]), V::set1(1.f));
        const F ev = V::mul(y[u], V::pow2(ni[u]));
        V::store(e + i + u * L, ev);
        V::store(ex + i + u * L, V::mul(ev, v[u]));
    }
}

// exp_step over whole vectors from 0, V::kUnroll of them a step while they last.
// Returns the first i not written.
template <class V> int exp_rows(const float* src, float shift, float* e, float* ex, int n)
{
    constexpr int U = V::kUnroll, L = V::kLanes;
    int i = 0;
    for (; i + U * L <= n; i += U * L)
        exp_step<V, U>(src, shift, e, ex, i);
    for (; i + L <= n; i += L)
        exp_step<V, 1>(src, shift, e, ex, i);
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
