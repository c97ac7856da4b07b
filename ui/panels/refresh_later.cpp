#include "ui/panels/refresh_later.h"

namespace poolscope::ui {

RefreshLater::RefreshLater(std::function<void()> refresh, QObject* parent)
    : QObject(parent), refresh_(std::move(refresh))
{
    timer_.setSingleShot(true);
    timer_.setInterval(0);
    connect(&timer_, &QTimer::timeout, this, [this] { refresh_(); });
}

void RefreshLater::flush()
{
    if (!timer_.isActive())
        return;
    timer_.stop();
    refresh_();
}

} // namespace poolscope::ui
