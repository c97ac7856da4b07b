#pragma once
// SoftPool's per-row passes sixteen lanes at a time, for processors with AVX-512
// (softpool_avx512.cpp, chosen at run time with cpu_has_avx512()): the band
// shift's scan and the row exponentials. The windows stay on AVX2
// (weighted_rows_avx2.h): at stride 2 their cross-lane shuffles made sixteen
// lanes slower than eight, as measured. Each lane does the very IEEE
// operations, in the same order, of the AVX2 and portable kernels (no fused
// multiply-add), so the bits are the same on every processor. Call only where the
// CPU has AVX-512F.
#include <cstddef>

namespace poolscope::detail {

// As softpool_band_range_avx2, for whole vectors of sixteen from 0.
int softpool_band_range_avx512(const float* first, std::size_t step, int rows, int n, float& hi, float& lo,
                               bool& finite);

// As softpool_rows_avx2, for whole vectors of sixteen from 0.
int softpool_rows_avx512(const float* src, float shift, float* e, float* ex, int n);

} // namespace poolscope::detail
