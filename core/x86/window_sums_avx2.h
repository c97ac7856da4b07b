#pragma once
// The average pools' inner loops eight lanes at a time, for processors with AVX2
// (window_sums_avx2.cpp, chosen at run time with cpu_has_avx2()). Each lane does
// the very IEEE operations, in the same order, that the portable kernels do, so
// the bits are the same on every processor. Call only where the CPU has AVX2.
namespace poolscope::detail {

// Window sums of outputs o, o + 1, ... while whole vectors of eight fit below
// o_end: out[o] = 0 + every tap rows[i][stride * o + k] (k < kw) of every
// row i < nrows in turn, left to right, as ATen sums them. stride is 1 or 2, and
// every tap of these outputs, plus one column past the last at stride 2, lies
// inside its row. Returns the first o not written.
int window_sums_avx2(const float* const* rows, int nrows, int kw, int stride, int o, int o_end, float* out);

// row[o] = row[o] / (fy * xs[o]) for whole vectors of eight from 0; returns the
// first o not divided.
int divide_avx2(float* row, int n, float fy, const float* xs);

// LP with p = 2, for whole vectors of eight from 0, returning the first i not
// written: its taps dst[i] = src[i] * src[i], and its last step
// row[i] = sqrt(lp_rectify(row[i]) * area).
int lp2_power_avx2(const float* src, float* dst, int n);
int lp2_finish_avx2(float* row, int n, float area);

// Mixed pooling's blend for whole vectors of eight from 0, in double as the
// portable lanes do it: out[i] = float(alpha * out[i] + (1 - alpha) * avg[i]).
// Returns the first i not written.
int mix_avx2(float* out, const float* avg, int n, double alpha);

} // namespace poolscope::detail
