#pragma once
// SoftPool's per-row exponentials eight lanes at a time, for processors with AVX2
// (softpool_rows_avx2.cpp, chosen at run time with cpu_has_avx2()): exp_lanes.h's
// operations, so the same bits as fast_exp.h's exp_f. Call only where the
// CPU has AVX2.
#include <cstddef>

namespace poolscope::detail {

// e[i] = exp_f(src[i] - shift) and ex[i] = e[i] * src[i] for whole vectors of
// eight from 0, on rows where every src[i] - shift lies in exp_f's range; returns
// the first i not written.
int softpool_rows_avx2(const float* src, float shift, float* e, float* ex, int n);

// The band shift's scan of `rows` rows of n floats, row i at first + i * step:
// hi and lo take the largest and smallest value seen, and finite becomes false on
// a NaN or an infinity, over the columns of whole vectors of eight from 0 in every
// row. Returns the first column not read.
int softpool_band_range_avx2(const float* first, std::size_t step, int rows, int n, float& hi, float& lo,
                             bool& finite);

} // namespace poolscope::detail
