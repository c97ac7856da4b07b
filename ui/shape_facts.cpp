#include "ui/shape_facts.h"

#include "ui/session.h"

namespace poolscope::ui {

namespace {
StageShape shapeOf(const Tensor& t)
{
    return {t.channels(), t.height(), t.width()};
}
} // namespace

ShapeFacts shapeFacts(const PipelineResult& r)
{
    ShapeFacts f;
    f.input = shapeOf(r.input);
    f.conv = shapeOf(r.poolInput);
    f.pool = shapeOf(r.pooled.output);
    f.convEnabled = r.convEnabled;
    if (r.convEnabled) {
        f.convWeights = (long long)r.weights.weights.size();
        f.convBiases = r.weights.out_channels;
    }
    return f;
}

} // namespace poolscope::ui
