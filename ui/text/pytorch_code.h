#pragma once
// The PyTorch line that computes the same thing as the current parameters, so a
// student can carry what they see into their own code.
#include <QString>

#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"

namespace poolscope::ui {

// e.g. "nn.MaxPool2d(kernel_size=2, stride=2)". Arguments left at PyTorch's
// defaults are omitted. Ops PyTorch lacks are written as the expression that
// computes them, or as a comment naming the paper. `channels`: the pool
// input's channel count (BlurPool's constructor needs it).
QString pytorchPoolCode(const PoolSpec& spec, int channels);

// e.g. "nn.Conv2d(1, 4, kernel_size=3, padding=1), nn.ReLU()".
QString pytorchConvCode(const ConvSpec& spec, int inChannels);

// The two parts of pytorchConvCode: "nn.Conv2d(...)", and the activation
// ("nn.ReLU()", "torch.abs"; empty for none).
QString pytorchConvLayer(const ConvSpec& spec, int inChannels);
QString pytorchActivation(const ConvSpec& spec);

} // namespace poolscope::ui
