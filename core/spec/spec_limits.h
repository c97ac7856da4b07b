#pragma once
// The ranges the application's controls allow for every parameter. The parameter
// forms use them and a saved session or settings file is checked against them, so
// whatever is read back is something a user could have set by hand. Values inside
// these ranges may still be refused by an op (e.g. padding over half the window):
// those errors are the lesson, shown where the parameter is edited.
#include <cstdint>

namespace poolscope::limits {

struct IntRange {
    int lo, hi;
    constexpr bool contains(long long v) const { return v >= lo && v <= hi; }
};

struct RealRange {
    double lo, hi;
    constexpr bool contains(double v) const { return v >= lo && v <= hi; }
};

// Pooling.
inline constexpr IntRange kPoolKernel{1, 99};
inline constexpr IntRange kPoolStride{1, 99};
inline constexpr IntRange kPoolPadding{0, 49};
inline constexpr IntRange kPoolDilation{1, 20};
inline constexpr IntRange kPoolOutputSize{1, 999};
inline constexpr IntRange kDivisorOverride{-99, 999}; // 0 and negatives teach PyTorch's error
inline constexpr IntRange kBlurSize{2, 5};
inline constexpr RealRange kNormType{0.1, 64.0};
inline constexpr RealRange kAlpha{0.0, 1.0};
inline constexpr RealRange kOutputRatio{0.01, 0.99};
inline constexpr int kMaxFractionalSamples = 1024; // one pair per channel

// Convolution.
inline constexpr IntRange kConvOutChannels{1, 16};
inline constexpr IntRange kConvKernel{1, 9};
inline constexpr IntRange kConvStride{1, 9};
inline constexpr IntRange kConvPadding{0, 9};
inline constexpr IntRange kConvDilation{1, 9};
inline constexpr RealRange kConvBias{-10.0, 10.0};
inline constexpr RealRange kNegativeSlope{0.0, 1.0};

// Seeds: what a spin box holds (a signed 32-bit int).
inline constexpr std::uint64_t kMaxSeed = 2147483647;

// Animation speed in steps per second.
inline constexpr RealRange kAnimationSpeed{0.5, 5000.0};

} // namespace poolscope::limits
