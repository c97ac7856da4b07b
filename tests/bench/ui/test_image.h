#pragma once
// A synthetic RGB photo stand-in: smooth gradients with fine texture and a few
// edges, so the convolution and the pool have structure to work on at any size.
#include "core/tensor/tensor.h"

namespace poolscope::bench {

// 3 x height x width, values in [0, 1], the same for the same size.
Tensor makeTestImage(int width, int height);

} // namespace poolscope::bench
