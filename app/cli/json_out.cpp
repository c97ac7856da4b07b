#include "app/cli/json_out.h"

#include <cmath>

namespace poolscope::cli {
namespace {

// -1 and 0 mean "not applicable" in WindowTrace; JSON says so with null.
nlohmann::json index_or_null(long long v)
{
    return v < 0 ? nlohmann::json(nullptr) : nlohmann::json(v);
}

nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

} // namespace

nlohmann::json size_json(Size2 s)
{
    return {{"h", s.h}, {"w", s.w}};
}

nlohmann::json geometry_json(const PoolSpec& spec, const PoolGeometry& g)
{
    nlohmann::json j = {
        {"op", pool_op_name(spec.op)},
        {"input", size_json(g.in)},
        {"output", size_json(g.out)},
    };
    const PoolOpTraits traits = pool_op_traits(spec.op);
    if (traits.kernel)
        j["kernel_size"] = size_json(g.kernel);
    if (traits.sliding) {
        j["stride"] = size_json(g.stride);
        j["padding"] = size_json(g.padding);
        j["dilation"] = size_json(g.dilation);
    }
    if (traits.ceil_mode)
        j["ceil_mode"] = g.ceil_mode;
    return j;
}

nlohmann::json trace_json(const WindowTrace& t, const PoolGeometry& g)
{
    nlohmann::json taps = nlohmann::json::array();
    for (const Tap& tap : t.taps)
        taps.push_back({{"y", tap.y},
                        {"x", tap.x},
                        {"inside", tap.inside},
                        {"value", number(tap.value)},
                        {"weight", number(tap.weight)}});
    nlohmann::json j = {
        {"op", pool_op_name(t.op)},
        {"channel", t.channel},
        {"oy", t.oy},
        {"ox", t.ox},
        {"result", number(t.result)},
        {"chosen", index_or_null(t.chosen)},
        {"index", index_or_null(t.index)},
        {"divisor", t.divisor == 0.0 ? nlohmann::json(nullptr) : number(t.divisor)},
        {"window", size_json({t.window_h, t.window_w})},
        {"input", size_json(g.in)},
        {"output", size_json(g.out)},
        {"taps", std::move(taps)},
    };
    if (t.op == PoolOp::Lp) {
        j["p"] = number(t.p);
        j["lp_sum"] = number(t.lp_sum);
    }
    if (t.op == PoolOp::Mixed) {
        j["max_part"] = number(t.max_part);
        j["avg_part"] = number(t.avg_part);
    }
    return j;
}

nlohmann::json shape_json(const PoolSpec& spec, const ShapeExplanation& e)
{
    nlohmann::json j = geometry_json(spec, e.geometry);
    j["formula_h"] = e.formula_h;
    j["formula_w"] = e.formula_w;
    j["notes"] = e.notes;
    j["cells_never_read"] = e.cells_never_read;
    return j;
}

void print_json(std::ostream& out, const nlohmann::json& j)
{
    // Paths in strings may not be UTF-8; replace bad bytes rather than fail.
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

} // namespace poolscope::cli
