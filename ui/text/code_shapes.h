#pragma once
// The shapes every framework's snippet states, from the core's shape functions,
// and the small formatting helpers the snippets share.
#include <optional>

#include <QString>

#include "core/shape/pool_shape.h"
#include "ui/text/framework_code.h"

namespace poolscope::ui {

struct CodeShapes {
    int convChannels = 0; // the pool input's channels (the input's when the conv is off)
    Size2 poolIn;         // the pool input's height and width
    PoolGeometry pool;    // resolved on poolIn
    int outChannels() const { return convChannels; }
};

// The shapes, or the core's message when the parameters do not fit the input.
struct CodeShapesOrError {
    std::optional<CodeShapes> shapes;
    QString error;
};
CodeShapesOrError codeShapes(const CodeSetup& setup);

// "3" for a square pair, else "(2, 3)": Python's spelling of an int-or-tuple argument.
QString pyPair(Size2 s);
// Always "(2, 3)", for arguments that want a tuple.
QString pyTuple(Size2 s);

} // namespace poolscope::ui
