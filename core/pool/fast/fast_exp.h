#pragma once
// e^x in float for SoftPool in the default instruction set: exp_lanes.h's
// operations one value at a time (single windows, trace) and four lanes at a time
// (rows), with the same bits as the AVX2 and AVX-512 rows; a library expf would
// differ from any vector version in places. Accurate to 2 ulp for x in [-87, 88];
// below it returns 0, above +inf. For files built with the default flags only:
// kernels for another instruction set bring their own lanes to exp_lanes.h.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/pool/fast/exp_constants.h"
#include "core/pool/fast/exp_lanes.h"
#include "core/pool/fast/lanes.h"

namespace poolscope::detail {

// One lane for exp_lanes.h.
struct ExpScalar {
    using F = float;
    static constexpr int kLanes = 1;
    static F load(const float* p) { return *p; }
    static void store(float* p, F v) { *p = v; }
    static F set1(float x) { return x; }
    static F add(F a, F b) { return a + b; }
    static F sub(F a, F b) { return a - b; }
    static F mul(F a, F b) { return a * b; }
    static std::int32_t round(F v) { return std::int32_t(std::lrint(v)); }
    static F to_float(std::int32_t n) { return float(n); }
    static F pow2_eighths(std::int32_t n)
    {
        const auto bits = std::uint32_t(exp_constants::kPow2Eighths[n & 7]) + (std::uint32_t(n >> 3) << 23);
        return std::bit_cast<float>(bits);
    }
};

inline float exp_f(float x)
{
    using namespace exp_constants;
    if (std::isnan(x))
        return x;
    if (x < kLow)
        return 0.f;
    if (x > kHigh)
        return std::numeric_limits<float>::infinity();
    const float in[1] = {x};
    float e[1];
    exp_in_range<ExpScalar, 1>(in, e);
    return e[0];
}

#ifdef POOLSCOPE_LANES
// Four lanes of OpenCV's universal intrinsics for exp_lanes.h.
struct ExpLanes4 {
    using F = f32x4;
    static constexpr int kLanes = 4;
    static F load(const float* p) { return cv::v_load(p); }
    static void store(float* p, const F& v) { cv::v_store(p, v); }
    static F set1(float x) { return cv::v_setall_f32(x); }
    static F add(const F& a, const F& b) { return a + b; }
    static F sub(const F& a, const F& b) { return a - b; }
    static F mul(const F& a, const F& b) { return a * b; }
    static i32x4 round(const F& v) { return cv::v_round(v); }
    static F to_float(const i32x4& n) { return cv::v_cvt_f32(n); }
    static F pow2_eighths(const i32x4& n)
    {
        const i32x4 t = cv::v_lut(exp_constants::kPow2Eighths, n & cv::v_setall_s32(7));
        return cv::v_reinterpret_as_f32(t + cv::v_shl<23>(cv::v_shr<3>(n)));
    }
};
#endif

// e[i] = exp_f(src[i] - shift) and ex[i] = e[i] * src[i], for rows where every
// src[i] - shift lies in [kLow, kHigh] (SoftPool's shared shift guarantees it).
inline void exp_row_in_range(const float* src, float shift, float* e, float* ex, int n)
{
    int i = 0;
#ifdef POOLSCOPE_LANES
    i = exp_rows<ExpLanes4, 2>(src, shift, e, ex, n);
#endif
    for (; i < n; ++i)
        exp_step<ExpScalar, 1>(src, shift, e, ex, i);
}

} // namespace poolscope::detail
