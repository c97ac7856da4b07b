// `shape`: the output size with PyTorch's formula written out, as JSON.
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "app/cli/arg_parse.h"
#include "app/cli/commands.h"
#include "app/cli/convention_flag.h"
#include "app/cli/input_source.h"
#include "app/cli/json_out.h"
#include "app/cli/output_sink.h"
#include "app/cli/pool_flags.h"
#include "core/io/npy_io.h"
#include "core/shape/coverage.h"

namespace poolscope::cli {
namespace {

// The convention, the padding on each side and the rules in words.
void add_convention_fields(nlohmann::json& j, const ConventionGeometry& g)
{
    j["convention"] = std::string(convention_name(g.convention));
    j["padding_per_side"] = {{"top", g.h.pad_before},
                             {"bottom", g.h.pad_after},
                             {"left", g.w.pad_before},
                             {"right", g.w.pad_after}};
    j["rule_h"] = g.h.rule;
    j["rule_w"] = g.w.rule;
    j["divisor_rule"] = g.divisor_rule;
}

// Another framework's convention: its sizes, paddings and rules, and its coverage.
nlohmann::json convention_shape_json(const PoolSpec& spec, Convention c, Size2 in,
                                     const std::optional<OutputTarget>& coverage_file)
{
    const ConventionGeometry g = convention_geometry(c, spec, in.h, in.w);
    const Coverage cov = pool_coverage(spec, c, in.h, in.w);
    if (coverage_file) {
        Tensor t(1, in.h, in.w);
        for (std::size_t i = 0; i < cov.counts.size(); ++i)
            t.data()[i] = float(cov.counts[i]);
        write_npy(coverage_file->path, t, {in.h, in.w});
    }
    nlohmann::json j;
    j["op"] = std::string(pool_op_name(spec.op));
    j["input"] = size_json(g.in());
    j["output"] = size_json(g.out());
    j["kernel_size"] = size_json({g.h.kernel, g.w.kernel});
    j["stride"] = size_json({g.h.stride, g.w.stride});
    j["dilation"] = size_json({g.h.dilation, g.w.dilation});
    add_convention_fields(j, g);
    j["cells_never_read"] = cov.never_read;
    return j;
}

struct ShapeCommand {
    InputFlags input;
    PoolFlags pool;
    ConventionFlag convention;
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
    const Convention convention = f.convention.value();
    if (convention != Convention::PyTorch) {
        print_json(ctx.out, convention_shape_json(spec, convention, in, coverage));
        return;
    }
    const ShapeExplanation e = explain_shape(spec, in.h, in.w);

    if (coverage) {
        Tensor t(1, in.h, in.w);
        cv::Mat plane = t.plane(0);
        e.coverage().convertTo(plane, CV_32F);
        write_npy(coverage->path, t, {in.h, in.w});
    }
    nlohmann::json j = shape_json(spec, e);
    add_convention_fields(j, convention_geometry(Convention::PyTorch, spec, in.h, in.w));
    print_json(ctx.out, j);
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
    f->convention.add_to(*sub);
    sub->footer("Examples:\n"
                "  poolscope-cli shape --input-size 5 --kernel-size 2 --stride 2 --ceil-mode\n"
                "  poolscope-cli shape --input photo.png --op avg --kernel-size 3 --stride 2 --padding 1");
    return {sub, [f](const CliContext& ctx) { run_shape(*f, ctx); }};
}

} // namespace poolscope::cli
