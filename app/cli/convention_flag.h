#pragma once
// --convention: which framework's rule sizes and pads the windows (max and avg).
#include <string>

#include "core/shape/convention_shape.h"
#include "core/spec/convention.h"

namespace CLI {
class App;
} // namespace CLI

namespace poolscope::cli {

struct ConventionFlag {
    std::string name = "pytorch";

    void add_to(CLI::App& app);
    Convention value() const; // the flag's check admits only the five names
};

// The geometry the commands size their outputs with: PyTorch's (resolve_geometry) or
// the convention's, its padding the top/left one. Throws ParamError.
PoolGeometry geometry_for(const PoolSpec& spec, Convention c, int in_h, int in_w);

} // namespace poolscope::cli
