// `trace`: one output cell's window, tap by tap, as JSON.
#include <memory>

#include <CLI/CLI.hpp>

#include "app/cli/arg_parse.h"
#include "app/cli/cli_errors.h"
#include "app/cli/commands.h"
#include "app/cli/conv_flags.h"
#include "app/cli/convention_flag.h"
#include "app/cli/input_source.h"
#include "app/cli/json_out.h"
#include "app/cli/pool_flags.h"
#include "core/pool/pool_convention.h"

namespace poolscope::cli {
namespace {

struct TraceCommand {
    InputFlags input;
    PreConvFlags pre_conv;
    PoolFlags pool;
    ConventionFlag convention;
    std::string at;
    std::string channel = "0";
};

void run_trace(const TraceCommand& f, const CliContext& ctx)
{
    const PoolSpec spec = f.pool.to_spec();
    const std::vector<int> at = parse_int_list("--at", f.at, 2, 0);
    const int channel = parse_int("--channel", f.channel, 0);

    const LoadedInput in = load_input(f.input, ctx);
    const Tensor x = f.pre_conv.apply(in.tensor, ctx);
    const Convention convention = f.convention.value();
    const PoolGeometry g = geometry_for(spec, convention, x.height(), x.width());
    if (channel >= x.channels())
        throw ArgError("--channel " + std::to_string(channel) + ": the maps have " +
                       std::to_string(x.channels()) + " channel(s), numbered from 0");
    if (at[0] >= g.out.h || at[1] >= g.out.w)
        throw ArgError("--at " + f.at + " is outside the " + std::to_string(g.out.h) + "x" +
                       std::to_string(g.out.w) + " output (OY,OX count from 0)");
    print_json(ctx.out, trace_json(trace(x, spec, convention, channel, at[0], at[1]), g));
}

} // namespace

Command add_trace_command(CLI::App& parent)
{
    auto f = std::make_shared<TraceCommand>();
    CLI::App* sub = parent.add_subcommand(
        "trace", "Print one output cell's window as JSON: every tap, its value and weight, and the result.");
    f->input.add_to(*sub);
    f->pre_conv.add_to(*sub);
    sub->add_option("--at", f->at, "The output cell OY,OX (row, column, from 0).")
        ->type_name("OY,OX")
        ->required()
        ->group("Cell");
    sub->add_option("--channel", f->channel, "The channel, from 0 (default 0).")
        ->type_name("C")
        ->group("Cell");
    f->pool.add_to(*sub);
    f->convention.add_to(*sub);
    sub->footer("Examples:\n"
                "  poolscope-cli trace --op avg --kernel-size 3 --padding 1 --at 0,0\n"
                "  poolscope-cli trace --input maps.npy --op max --kernel-size 2 --at 5,7 --channel 2");
    return {sub, [f](const CliContext& ctx) { run_trace(*f, ctx); }};
}

} // namespace poolscope::cli
