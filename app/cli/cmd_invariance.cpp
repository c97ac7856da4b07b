// `invariance`: how much of a pool's output stays the same as its input shifts by
// 0..D pixels (core/lab/invariance.h), written as CSV or JSON.
#include <charconv>
#include <cmath>
#include <memory>

#include <CLI/CLI.hpp>

#include "app/cli/arg_parse.h"
#include "app/cli/cli_errors.h"
#include "app/cli/commands.h"
#include "app/cli/conv_flags.h"
#include "app/cli/convention_flag.h"
#include "app/cli/input_source.h"
#include "app/cli/output_sink.h"
#include "app/cli/pool_flags.h"
#include "core/document/spec_json.h"
#include "core/io/atomic_file.h"
#include "core/lab/invariance.h"
#include "core/shape/memory_estimate.h"

namespace poolscope::cli {
namespace {

struct InvarianceCommand {
    InputFlags input;
    PreConvFlags pre_conv;
    PoolFlags pool;
    ConventionFlag convention;
    std::string axis = "x", max_shift, tolerance = "0", output;
};

// The shortest text that reads back as the same double; NaN as an empty field,
// which a spreadsheet takes for a missing value.
std::string csv_number(double v)
{
    if (std::isnan(v))
        return {};
    char text[32];
    return std::string(text, std::to_chars(text, text + sizeof text, v).ptr);
}

std::string csv_text(const InvarianceResult& r)
{
    std::string text = "shift,equal_fraction,cosine\n";
    for (const ShiftComparison& s : r.shifts)
        text +=
            std::to_string(s.shift) + "," + csv_number(s.equal_fraction) + "," + csv_number(s.cosine) + "\n";
    return text;
}

// JSON has no NaN: null.
nlohmann::ordered_json json_number(double v)
{
    return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
}

nlohmann::ordered_json shape_json(int c, Size2 s)
{
    return {{"c", c}, {"h", s.h}, {"w", s.w}};
}

std::string json_text(const InvarianceResult& r, const Tensor& x, const PoolSpec& spec,
                      const ShiftSweep& sweep)
{
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const ShiftComparison& s : r.shifts)
        rows.push_back({{"shift", s.shift},
                        {"equal_fraction", json_number(s.equal_fraction)},
                        {"cosine", json_number(s.cosine)}});
    const nlohmann::ordered_json j = {
        {"input", shape_json(x.channels(), {x.height(), x.width()})},
        {"pool", pool_spec_json(spec)},
        {"convention", convention_name(sweep.convention)},
        {"axis", shift_axis_name(sweep.axis)},
        {"max_shift", sweep.max_shift},
        {"tolerance", sweep.tolerance},
        {"view", shape_json(r.channels, r.view)},
        {"output", shape_json(r.channels, r.output)},
        {"shifts", std::move(rows)},
    };
    return j.dump(2) + "\n";
}

void run_invariance(const InvarianceCommand& f, const CliContext& ctx)
{
    const PoolSpec spec = f.pool.to_spec();
    if (f.output.empty())
        throw ArgError("nothing to write: give --output FILE.csv or FILE.json");
    const ShiftSweep sweep{parse_shift_axis(f.axis).value_or(ShiftAxis::X),
                           parse_int("--max-shift", f.max_shift, 0), parse_double("--tolerance", f.tolerance),
                           f.convention.value()};
    if (sweep.tolerance < 0)
        throw ArgError("--tolerance: must be 0 or more, got '" + f.tolerance + "'");
    const std::string kind = prepare_report_output(f.output, "--output", {".csv", ".json"});

    const LoadedInput in = load_input(f.input, ctx);
    const Tensor x = f.pre_conv.apply(in.tensor, ctx);
    const SweepShape shape = sweep_shape(spec, sweep, x.height(), x.width());
    // One view, and the pooled maps of the first view and of the current one.
    const PoolGeometry g = geometry_for(spec, sweep.convention, shape.view.h, shape.view.w);
    ctx.require_memory(tensor_bytes(x.channels(), shape.view.h, shape.view.w) +
                           2.0 * pool_peak_bytes(spec, x.channels(), g),
                       "the shifted views " + std::to_string(x.channels()) + "x" +
                           std::to_string(shape.view.h) + "x" + std::to_string(shape.view.w));
    const InvarianceResult r = measure_invariance(x, spec, sweep);

    const std::string text = kind == ".csv" ? csv_text(r) : json_text(r, x, spec, sweep);
    write_file_atomic(f.output, std::vector<unsigned char>(text.begin(), text.end()));
}

} // namespace

Command add_invariance_command(CLI::App& parent)
{
    auto f = std::make_shared<InvarianceCommand>();
    CLI::App* sub = parent.add_subcommand(
        "invariance", "Translation invariance, measured: pool views of the input shifted by 0..D pixels and "
                      "compare each with the unshifted one (equal cells, cosine similarity).");
    f->input.add_to(*sub);
    sub->add_option("-o,--output", f->output,
                    "Where to write: .csv (shift,equal_fraction,cosine) or .json (with the shapes and the "
                    "spec).")
        ->type_name("FILE.csv|.json")
        ->group("Input and output");
    sub->add_option("--axis", f->axis,
                    "Which way the input moves: x (columns), y (rows) or xy (both at once). Default x.")
        ->type_name("x|y|xy")
        ->check(CLI::IsMember({"x", "y", "xy"}))
        ->group("Shifts");
    sub->add_option("--max-shift", f->max_shift,
                    "The largest shift D: every view is the input less D columns (rows), starting at 0..D.")
        ->type_name("D")
        ->required()
        ->group("Shifts");
    sub->add_option("--tolerance", f->tolerance,
                    "Output cells within this of each other count as equal (default 0: exactly equal).")
        ->type_name("T")
        ->group("Shifts");
    f->pre_conv.add_to(*sub);
    f->pool.add_to(*sub);
    f->convention.add_to(*sub);
    sub->footer("Examples:\n"
                "  poolscope-cli invariance --sample checkerboard --op max --kernel-size 2 --max-shift 8 "
                "--output max.csv\n"
                "  poolscope-cli invariance --sample checkerboard --op blurpool --kernel-size 2 --stride 2 "
                "--axis xy --max-shift 8 --output blur.json");
    return {sub, [f](const CliContext& ctx) { run_invariance(*f, ctx); }};
}

} // namespace poolscope::cli
