#include "core/x86/cpu_features.h"

#include <atomic>

#include <opencv2/core/utility.hpp>

namespace poolscope::detail {

namespace {

std::atomic<KernelWidth> widest{KernelWidth::Avx512};

} // namespace

bool cpu_has_avx2()
{
    return cv::checkHardwareSupport(CV_CPU_AVX2);
}

bool cpu_has_avx512()
{
    return widest.load(std::memory_order_relaxed) == KernelWidth::Avx512 &&
           cv::checkHardwareSupport(CV_CPU_AVX_512F);
}

void limit_kernel_width(KernelWidth w)
{
    widest.store(w, std::memory_order_relaxed);
}

} // namespace poolscope::detail
