#pragma once
// The pooling flags, spelled as PyTorch names the parameters (--kernel-size,
// --ceil-mode, --count-include-pad, ...), shared by pool, trace, shape and bench.
#include <string>
#include <vector>

#include "core/shape/pool_shape.h"
#include "core/spec/pool_spec.h"

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace poolscope::cli {

struct PoolFlags {
    std::string op = "max";
    std::string kernel_size, stride, padding, dilation;
    bool ceil_mode = false;
    std::string count_include_pad = "true";
    std::string divisor_override, norm_type, output_size, output_ratio, alpha, seed, blur_size;
    bool train = false;

    // Each flag with the ops that read it, to refuse a flag the op would ignore.
    struct Rule {
        CLI::Option* option = nullptr;
        bool (*applies)(PoolOp) = nullptr;
        // A value that changes nothing (padding 0, dilation 1) is accepted for any op.
        bool (*is_neutral)(const PoolSpec&) = nullptr;
    };
    std::vector<Rule> rules;

    void add_to(CLI::App& app);

    PoolOp parsed_op() const;
    // Throws ArgError for unparsable values and for flags the op does not read.
    PoolSpec to_spec() const;
};

// "max, min, fractional-max": the ops for which `applies` holds.
std::string ops_where(bool (*applies)(PoolOp));

} // namespace poolscope::cli
