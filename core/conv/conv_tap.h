#pragma once
// One tap of a conv's output row, as the row kernels read it: shared by the
// portable kernels and the ones built for a wider instruction set.
namespace poolscope::detail {

// Output channels computed together, so each input load feeds several
// multiply-adds (the loop is load-bound otherwise).
inline constexpr int kConvBlock = 4;

// Vectors of one row computed per step with nb output channels: nb * V
// accumulators, enough independent additions to hide their latency.
constexpr int conv_vectors_per_step(int nb)
{
    return nb == 1 ? 8 : nb == 2 ? 4 : nb == 3 ? 3 : 2;
}

struct ConvTap {
    const float* src;    // first input sample this tap reads for output x = 0
    float w[kConvBlock]; // its weight in each output channel of the block
};

// Stride-1 output values of `nb` channels from x = 0 for as long as whole
// 8-lane vectors fit, with AVX2; returns the first x not written. Each value is
// summed exactly as the portable kernels sum it: acc = 0, acc += w * src for
// every tap in order, then + bias, one IEEE multiply and one add at a time.
// Call only where the processor has AVX2.
int conv_row_avx2(int nb, const ConvTap* taps, int tap_count, const float* bias, float* const* out,
                  int out_w);

} // namespace poolscope::detail
