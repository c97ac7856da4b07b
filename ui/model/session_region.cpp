// The session's region of interest and the output cells its steps sweep.
#include <algorithm>
#include <cmath>

#include "core/pool/output_region.h"
#include "ui/model/session.h"

namespace poolscope::ui {

namespace {

CellRect toCells(const QRect& r)
{
    return {r.y(), r.x(), r.height(), r.width()};
}

QRect toQRect(const CellRect& r)
{
    return QRect(r.x, r.y, r.w, r.h);
}

} // namespace

QRect Session::stepRect() const
{
    if (!result_)
        return {};
    const QRect whole(0, 0, result_->outputShape.width, result_->outputShape.height);
    if (!region_)
        return whole;
    StepRectCache& c = stepRectCache_;
    if (c.generation != result_->generation || c.channel != focusedChannel_ || c.region != region_) {
        const CellRect out =
            output_region(result_->pool, result_->geometry, toCells(*region_), focusedChannel_);
        c = StepRectCache{result_->generation, focusedChannel_, region_, out.empty() ? whole : toQRect(out)};
    }
    return c.rect;
}

std::optional<int> Session::stepOf(QPoint cell) const
{
    const QRect r = stepRect();
    if (!r.contains(cell))
        return std::nullopt;
    return (cell.y() - r.y()) * r.width() + (cell.x() - r.x());
}

std::optional<QRect> Session::readRegion(const QRect& cells) const
{
    if (!result_)
        return std::nullopt;
    const PoolGeometry& g = result_->geometry;
    const CellRect clipped = clip_region(toCells(cells.normalized()), g.in.h, g.in.w);
    if (output_region(result_->pool, g, clipped, focusedChannel_).empty())
        return std::nullopt;
    return toQRect(clipped);
}

bool Session::setRegion(const QRect& cells)
{
    const std::optional<QRect> region = readRegion(cells);
    if (!region)
        return false;
    if (region_ == region)
        return true;
    region_ = region;
    invalidateTrace();
    // Where the lesson is inside the region, as for a new picture.
    position_ = firstInformativeStep();
    // The steps mean other cells now: every view of the position hears of it.
    emit regionChanged();
    emit positionChanged(position_);
    emit stepChanged(step());
    return true;
}

void Session::clearRegion()
{
    if (!region_)
        return;
    // The output cell shown now stays: its step in the whole sweep.
    const QPoint cell = stepCell(step());
    const double fraction = position_ - std::floor(position_);
    region_.reset();
    invalidateTrace();
    if (result_)
        position_ = cell.y() * result_->outputShape.width + cell.x() + fraction;
    emit regionChanged();
    emit positionChanged(position_);
    emit stepChanged(step());
}

void Session::fitRegionToResult()
{
    if (region_)
        region_ = readRegion(*region_); // none when no window reads it under these parameters
}

} // namespace poolscope::ui
