#pragma once
// Convolution stage: weights from presets, conv2d with PyTorch's padding
// modes and output-size rule, and activations.
#include "core/spec/conv_spec.h"
#include "core/tensor/tensor.h"

namespace poolscope {

// What the conv stage runs on beyond its spec.
struct ConvOptions {
    // The threads it may use (thread_budget, core/tensor/threads.h): 0 for OpenCV's
    // pool, 1 for the calling thread alone (never entering cv::parallel_for_), N for
    // at most N. The results are the same bits whatever the count.
    int threads = 0;
};

// The kh x kw kernel of a preset (size from spec.kernel; Sobel/Laplacian etc. are
// defined at 3x3 and throw ParamError for other sizes, box/gaussian/identity/random scale).
std::vector<float> preset_kernel(KernelPreset preset, Size2 kernel, std::uint64_t seed, int out_index,
                                 int in_index, int in_channels);

// Weights for spec on an input with in_channels channels (custom or from presets).
ConvWeights make_conv_weights(const ConvSpec& spec, int in_channels);

// Output size of conv2d along one axis (PyTorch); throws ParamError with a message when < 1.
Size2 conv_output_size(const ConvSpec& spec, int in_h, int in_w);

// Cross-correlation with spec's stride/padding/dilation/padding_mode, plus bias.
// Throws ParamError for invalid parameters (e.g. 'same' with stride > 1,
// reflect padding >= input size), naming the numbers.
Tensor conv2d(const Tensor& input, const ConvWeights& w, const ConvSpec& spec,
              const ConvOptions& options = {});

// In place.
void apply_activation(Tensor& t, Activation a, float negative_slope = 0.01f, const ConvOptions& options = {});

// conv2d + activation in one call, each output row activated as it is written;
// the same numbers as apply_activation(conv2d(...)).
Tensor conv_stage(const Tensor& input, const ConvSpec& spec, const ConvOptions& options = {});
Tensor conv_stage(const Tensor& input, const ConvWeights& w, const ConvSpec& spec,
                  const ConvOptions& options = {});

} // namespace poolscope
