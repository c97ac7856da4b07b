#pragma once
// BlurPool's separable blur eight outputs at a time, for processors with AVX2
// (blur_rows_avx2.cpp, chosen at run time with cpu_has_avx2()). Each lane does the
// very IEEE operations, in the same order, of pool_blur.cpp's portable lanes:
// 0 + taps[0] * v0 + taps[1] * v1 + ..., no fused multiply-add. Call only where the
// CPU has AVX2.
namespace poolscope::detail {

// Along one map row: out[o] = sum_j taps[j] * map[stride * o + j - before] for
// outputs o, o + 1, ... while whole vectors of eight fit below out_w and every
// column read (plus one past the last at stride 2) lies inside [0, map_w); the
// first o's columns must start at 0 or later. stride is 1 or 2. Returns the first
// o not written.
int blur_along_avx2(const float* map, int map_w, const float* taps, int size, int before, int stride, int o,
                    int out_w, float* out);

// Down the rows: out[o] = sum_i taps[i] * rows[i][o] for whole vectors of eight from
// 0; returns the first o not written.
int blur_down_avx2(const float* const* rows, const float* taps, int size, float* out, int ow);

} // namespace poolscope::detail
