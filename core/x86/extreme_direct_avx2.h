#pragma once
// The small max and min windows' inner loops eight lanes at a time, for processors
// with AVX2 (extreme_direct_avx2.cpp, chosen at run time with cpu_has_avx2()), under
// the NaN-free rule of lanes.h's Extreme: a later tap takes over only where it is
// strictly greater (smaller for min), which is what x86's maxps and minps do. The
// same bits as the portable kernels. Call only where the CPU has AVX2.
namespace poolscope::detail {

// Column windows of one row, outputs o to o_end when at least eight are there (the
// last vector may overlap the one before), else none: h[o] = the fold of taps
// row[stride * o + first + k], k < kw (2 to 5), stride 1 or 2. Every tap of these
// outputs, and at stride 2 one column more, lies inside the row. Sets nan when a
// tap may be NaN (the rule then does not hold); returns the first o not written.
// `ahead`, when not null, is the next row to read: its same columns are fetched
// into the cache a step ahead.
int extreme_row_windows_avx2(bool is_min, int stride, int kw, const float* row, const float* ahead, int first,
                             int o, int o_end, float* h, bool& nan);

// out[o] = the fold of rows[k][o], k < count (1 to 5), for whole vectors of eight
// from 0, stored around the caches when stream, which only a row of whole cache
// lines may ask for (cache_lines.h); returns the first o not written.
int extreme_fold_avx2(bool is_min, const float* const* rows, int count, int n, float* out, bool stream);

// One output row of 2x2 windows at stride 2 without padding, straight from its two
// input rows: out[o] = the fold of top[2o], top[2o + 1], bottom[2o], bottom[2o + 1],
// in that (PyTorch's) order, for the vectors of eight that cover [0, n) (the last
// may overlap the one before; streamed around the caches when stream, which only a
// row of whole cache lines may ask for). Both input rows hold 2n floats. `next_top`
// and `next_bottom`, when not null, are the next output row's input rows: their
// same columns are fetched a step ahead. Returns false, with the row unfinished,
// when a tap is NaN (the rule then does not hold) or n is under eight.
bool extreme_pairs_row_avx2(bool is_min, const float* top, const float* bottom, const float* next_top,
                            const float* next_bottom, int n, float* out, bool stream);

} // namespace poolscope::detail
