// `conv`: convolves feature maps (cross-correlation, as PyTorch's conv2d).
#include <memory>

#include <CLI/CLI.hpp>

#include "app/cli/commands.h"
#include "app/cli/conv_flags.h"
#include "app/cli/input_source.h"
#include "app/cli/output_sink.h"

namespace poolscope::cli {
namespace {

struct ConvCommand {
    InputFlags input;
    ConvFlags conv;
    std::string output;
};

void run_conv(const ConvCommand& f, const CliContext& ctx)
{
    const OutputTarget out = prepare_output(f.output, "--output");
    const LoadedInput in = load_input(f.input, ctx);
    const ConvSpec spec = f.conv.to_spec(in.tensor.channels(), ctx);
    const Tensor y = run_conv_stage(in.tensor, spec, ctx);
    write_output(out, y, output_shape_like(in.stored_shape, y.channels(), y.height(), y.width()));
}

} // namespace

Command add_conv_command(CLI::App& parent)
{
    auto f = std::make_shared<ConvCommand>();
    CLI::App* sub = parent.add_subcommand(
        "conv",
        "Convolve feature maps with preset or custom kernels (PyTorch's conv2d) and write the result.");
    f->input.add_to(*sub);
    sub->add_option(
           "-o,--output", f->output,
           "Where to write: .npy (float32, same rank as a .npy input), .png (colour-mapped montage), "
           "or a folder ending in '/' (one PNG per channel plus the montage).")
        ->type_name("PATH")
        ->required()
        ->group("Input and output");
    f->conv.add_to(*sub);
    sub->footer(
        "Examples:\n"
        "  poolscope-cli conv --preset sobel-x,sobel-y --padding same --activation relu --output edges/\n"
        "  poolscope-cli conv --input photo.png --gray --weights kernel.npy --output out.npy");
    return {sub, [f](const CliContext& ctx) { run_conv(*f, ctx); }};
}

} // namespace poolscope::cli
