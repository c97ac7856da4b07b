#pragma once
// JSON documents the subcommands print. Floats are written with enough digits
// to read back the same value; NaN and infinities become null (JSON has neither).
#include <ostream>

#include <nlohmann/json.hpp>

#include "core/pool/window_trace.h"
#include "core/shape/pool_shape.h"

namespace poolscope::cli {

nlohmann::json size_json(Size2 s); // {"h": .., "w": ..}

// The geometry actually used, every default resolved.
nlohmann::json geometry_json(const PoolSpec& spec, const PoolGeometry& g);

// One output cell: op, channel, oy, ox, result, chosen, index, divisor, window, taps, ...
nlohmann::json trace_json(const WindowTrace& t, const PoolGeometry& g);

// input, output, formulas, notes, cells_never_read and the geometry.
nlohmann::json shape_json(const PoolSpec& spec, const ShapeExplanation& e);

// Indented, one document per call, newline-terminated.
void print_json(std::ostream& out, const nlohmann::json& j);

} // namespace poolscope::cli
