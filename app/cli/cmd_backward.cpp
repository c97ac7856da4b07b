// `backward`: the gradient of a pool with respect to its input, given the gradient
// with respect to its output (ones by default), as autograd computes it.
#include <algorithm>
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
#include "core/grad/pool_backward.h"
#include "core/io/npy_io.h"
#include "core/shape/memory_estimate.h"

namespace poolscope::cli {
namespace {

struct BackwardCommand {
    InputFlags input;
    PreConvFlags pre_conv;
    PoolFlags pool;
    ConventionFlag convention;
    std::string grad_output, output;
};

void run_backward(const BackwardCommand& f, const CliContext& ctx)
{
    const PoolSpec spec = f.pool.to_spec();
    if (f.output.empty())
        throw ArgError("nothing to write: give --output GRAD.npy");
    const OutputTarget out = prepare_npy_output(f.output, "--output");

    const LoadedInput in = load_input(f.input, ctx);
    const Tensor x = f.pre_conv.apply(in.tensor, ctx);
    const Convention convention = f.convention.value();
    const PoolGeometry g = geometry_for(spec, convention, x.height(), x.width());
    // The forward's output and indices, the gradient maps and the result.
    ctx.require_memory(pool_peak_bytes(spec, x.channels(), g) + 3.0 * double(x.size()) * sizeof(float),
                       "the gradient " + std::to_string(x.channels()) + "x" + std::to_string(x.height()) +
                           "x" + std::to_string(x.width()));
    Tensor grad_out;
    if (f.grad_output.empty()) {
        grad_out = Tensor(x.channels(), g.out.h, g.out.w);
        std::fill_n(grad_out.data(), grad_out.size(), 1.f);
    } else {
        grad_out = read_npy(f.grad_output).tensor; // a wrong shape: ParamError naming both
    }
    const Tensor grad_in = pool_backward(x, spec, convention, grad_out);
    write_output(out, grad_in, output_shape_like(in.stored_shape, x.channels(), x.height(), x.width()));
}

} // namespace

Command add_backward_command(CLI::App& parent)
{
    auto f = std::make_shared<BackwardCommand>();
    CLI::App* sub = parent.add_subcommand(
        "backward",
        "The gradient of a pool with respect to its input (PyTorch's autograd), written as .npy.");
    f->input.add_to(*sub);
    sub->add_option("--grad-output", f->grad_output,
                    "The gradient with respect to the pool's output (float32, the output's shape); "
                    "default: ones.")
        ->type_name("G.npy")
        ->group("Input and output");
    sub->add_option("-o,--output", f->output, "Where to write the input's gradient (float32 .npy).")
        ->type_name("GRAD.npy")
        ->group("Input and output");
    f->pre_conv.add_to(*sub);
    f->pool.add_to(*sub);
    f->convention.add_to(*sub);
    sub->footer("Examples:\n"
                "  poolscope-cli backward --op max --kernel-size 3 --stride 2 --padding 1 --output grad.npy\n"
                "  poolscope-cli backward --input x.npy --op avg --kernel-size 2 --grad-output g.npy "
                "--output grad.npy");
    return {sub, [f](const CliContext& ctx) { run_backward(*f, ctx); }};
}

} // namespace poolscope::cli
