#pragma once
// What the processor offers beyond the baseline the default build targets:
// kernels built for a wider instruction set are chosen by it at run time.
// cv::setUseOptimized(false) turns every such kernel off (tests run the portable
// kernels that way on any processor).
namespace poolscope::detail {

bool cpu_has_avx2();
bool cpu_has_avx512(); // AVX-512F

// The widest kernels chosen, at most, whatever the processor offers: tests run
// the AVX2 kernels this way on a processor with AVX-512. Process-wide.
enum class KernelWidth { Avx2, Avx512 };
void limit_kernel_width(KernelWidth widest);

} // namespace poolscope::detail
