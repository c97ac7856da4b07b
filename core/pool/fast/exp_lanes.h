#pragma once
// SoftPool's e^x, written once for any vector width: the scalar form (fast_exp.h),
// the portable four lanes and the AVX2 and AVX-512 rows all run these IEEE
// operations in this order, so they give the same bits. With no fused multiply-add:
// every file that includes this one is built with -ffp-contract=off.
//
// V supplies, for its float vector F and integer vector I: kLanes, load, store,
// set1, add, sub, mul, round (to nearest, F to I), to_float (I to F) and
// pow2_eighths (2^(n/8) for integer n: kPow2Eighths[n mod 8] with n div 8 added to
// its exponent field). The templates take the linkage of V: kernels for another
// instruction set define their V in an unnamed namespace, so the linker cannot
// hand one instruction set's copy to the other.
//
// The chain is short on purpose: it is what bounds the throughput (the processor
// overlaps independent vectors only as far as it holds them), so the reduction is
// to ln 2 / 16 with a table of eight, leaving a degree-4 polynomial, evaluated in
// two halves side by side rather than by Horner's rule.
#include "core/pool/fast/exp_constants.h"

namespace poolscope::detail {

// e[u] = e^x[u] for U vectors whose lanes lie in [kLow, kHigh]. Each operation is
// written for all U vectors before the next, so their chains interleave in program
// order. Accurate to 2 ulp (tests/core/test_fast_exp.cpp).
template <class V, int U>
[[gnu::always_inline]] inline void exp_in_range(const typename V::F (&x)[U], typename V::F (&e)[U])
{
    using namespace exp_constants;
    using F = typename V::F;
    F nf[U], r[U], z[U], q[U];
    decltype(V::round(x[0])) n[U];
    for (int u = 0; u < U; ++u)
        n[u] = V::round(V::mul(x[u], V::set1(kLog2e8)));
    for (int u = 0; u < U; ++u) {
        nf[u] = V::to_float(n[u]);
        r[u] = V::sub(V::sub(x[u], V::mul(nf[u], V::set1(kLn2Hi8))), V::mul(nf[u], V::set1(kLn2Lo8)));
    }
    for (int u = 0; u < U; ++u) {
        z[u] = V::mul(r[u], r[u]);
        q[u] = V::add(V::mul(V::set1(kC3), r[u]), V::set1(kC2));
    }
    for (int u = 0; u < U; ++u)
        q[u] = V::add(q[u], V::mul(V::set1(kC4), z[u]));
    for (int u = 0; u < U; ++u) {
        const F y = V::add(V::add(V::mul(q[u], z[u]), r[u]), V::set1(1.f));
        e[u] = V::mul(y, V::pow2_eighths(n[u]));
    }
}

// e[i] = e^(src[i] - shift) and ex[i] = e[i] * src[i] for U vectors from i, on rows
// where every src[i] - shift lies in [kLow, kHigh].
template <class V, int U>
[[gnu::always_inline]] inline void exp_step(const float* src, float shift, float* e, float* ex, int i)
{
    using F = typename V::F;
    constexpr int L = V::kLanes;
    const F s = V::set1(shift);
    F v[U], x[U], ev[U];
    for (int u = 0; u < U; ++u) {
        v[u] = V::load(src + i + u * L);
        x[u] = V::sub(v[u], s);
    }
    exp_in_range<V, U>(x, ev);
    for (int u = 0; u < U; ++u) {
        V::store(e + i + u * L, ev[u]);
        V::store(ex + i + u * L, V::mul(ev[u], v[u]));
    }
}

// exp_step over whole vectors from 0, U of them a step while they last. Returns the
// first i not written.
template <class V, int U> int exp_rows(const float* src, float shift, float* e, float* ex, int n)
{
    constexpr int L = V::kLanes;
    int i = 0;
    for (; i + U * L <= n; i += U * L)
        exp_step<V, U>(src, shift, e, ex, i);
    for (; i + L <= n; i += L)
        exp_step<V, 1>(src, shift, e, ex, i);
    return i;
}

} // namespace poolscope::detail
