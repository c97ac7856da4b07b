#include "app/cli/pool_flags.h"

#include <climits>

#include <CLI/CLI.hpp>

#include "app/cli/arg_parse.h"
#include "app/cli/cli_errors.h"

namespace poolscope::cli {
namespace {

// Which flags each op reads, from the core's traits.
bool uses_kernel(PoolOp op)
{
    return pool_op_traits(op).kernel;
}
bool uses_stride(PoolOp op)
{
    return pool_op_traits(op).sliding;
}
bool uses_padding(PoolOp op)
{
    return pool_op_traits(op).padding;
}
bool uses_dilation(PoolOp op)
{
    return pool_op_traits(op).dilation;
}
bool uses_ceil_mode(PoolOp op)
{
    return pool_op_traits(op).ceil_mode;
}
bool uses_divisor(PoolOp op)
{
    return pool_op_traits(op).avg_divisor;
}
bool uses_norm_type(PoolOp op)
{
    return pool_op_traits(op).norm_type;
}
bool uses_alpha(PoolOp op)
{
    return pool_op_traits(op).alpha;
}
bool uses_seed(PoolOp op)
{
    return pool_op_traits(op).seed;
}
bool uses_train(PoolOp op)
{
    return pool_op_traits(op).train;
}
bool uses_output_size(PoolOp op)
{
    return pool_op_traits(op).output_size;
}
bool uses_output_ratio(PoolOp op)
{
    return pool_op_traits(op).output_ratio;
}
bool uses_blur_size(PoolOp op)
{
    return pool_op_traits(op).blur_size;
}

std::vector<std::string> op_names()
{
    std::vector<std::string> names;
    for (PoolOp op : kAllPoolOps)
        names.emplace_back(pool_op_name(op));
    return names;
}

std::string used_by(std::string text, bool (*applies)(PoolOp))
{
    return text + " Used by: " + ops_where(applies) + ".";
}

} // namespace

std::string ops_where(bool (*applies)(PoolOp))
{
    std::string list;
    for (PoolOp op : kAllPoolOps) {
        if (!applies(op))
            continue;
        if (!list.empty())
            list += ", ";
        list += pool_op_name(op);
    }
    return list.empty() ? "no op" : list;
}

void PoolFlags::add_to(CLI::App& app)
{
    const std::string group = "Pooling (PyTorch's parameter names)";
    auto rule = [&](CLI::Option* o, bool (*applies)(PoolOp), bool (*is_neutral)(const PoolSpec&) = nullptr) {
        o->group(group);
        rules.push_back({o, applies, is_neutral});
    };

    app.add_option("--op", op, "Pooling operation (default max).")
        ->type_name("OP")
        ->check(CLI::IsMember(op_names()))
        ->group(group);
    rule(app.add_option("--kernel-size", kernel_size,
                        used_by("Window size kernel_size, K or KH,KW (default 2).", uses_kernel))
             ->type_name("K|KH,KW"),
         uses_kernel);
    rule(app.add_option("--stride", stride,
                        used_by("Step between windows, S or SH,SW (default: kernel_size, as stride=None).",
                                uses_stride))
             ->type_name("S|SH,SW"),
         uses_stride);
    rule(app.add_option("--padding", padding,
                        used_by("Implicit padding on each side, P or PH,PW (default 0): -inf for max, zeros "
                                "for avg.",
                                uses_padding))
             ->type_name("P|PH,PW"),
         uses_padding, [](const PoolSpec& s) {
             return s.padding == Size2{0, 0};
         });
    rule(app.add_option("--dilation", dilation,
                        used_by("Spacing between window taps, D or DH,DW (default 1).", uses_dilation))
             ->type_name("D|DH,DW"),
         uses_dilation, [](const PoolSpec& s) {
             return s.dilation == Size2{1, 1};
         });
    rule(app.add_flag("--ceil-mode", ceil_mode,
                      used_by("Round the output size up instead of down (ceil_mode).", uses_ceil_mode)),
         uses_ceil_mode);
    rule(app.add_option("--count-include-pad", count_include_pad,
                        used_by("Count the zero padding in the average's divisor, true|false "
                                "(count_include_pad, default true).",
                                uses_divisor))
             ->type_name("BOOL")
             ->check(CLI::IsMember({"true", "false"})),
         uses_divisor);
    rule(app.add_option("--divisor-override", divisor_override,
                        used_by("Divide every window sum by N instead (divisor_override).", uses_divisor))
             ->type_name("N"),
         uses_divisor);
    rule(app.add_option("--norm-type", norm_type,
                        used_by("The power p of LP pooling (norm_type, default 2).", uses_norm_type))
             ->type_name("P"),
         uses_norm_type);
    rule(app.add_option("--output-size", output_size,
                        used_by("Output size N or H,W (output_size).", uses_output_size))
             ->type_name("N|H,W"),
         uses_output_size);
    rule(app.add_option("--output-ratio", output_ratio,
                        used_by("Output size as a fraction of the input, R or RH,RW in (0,1) (output_ratio).",
                                uses_output_ratio))
             ->type_name("R|RH,RW"),
         uses_output_ratio);
    rule(app.add_option("--alpha", alpha,
                        used_by("Mixing weight: alpha*max + (1-alpha)*avg (default 0.5).", uses_alpha))
             ->type_name("A"),
         uses_alpha);
    rule(app.add_option("--seed", seed,
                        used_by("Seed of the random samples, 0 to 2^64-1 (default 0).", uses_seed))
             ->type_name("S"),
         uses_seed);
    rule(app.add_flag(
             "--train", train,
             used_by("Sample one tap per window as in training, instead of the expectation.", uses_train)),
         uses_train);
    rule(app.add_option("--blur-size", blur_size,
                        used_by("Size of the binomial blur filter, 2 to 5 (default 3).", uses_blur_size))
             ->type_name("F"),
         uses_blur_size);
}

PoolOp PoolFlags::parsed_op() const
{
    if (auto o = parse_pool_op(op))
        return *o;
    throw ArgError("--op: unknown operation '" + op + "'");
}

PoolSpec PoolFlags::to_spec() const
{
    PoolSpec s;
    s.op = parsed_op();
    if (!kernel_size.empty())
        s.kernel = parse_size2("--kernel-size", kernel_size, 1);
    if (!stride.empty())
        s.stride = parse_size2("--stride", stride, 1);
    if (!padding.empty())
        s.padding = parse_size2("--padding", padding, 0);
    if (!dilation.empty())
        s.dilation = parse_size2("--dilation", dilation, 1);
    s.ceil_mode = ceil_mode;
    s.count_include_pad = count_include_pad == "true";
    if (!divisor_override.empty()) {
        s.divisor_override = parse_int("--divisor-override", divisor_override, INT_MIN);
        if (*s.divisor_override == 0)
            throw ArgError("--divisor-override: divisor must be not zero");
    }
    if (!norm_type.empty())
        s.norm_type = parse_double("--norm-type", norm_type);
    if (!output_size.empty())
        s.output_size = parse_size2("--output-size", output_size, 1);
    if (!output_ratio.empty())
        s.output_ratio = parse_double2("--output-ratio", output_ratio);
    if (!alpha.empty())
        s.alpha = parse_double("--alpha", alpha);
    if (!seed.empty())
        s.seed = parse_u64("--seed", seed);
    s.train = train;
    if (!blur_size.empty())
        s.blur_size = parse_int("--blur-size", blur_size, 2, 5);

    // A flag the op would silently ignore is a mistake worth naming.
    for (const Rule& r : rules) {
        if (r.option->count() == 0 || r.applies(s.op) || (r.is_neutral && r.is_neutral(s)))
            continue;
        throw ArgError(r.option->get_name() + " is not used by --op " + op +
                       " (it applies to: " + ops_where(r.applies) + ")");
    }
    return s;
}

} // namespace poolscope::cli
