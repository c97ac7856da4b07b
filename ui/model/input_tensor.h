#pragma once
// How an input image becomes the tensor the pipeline sees.
#include "core/tensor/tensor.h"

namespace poolscope::ui {

// A 3-channel image whose channels are identical (a gray picture stored as
// RGB, e.g. the digit sample) becomes one channel, so the shapes shown are
// 1 x H x W as a student expects. Anything else is returned unchanged.
Tensor grayIfNeutral(const Tensor& t);

} // namespace poolscope::ui
