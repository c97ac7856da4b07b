// The session's lab views and what they are drawn from.
#include "core/shape/coverage.h"
#include "ui/model/session.h"

namespace poolscope::ui {

void Session::setLabView(LabView view)
{
    if (view == labView_)
        return;
    labView_ = view;
    emit labViewChanged(view);
}

std::shared_ptr<const Coverage> Session::coverage() const
{
    if (!result_)
        return nullptr;
    // Eight bytes a cell: beyond this a count per cell costs more than it shows.
    const PoolGeometry& g = result_->geometry;
    if ((long long)g.in.h * g.in.w > kMaxCoverageCells)
        return nullptr;
    CoverageCache& c = coverageCache_;
    // Only fractional windows differ per channel.
    const int channel = result_->pool.op == PoolOp::FractionalMax ? focusedChannel_ : 0;
    if (c.generation != result_->generation || c.channel != channel || !c.coverage) {
        try {
            c = CoverageCache{
                result_->generation, channel,
                std::make_shared<const Coverage>(pool_coverage(result_->pool, g.in.h, g.in.w, channel))};
        } catch (const std::exception&) {
            c = CoverageCache{result_->generation, channel, nullptr};
        }
    }
    return c.coverage;
}

} // namespace poolscope::ui
