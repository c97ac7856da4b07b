// `coverage`: how many windows read each input cell, as int64 .npy, with the
// never-read cells, the maximum and the histogram as JSON.
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "app/cli/arg_parse.h"
#include "app/cli/commands.h"
#include "app/cli/convention_flag.h"
#include "app/cli/json_out.h"
#include "app/cli/output_sink.h"
#include "app/cli/pool_flags.h"
#include "core/io/npy_io.h"
#include "core/shape/coverage.h"

namespace poolscope::cli {
namespace {

struct CoverageCommand {
    PoolFlags pool;
    ConventionFlag convention;
    std::string input_size, output;
    int channel = 0;
};

void run_coverage(const CoverageCommand& f, const CliContext& ctx)
{
    const PoolSpec spec = f.pool.to_spec();
    std::optional<OutputTarget> out;
    if (!f.output.empty())
        out = prepare_npy_output(f.output, "--output");
    const Size2 in = parse_size2("--input-size", f.input_size, 1);
    // The int64 counts and, for --output, their copy as indices.
    ctx.require_memory(double(in.h) * in.w * 16.0,
                       "the coverage map " + std::to_string(in.h) + "x" + std::to_string(in.w));
    const Coverage c = pool_coverage(spec, f.convention.value(), in.h, in.w, f.channel);
    if (out) {
        IndexTensor t{1, in.h, in.w, c.counts};
        write_npy_indices(out->path, t, {in.h, in.w});
    }
    nlohmann::json j;
    j["op"] = std::string(pool_op_name(spec.op));
    j["convention"] = f.convention.name;
    j["input"] = size_json(c.geometry.in);
    j["output"] = size_json(c.geometry.out);
    j["cells_never_read"] = c.never_read;
    j["max_count"] = c.max_count;
    j["histogram"] = c.histogram;
    print_json(ctx.out, j);
}

} // namespace

Command add_coverage_command(CLI::App& parent)
{
    auto f = std::make_shared<CoverageCommand>();
    CLI::App* sub = parent.add_subcommand(
        "coverage",
        "How many windows read each input cell (padding excluded): int64 .npy and a JSON summary.");
    sub->add_option("--input-size", f->input_size, "The input's size, N or H,W.")
        ->type_name("N|H,W")
        ->required()
        ->group("Input and output");
    sub->add_option("-o,--output", f->output, "Also write the counts as an int64 (H,W) .npy.")
        ->type_name("COUNTS.npy")
        ->group("Input and output");
    sub->add_option("--channel", f->channel,
                    "The channel whose windows count (fractional-max samples per channel).")
        ->type_name("C")
        ->check(CLI::NonNegativeNumber)
        ->group("Input and output");
    f->pool.add_to(*sub);
    f->convention.add_to(*sub);
    sub->footer("Examples:\n"
                "  poolscope-cli coverage --input-size 28 --op max --kernel-size 2 --stride 3\n"
                "  poolscope-cli coverage --input-size 9,11 --kernel-size 3 --stride 2 --padding 1 --output "
                "counts.npy");
    return {sub, [f](const CliContext& ctx) { run_coverage(*f, ctx); }};
}

} // namespace poolscope::cli
