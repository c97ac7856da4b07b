#pragma once
// Convolution stage: weights from presets, conv2d with PyTorch's padding
// modes and output-size rule, and activations.
#include <string>
#include <vector>

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

// The kh x kw kernel of a preset (size from spec.kernel; Sobel and Laplacian are
// defined at 3x3, 5x5 and 7x7, sharpen/emboss/outline at 3x3, and throw ParamError
// for other sizes; box/gaussian/identity/random scale).
std::vector<float> preset_kernel(KernelPreset preset, Size2 kernel, std::uint64_t seed, int out_index,
                                 int in_index, int in_channels);

// Output channels past the presets get filters of their own rather than repeating
// them: oriented edges, Gabor filters, ridges and a center-surround, in this order,
// every one different at any kernel from 3x3 (a list of random presets keeps
// drawing new random filters instead).
int oriented_filter_count();
std::string oriented_filter_name(int index); // "edge 45°", "gabor 90°", ...
std::vector<float> oriented_filter(int index, Size2 kernel, int in_channels);

// The name of output channel o's filter: its preset's ("sobel-x") or an oriented
// filter's ("gabor 45°"); "custom" for custom weights.
std::string conv_channel_filter_name(const ConvSpec& spec, int out_index);

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
