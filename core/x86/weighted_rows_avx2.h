#pragma once
// Stochastic pooling's and SoftPool's windows eight outputs at a time, for
// processors with AVX2 (weighted_rows_avx2.cpp, chosen at run time with
// cpu_has_avx2()). Each lane does the very IEEE operations, in the same order, of
// pool_weighted.cpp's portable lanes, so the bits are the same on every processor.
// Call only where the CPU has AVX2.
#include <cstdint>

namespace poolscope::detail {

// The window rows of one output row, laid out as PaddedRows lays them out: output
// o's tap k of row i sits at rows[i][stride * o + k], with a vector load's slack
// after the last tap. The kernel is undilated and stride is 1 or 2.
struct WindowRows {
    const float* const* rows;
    int count, kernel, stride;
};

// Stochastic pooling of outputs 0, 1, ... while whole vectors of eight fit below
// ow, on rows that hold no NaN: train draws a tap with cell_uniform(key, index0 +
// o), otherwise the probability-weighted mean. Windows of more than 16 taps are
// left to the portable lanes. Returns the first output not written.
int stochastic_row_avx2(const WindowRows& w, bool train, std::uint32_t key, std::uint32_t index0, float* out,
                        int ow);

// SoftPool from its exponentials e and products ex (the same layout, both zero
// outside): out[o] = sum ex / sum e over the window, 0 where sum e is 0.
int softpool_row_avx2(const WindowRows& e, const float* const* ex, float* out, int ow);

} // namespace poolscope::detail
