#include "ui/model/input_tensor.h"

#include <algorithm>

namespace poolscope::ui {

Tensor grayIfNeutral(const Tensor& t)
{
    if (t.channels() != 3)
        return t;
    const std::size_t n = std::size_t(t.height()) * t.width();
    const float* r = t.data();
    const float* g = r + n;
    const float* b = g + n;
    if (!std::equal(r, r + n, g) || !std::equal(r, r + n, b))
        return t;
    return Tensor::fromPlanes({t.plane(0)});
}

} // namespace poolscope::ui
