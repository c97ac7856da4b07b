#pragma once
// e^x in float for SoftPool, as one function in two forms that give the same bits:
// a scalar one for single windows (trace) and a vector one for whole rows. Both run
// the same IEEE operations in the same order (round to nearest, Cody-Waite
// reduction by ln 2, Cephes' degree-6 polynomial, scaling by 2^n through the
// exponent field); a library expf would differ from any vector version in places.
// Accurate to about 2 ulp for x in [-87, 88]; below it returns 0, above +inf.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/exp_constants.h"
#include "core/lanes.h"

namespace poolscope::detail {

inline float exp_f(float x)
{
    using namespace exp_constants;
    if (std::isnan(x))
        return x;
    if (x < kLow)
        return 0.f;
    if (x > kHigh)
        return std::numeric_limits<float>::infinity();
    const float n = float(std::lrint(x * kLog2e));
    const float r = (x - n * kLn2Hi) - n * kLn2Lo;
    const float z = r * r;
    float y = kP[0];
    for (int i = 1; i < 6; ++i)
        y = y * r + kP[i];
    y = (y * z + r) + 1.f;
    const std::int32_t bits = (std::int32_t(n) + 127) << 23;
    return y * std::bit_cast<float>(bits);
}

#ifdef POOLSCOPE_LANES
inline f32x4 exp_f(const f32x4& x)
{
    using namespace exp_constants;
    const f32x4 low = cv::v_setall_f32(kLow), high = cv::v_setall_f32(kHigh);
    const f32x4 c = cv::v_min(cv::v_max(x, low), high); // NaN lanes are fixed below
    const cv::v_int32x4 ni = cv::v_round(c * cv::v_setall_f32(kLog2e));
    const f32x4 n = cv::v_cvt_f32(ni);
    const f32x4 r = (c - n * cv::v_setall_f32(kLn2Hi)) - n * cv::v_setall_f32(kLn2Lo);
    const f32x4 z = r * r;
    f32x4 y = cv::v_setall_f32(kP[0]);
    for (int i = 1; i < 6; ++i)
        y = y * r + cv::v_setall_f32(kP[i]);
    y = (y * z + r) + cv::v_setall_f32(1.f);
    const f32x4 scale = cv::v_reinterpret_as_f32(cv::v_shl<23>(ni + cv::v_setall_s32(127)));
    f32x4 e = y * scale;
    e = cv::v_select(x < low, cv::v_setzero_f32(), e);
    e = cv::v_select(x > high, cv::v_setall_f32(std::numeric_limits<float>::infinity()), e);
    return cv::v_select(x != x, x, e);
}
#endif

#ifdef POOLSCOPE_LANES
// exp_f for lanes known to lie in [kLow, kHigh]: the same operations without the
// range and NaN fixes, so the same bits for such lanes.
inline f32x4 exp_f_in_range(const f32x4& x)
{
    using namespace exp_constants;
    const cv::v_int32x4 ni = cv::v_round(x * cv::v_setall_f32(kLog2e));
    const f32x4 n = cv::v_cvt_f32(ni);
    const f32x4 r = (x - n * cv::v_setall_f32(kLn2Hi)) - n * cv::v_setall_f32(kLn2Lo);
    const f32x4 z = r * r;
    f32x4 y = cv::v_setall_f32(kP[0]);
    for (int i = 1; i < 6; ++i)
        y = y * r + cv::v_setall_f32(kP[i]);
    y = (y * z + r) + cv::v_setall_f32(1.f);
    return y * cv::v_reinterpret_as_f32(cv::v_shl<23>(ni + cv::v_setall_s32(127)));
}
#endif

// dst[i] = exp_f(src[i] - shift), for rows where every src[i] - shift lies in
// [kLow, kHigh] (SoftPool's shared shift guarantees it).
inline void exp_row_in_range(const float* src, float shift, float* dst, int n)
{
    int i = 0;
#ifdef POOLSCOPE_LANES
    const f32x4 s = cv::v_setall_f32(shift);
    for (; i + 4 <= n; i += 4)
        cv::v_store(dst + i, exp_f_in_range(cv::v_load(src + i) - s));
#endif
    for (; i < n; ++i)
        dst[i] = exp_f(src[i] - shift);
}

} // namespace poolscope::detail
