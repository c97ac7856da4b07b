#pragma once
// A panel's refresh after a new result, run in the next turn of the event loop:
// the frame that shows the new maps is painted first, and the panel's new texts
// (with the relayout a text of another height brings) follow in the next frame,
// so they never hold it back. Reading the panel flushes a pending refresh.
#include <functional>

#include <QObject>
#include <QTimer>

namespace poolscope::ui {

class RefreshLater : public QObject {
public:
    RefreshLater(std::function<void()> refresh, QObject* parent);
    void request() { timer_.start(); }
    bool pending() const { return timer_.isActive(); }
    // Runs a pending refresh now.
    void flush();

private:
    std::function<void()> refresh_;
    QTimer timer_;
};

} // namespace poolscope::ui
