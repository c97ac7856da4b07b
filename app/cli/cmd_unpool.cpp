// `unpool`: PyTorch's max_unpool2d, from the values and indices `pool --indices` writes.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/cli/arg_parse.h"
#include "app/cli/cli_errors.h"
#include "app/cli/commands.h"
#include "app/cli/input_source.h"
#include "app/cli/output_sink.h"
#include "core/io/npy_io.h"
#include "core/pool/pool_ops.h"
#include "core/tensor/errors.h"

namespace poolscope::cli {
namespace {

struct UnpoolCommand {
    std::string input, indices, output;
    std::string kernel, stride, padding = "0", output_size;
};

std::string shape_text(const std::vector<long long>& shape)
{
    std::string s;
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? "x" : "") + std::to_string(shape[i]);
    return s;
}

void run_unpool(const UnpoolCommand& f, const CliContext& ctx)
{
    const Size2 kernel = parse_size2("--kernel-size", f.kernel, 1);
    const Size2 stride = f.stride.empty() ? kernel : parse_size2("--stride", f.stride, 1);
    const Size2 padding = parse_size2("--padding", f.padding, 0);
    std::optional<Size2> size;
    if (!f.output_size.empty())
        size = parse_size2("--output-size", f.output_size, 1);
    if (lower_extension(f.input) != ".npy")
        throw ArgError("--input: the pooled values must be a .npy (as pool --output writes them), got '" +
                       f.input + "'");

    // Paths first: a typo in a folder name should not cost the reading.
    const OutputTarget out = prepare_output(f.output, "--output");

    const NpyArray values = read_npy(f.input);
    const NpyIndices idx = read_npy_indices(f.indices);
    const Tensor& x = values.tensor;
    if (idx.indices.channels != x.channels() || idx.indices.height != x.height() ||
        idx.indices.width != x.width())
        throw ParamError("--indices holds " + shape_text(idx.shape) + " indices for " +
                         shape_text(values.shape) +
                         " values in --input: they must have the same shape (pool --indices writes them so)");
    // max_unpool2d's own checks (the size, then every index) follow in the core.
    // At most the default size plus the stride less one on each axis.
    const double most_h = double(x.height() - 1) * stride.h + kernel.h + stride.h;
    const double most_w = double(x.width() - 1) * stride.w + kernel.w + stride.w;
    ctx.require_memory(double(x.channels()) * most_h * most_w * sizeof(float), "the unpooled output");
    const Tensor y = max_unpool(x, idx.indices, kernel, stride, padding, size);
    write_output(out, y, output_shape_like(values.shape, y.channels(), y.height(), y.width()));
}

} // namespace

Command add_unpool_command(CLI::App& parent)
{
    auto f = std::make_shared<UnpoolCommand>();
    CLI::App* sub = parent.add_subcommand(
        "unpool", "Max-unpool pooled maps with their indices (PyTorch's max_unpool2d) and write the result.");
    sub->add_option(
           "-i,--input", f->input,
           "The pooled values: a .npy of shape (H,W), (C,H,W) or (1,C,H,W), as pool --output writes it.")
        ->type_name("POOLED.npy")
        ->required()
        ->group("Input and output");
    sub->add_option(
           "--indices", f->indices,
           "Where each value goes: int64 flat indices h*W+w per channel, of the values' shape, as pool "
           "--op max --indices writes them.")
        ->type_name("INDICES.npy")
        ->required()
        ->group("Input and output");
    sub->add_option("-o,--output", f->output,
                    "Where to write: .npy (float32, same rank as the input), .png (colour-mapped montage), "
                    "or a folder ending in '/' (one PNG per channel plus the montage).")
        ->type_name("PATH")
        ->required()
        ->group("Input and output");
    sub->add_option("--kernel-size", f->kernel, "The pool's window size kernel_size, K or KH,KW.")
        ->type_name("K|KH,KW")
        ->required()
        ->group("Unpooling (PyTorch's parameter names)");
    sub->add_option("--stride", f->stride,
                    "The pool's stride, S or SH,SW (default: kernel_size, as stride=None).")
        ->type_name("S|SH,SW")
        ->group("Unpooling (PyTorch's parameter names)");
    sub->add_option("--padding", f->padding, "The pool's padding, P or PH,PW (default 0).")
        ->type_name("P|PH,PW")
        ->group("Unpooling (PyTorch's parameter names)");
    sub->add_option("--output-size", f->output_size,
                    "The size to unpool to, N or H,W (output_size; default (in - 1) * stride - 2 * padding + "
                    "kernel_size, and a given one must lie strictly within stride of it).")
        ->type_name("N|H,W")
        ->group("Unpooling (PyTorch's parameter names)");
    sub->footer("Every value goes to its index in a zero-filled output; where indices repeat, the last one "
                "wins, as in PyTorch's CPU kernel.\n"
                "Examples:\n"
                "  poolscope-cli pool --input maps.npy --op max --kernel-size 2 --output pooled.npy "
                "--indices idx.npy\n"
                "  poolscope-cli unpool --input pooled.npy --indices idx.npy --kernel-size 2 --output "
                "unpooled.npy");
    return {sub, [f](const CliContext& ctx) { run_unpool(*f, ctx); }};
}

} // namespace poolscope::cli
