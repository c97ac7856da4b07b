#pragma once
// Everything that defines a pooling operation, named as PyTorch names it.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/tensor/size2.h"

namespace poolscope {

enum class PoolOp {
    Max,
    Avg,
    Min,
    Lp,
    Mixed,
    Stochastic,
    SoftPool,
    AdaptiveMax,
    AdaptiveAvg,
    GlobalMax,
    GlobalAvg,
    FractionalMax,
    BlurPool,
};

inline constexpr std::array kAllPoolOps = {
    PoolOp::Max,        PoolOp::Avg,           PoolOp::Min,         PoolOp::Lp,          PoolOp::Mixed,
    PoolOp::Stochastic, PoolOp::SoftPool,      PoolOp::AdaptiveMax, PoolOp::AdaptiveAvg, PoolOp::GlobalMax,
    PoolOp::GlobalAvg,  PoolOp::FractionalMax, PoolOp::BlurPool,
};

// CLI spelling: "max", "avg", "min", "lp", "mixed", "stochastic", "softpool",
// "adaptive-max", "adaptive-avg", "global-max", "global-avg", "fractional-max", "blurpool".
std::string_view pool_op_name(PoolOp op);
std::optional<PoolOp> parse_pool_op(std::string_view name);

// Which parameters an op reads (drives CLI validation and which UI controls are live).
struct PoolOpTraits {
    bool sliding = false;      // kernel/stride/padding/ceil_mode windows (max, avg, ...)
    bool dilation = false;     // accepts dilation > 1
    bool padding = false;      // accepts padding > 0
    bool avg_divisor = false;  // count_include_pad / divisor_override apply
    bool indices = false;      // produces argmax/argmin indices
    bool output_size = false;  // adaptive / fractional output size
    bool norm_type = false;    // LP
    bool alpha = false;        // mixed
    bool seed = false;         // stochastic (train), fractional
    bool train = false;        // stochastic
    bool kernel = false;       // reads kernel_size (sliding ops, fractional, blurpool)
    bool ceil_mode = false;    // ceil_mode changes the output size
    bool output_ratio = false; // fractional: output_ratio instead of output_size
    bool blur_size = false;    // blurpool
};
PoolOpTraits pool_op_traits(PoolOp op);

struct PoolSpec {
    PoolOp op = PoolOp::Max;
    Size2 kernel{2, 2};
    std::optional<Size2> stride; // defaults to kernel (PyTorch's stride=None)
    Size2 padding{0, 0};
    Size2 dilation{1, 1};
    bool ceil_mode = false;
    bool count_include_pad = true;                     // avg, mixed
    std::optional<int> divisor_override;               // avg, mixed
    double norm_type = 2.0;                            // LP: p
    double alpha = 0.5;                                // mixed: alpha*max + (1-alpha)*avg
    std::uint64_t seed = 0;                            // stochastic (train) and fractional sampling
    bool train = false;                                // stochastic: sample (train) or expectation (eval)
    std::optional<Size2> output_size;                  // adaptive, fractional
    std::optional<std::array<double, 2>> output_ratio; // fractional (h, w), in (0, 1)
    // Fractional: optional samples u in [0,1) per channel, {u_w, u_h} as PyTorch's
    // _random_samples[n][c] = {width, height}. Empty: drawn from seed.
    std::vector<std::array<double, 2>> fractional_samples;
    int blur_size = 3; // BlurPool binomial filter size: 2..5

    Size2 effective_stride() const { return stride.value_or(kernel); }

    // Field by field, exactly (a NaN parameter equals nothing).
    friend bool operator==(const PoolSpec&, const PoolSpec&) = default;
};

// The spec as its op reads it: every parameter the op does not read (pool_op_traits)
// back at its default, so a value typed for another op is never validated or computed.
// Forms keep what the user typed and pass this to the core.
PoolSpec effective_spec(const PoolSpec& spec);

} // namespace poolscope
