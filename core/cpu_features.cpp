#include "core/cpu_features.h"

#include <opencv2/core/utility.hpp>

namespace poolscope::detail {

bool cpu_has_avx2()
{
    return cv::checkHardwareSupport(CV_CPU_AVX2);
}

} // namespace poolscope::detail
