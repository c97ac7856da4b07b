#pragma once
// Whole-plane reductions for processors with AVX2 (plane_reduce_avx2.cpp, chosen
// at run time with cpu_has_avx2()). Call only where the CPU has AVX2.
//
// The global max in two passes, eight lanes at a time: the plain
// max first, one maxps per vector and no index kept, then the first value that
// equals it, which is PyTorch's tap when no value is NaN (the first of the
// largest values; ties compare equal, signed zeros too). The second pass stops
// at that tap and reads a plane the first has just brought into the cache.
#include <cstddef>
#include <cstdint>

namespace poolscope::detail {

// The max of h rows of w floats, `step` floats apart, into max; false, with max
// unset, when a value is NaN.
bool plane_max_avx2(const float* data, int h, int w, std::size_t step, float& max);

// The flat index y * w + x of the first value that compares equal to target, in
// scan order; -1 when none does.
std::int64_t first_equal_avx2(const float* data, int h, int w, std::size_t step, float target);

// The 1x1 mean's double sums, pool_adaptive.cpp's layout: acc[l] (l < 16) adds
// row[x] for every column x = l mod 16 in order, here for the whole blocks of 16
// columns of one row of n; returns the first column not added.
int mean_row_avx2(const float* row, int n, double* acc);

} // namespace poolscope::detail
