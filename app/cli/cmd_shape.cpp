// `shape`: the output size with PyTorch's formula written out, as JSON.
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "app/cli/arg_parse.h"
#include "app/cli/commands.h"
#include "app/cli/input_source.h"
#include "app/cli/json_out.h"
#include "app/cli/output_sink.h"
#include "app/cli/pool_flags.h"
#include "core/io/npy_io.h"

namespace poolscope::cli {
namespace {

struct ShapeCommand {
    InputFlags input;
    PoolFlags pool;
    std::string input_size, coverage;
};

void run_shape(const ShapeCommand& f, const CliContext& ctx)
{
    const PoolSpec spec = f.pool.to_spec();
    std::optional<OutputTarget> coverage;
    if (!f.coverage.empty())
        coverage = prepare_npy_output(f.coverage, "--coverage");

    Size2 in;
    if (!f.input_size.empty()) {
        in = parse_size2("--input-size", f.input_size, 1);
    } else {
        const LoadedInput loaded = load_input(f.input, ctx);
        in = {loaded.tensor.height(), loaded.tensor.width()};
    }
    // --coverage writes, for every input cell, how many windows read it: the
    // int32 map and its float32 copy.
    if (coverage)
        ctx.require_memory(double(in.h) * in.w * 8.0,
                           "the coverage map " + std::to_string(in.h) + "x" + std::to_string(in.w));
    const ShapeExplanation e = explain_shape(spec, in.h, in.w);

    if (coverage) {
        Tensor t(1, in.h, in.w);
        cv::Mat plane = t.plane(0);
        e.coverage().convertTo(plane, CV_32F);
        write_npy(coverage->path, t, {in.h, in.w});
    }
    print_json(ctx.out, shape_json(spec, e));
}

} // namespace

Command add_shape_command(CLI::App& parent)
{
    auto f = std::make_shared<ShapeCommand>();
    CLI::App* sub = parent.add_subcommand(
        "shape", "Print the output size as JSON, with PyTorch's formula and the numbers put in.");
    f->input.add_to(*sub);
    sub->add_option("--input-size", f->input_size,
                    "Use an input of this size instead of reading one, N or H,W.")
        ->type_name("N|H,W")
        ->excludes(f->input.path_opt)
        ->excludes(f->input.sample_opt)
        ->group("Input and output");
    sub->add_option("--coverage", f->coverage,
                    "Also write how many windows read each input cell, as a float32 (H,W) .npy.")
        ->type_name("FILE.npy")
        ->group("Input and output");
    f->pool.add_to(*sub);
    sub->footer("Examples:\n"
                "  poolscope-cli shape --input-size 5 --kernel-size 2 --stride 2 --ceil-mode\n"
                "  poolscope-cli shape --input photo.png --op avg --kernel-size 3 --stride 2 --padding 1");
    return {sub, [f](const CliContext& ctx) { run_shape(*f, ctx); }};
}

} // namespace poolscope::cli
