#pragma once
// How parameters are written in messages and explanations: as a PyTorch user
// passes them (3, or (3, 5) when height and width differ).
#include <string>

#include <opencv2/core.hpp>

#include "core/tensor/size2.h"

namespace poolscope {

inline std::string format_pair(Size2 v)
{
    return v.h == v.w ? std::to_string(v.h) : cv::format("(%d, %d)", v.h, v.w);
}

inline std::string format_pair(double h, double w)
{
    return h == w ? cv::format("%g", h) : cv::format("(%g, %g)", h, w);
}

} // namespace poolscope
