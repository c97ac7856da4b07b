#pragma once
// What the processor offers beyond the baseline the default build targets:
// kernels built for a wider instruction set are chosen by it at run time.
// cv::setUseOptimized(false) turns every such kernel off (tests run the portable
// kernels that way on any processor).
namespace poolscope::detail {

bool cpu_has_avx2();

} // namespace poolscope::detail
