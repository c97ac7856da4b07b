#include "ui/stage/hover_map.h"

#include <algorithm>

#include "core/pool/window_trace.h"
#include "ui/model/session.h"

namespace poolscope::ui {

namespace {

// Ops whose window for output o starts at o*stride - padding and has kernel
// taps spaced by dilation (avg clamps its window to the image, which does not
// change which image cells it reads).
bool isSlidingWindow(PoolOp op)
{
    switch (op) {
    case PoolOp::Max:
    case PoolOp::Avg:
    case PoolOp::Min:
    case PoolOp::Lp:
    case PoolOp::Mixed:
    case PoolOp::Stochastic:
    case PoolOp::SoftPool:
        return true;
    default:
        return false;
    }
}

// Outputs along one axis whose taps o*s - p + i*d (0 <= i < k) hit coordinate v.
std::vector<int> axisOutputs(int v, int out, int kernel, int stride, int pad, int dilation)
{
    std::vector<int> hits;
    const int reach = dilation * (kernel - 1);
    // The window of o spans [o*s - p, o*s - p + reach]: o >= (v + p - reach)/s and o <= (v + p)/s.
    const int num = v + pad - reach;
    const int lo = num <= 0 ? 0 : (num + stride - 1) / stride;
    const int hi = std::min(out - 1, (v + pad) / stride);
    for (int o = lo; o <= hi; ++o) {
        const int offset = v - (o * stride - pad);
        if (offset >= 0 && offset <= reach && offset % dilation == 0)
            hits.push_back(o);
    }
    return hits;
}

} // namespace

std::vector<QPoint> inputCellsReadBy(const PipelineResult& r, int channel, int oy, int ox)
{
    std::vector<QPoint> cells;
    const PoolGeometry& g = r.geometry;
    if (oy < 0 || ox < 0 || oy >= g.out.h || ox >= g.out.w)
        return cells;
    for (const cv::Point& p : window_cells(r.pool, g, oy, ox, channel))
        cells.emplace_back(p.x, p.y);
    return cells;
}

std::vector<QPoint> outputCellsReading(const PipelineResult& r, int channel, int y, int x,
                                       std::size_t workCap)
{
    std::vector<QPoint> cells;
    const PoolGeometry& g = r.geometry;
    if (y < 0 || x < 0 || y >= g.in.h || x >= g.in.w)
        return cells;
    if (isSlidingWindow(r.pool.op)) {
        const auto rows = axisOutputs(y, g.out.h, g.kernel.h, g.stride.h, g.padding.h, g.dilation.h);
        const auto cols = axisOutputs(x, g.out.w, g.kernel.w, g.stride.w, g.padding.w, g.dilation.w);
        for (int oy : rows)
            for (int ox : cols)
                cells.emplace_back(ox, oy);
        return cells;
    }
    std::size_t work = 0;
    for (int oy = 0; oy < g.out.h; ++oy) {
        for (int ox = 0; ox < g.out.w; ++ox) {
            const auto window = window_cells(r.pool, g, oy, ox, channel);
            work += window.size();
            if (work > workCap)
                return {};
            if (std::any_of(window.begin(), window.end(),
                            [&](const cv::Point& p) { return p.x == x && p.y == y; }))
                cells.emplace_back(ox, oy);
        }
    }
    return cells;
}

} // namespace poolscope::ui
