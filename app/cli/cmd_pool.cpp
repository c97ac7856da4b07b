// `pool`: pools feature maps and writes the result (and optionally the indices).
#include <filesystem>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "app/cli/cli_errors.h"
#include "app/cli/commands.h"
#include "app/cli/conv_flags.h"
#include "app/cli/convention_flag.h"
#include "app/cli/input_source.h"
#include "app/cli/output_sink.h"
#include "app/cli/pool_flags.h"
#include "core/io/npy_io.h"
#include "core/pool/pool_convention.h"
#include "core/pool/pool_ops.h"
#include "core/shape/memory_estimate.h"

namespace poolscope::cli {
namespace {

struct PoolCommand {
    InputFlags input;
    PreConvFlags pre_conv;
    PoolFlags pool;
    ConventionFlag convention;
    std::string output, indices;
};

bool same_file(const std::string& a, const std::string& b)
{
    namespace fs = std::filesystem;
    return fs::absolute(a).lexically_normal() == fs::absolute(b).lexically_normal();
}

void run_pool(const PoolCommand& f, const CliContext& ctx)
{
    const PoolSpec spec = f.pool.to_spec();
    if (f.output.empty() && f.indices.empty())
        throw ArgError("nothing to write: give --output PATH and/or --indices FILE.npy");
    if (!f.indices.empty() && !pool_op_traits(spec.op).indices)
        throw ArgError("--indices: --op " + f.pool.op + " produces no indices (ops with indices: " +
                       ops_where([](PoolOp op) { return pool_op_traits(op).indices; }) + ")");
    if (!f.output.empty() && !f.indices.empty() && same_file(f.output, f.indices))
        throw ArgError("--output and --indices name the same file '" + f.output + "'");

    // Paths first: a typo in a folder name should not cost a long computation.
    std::optional<OutputTarget> out, idx;
    if (!f.output.empty())
        out = prepare_output(f.output, "--output");
    if (!f.indices.empty())
        idx = prepare_npy_output(f.indices, "--indices");

    const LoadedInput in = load_input(f.input, ctx);
    const Tensor x = f.pre_conv.apply(in.tensor, ctx);
    const Convention convention = f.convention.value();
    const PoolGeometry g = geometry_for(spec, convention, x.height(), x.width());
    ctx.require_memory(pool_peak_bytes(spec, x.channels(), g),
                       "the pooled output " + std::to_string(x.channels()) + "x" + std::to_string(g.out.h) +
                           "x" + std::to_string(g.out.w));
    const PoolResult r = pool_convention(x, spec, convention, PoolOptions{.indices = idx.has_value()});

    const auto shape =
        output_shape_like(in.stored_shape, r.output.channels(), r.output.height(), r.output.width());
    if (idx)
        write_npy_indices(idx->path, r.indices, shape);
    if (out)
        write_output(*out, r.output, shape);
}

} // namespace

Command add_pool_command(CLI::App& parent)
{
    auto f = std::make_shared<PoolCommand>();
    CLI::App* sub = parent.add_subcommand(
        "pool", "Pool feature maps (an image, a .npy or an embedded sample) and write the result.");
    f->input.add_to(*sub);
    sub->add_option(
           "-o,--output", f->output,
           "Where to write: .npy (float32, same rank as a .npy input), .png (colour-mapped montage), "
           "or a folder ending in '/' (one PNG per channel plus the montage).")
        ->type_name("PATH")
        ->group("Input and output");
    sub->add_option("--indices", f->indices,
                    "Also write the argmax/argmin indices (return_indices: flat h*W+w per channel) as int64.")
        ->type_name("FILE.npy")
        ->group("Input and output");
    f->pre_conv.add_to(*sub);
    f->pool.add_to(*sub);
    f->convention.add_to(*sub);
    sub->footer("Examples:\n"
                "  poolscope-cli pool --op max --kernel-size 2 --output pooled.png\n"
                "  poolscope-cli pool --input maps.npy --op avg --kernel-size 3 --stride 2 --padding 1 "
                "--count-include-pad false --output out.npy\n"
                "  poolscope-cli pool --sample scene --conv-preset sobel-x,sobel-y --op max --output maps/");
    return {sub, [f](const CliContext& ctx) { run_pool(*f, ctx); }};
}

} // namespace poolscope::cli
