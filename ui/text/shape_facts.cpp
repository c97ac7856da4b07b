#include "ui/text/shape_facts.h"

#include "ui/model/session.h"

namespace poolscope::ui {

namespace {
StageShape shapeOf(ConstTensorView t)
{
    return {t.channels(), t.height(), t.width()};
}
StageShape shapeOf(const MapShape& s)
{
    return {s.channels, s.height, s.width};
}
} // namespace

ShapeFacts shapeFacts(const PipelineResult& r)
{
    ShapeFacts f;
    f.input = shapeOf(r.input);
    f.conv = shapeOf(r.poolInputShape);
    f.pool = shapeOf(r.outputShape);
    f.convEnabled = r.convEnabled;
    if (r.convEnabled) {
        f.convWeights = (long long)r.weights.weights.size();
        f.convBiases = r.weights.out_channels;
    }
    return f;
}

} // namespace poolscope::ui
