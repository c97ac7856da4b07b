#include "app/cli/convention_flag.h"

#include <CLI/CLI.hpp>

namespace poolscope::cli {

void ConventionFlag::add_to(CLI::App& app)
{
    app.add_option("--convention", name,
                   "Whose rule sizes and pads the windows: pytorch (default), tf-same, tf-valid, caffe "
                   "(OpenCV's dnn Pooling), onnx-same-lower. The others take max and avg only.")
        ->type_name("NAME")
        ->check(CLI::IsMember({"pytorch", "tf-same", "tf-valid", "caffe", "onnx-same-lower"}))
        ->group("Pooling (PyTorch's parameter names)");
}

PoolGeometry geometry_for(const PoolSpec& spec, Convention c, int in_h, int in_w)
{
    if (c == Convention::PyTorch)
        return resolve_geometry(spec, in_h, in_w);
    const ConventionGeometry cg = convention_geometry(c, spec, in_h, in_w);
    PoolGeometry g;
    g.in = cg.in();
    g.out = cg.out();
    g.kernel = {cg.h.kernel, cg.w.kernel};
    g.stride = {cg.h.stride, cg.w.stride};
    g.padding = {cg.h.pad_before, cg.w.pad_before};
    g.dilation = {cg.h.dilation, cg.w.dilation};
    return g;
}

Convention ConventionFlag::value() const
{
    return parse_convention(name).value_or(Convention::PyTorch);
}

} // namespace poolscope::cli
