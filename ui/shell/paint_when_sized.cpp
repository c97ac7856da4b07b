#include "paint_when_sized.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>
#include <QWindow>

namespace poolscope::ui {

namespace {

constexpr int kLongestWaitMs = 250;
const char* const kWaitName = "poolscopeSizeWait";

QSize platformSize(const QWidget* w)
{
    const QWindow* handle = w->windowHandle();
    return handle ? handle->geometry().size() : w->size();
}

// Waits on the window for its resize, then lays it out and lets it paint.
class SizeWait : public QObject {
public:
    explicit SizeWait(QWidget* window) : QObject(window), window_(window)
    {
        setObjectName(QLatin1String(kWaitName));
        window->installEventFilter(this);
        QTimer::singleShot(kLongestWaitMs, this, &SizeWait::finish);
    }

    void finish()
    {
        if (done_)
            return;
        done_ = true;
        setObjectName({}); // a change from now on waits anew
        window_->removeEventFilter(this);
        // Every layout the changes asked for (and any size they set in turn), before the one paint.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        window_->setUpdatesEnabled(true);
        deleteLater();
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        // After the resize's own handling.
        if (watched == window_ && event->type() == QEvent::Resize)
            QMetaObject::invokeMethod(this, &SizeWait::finish, Qt::QueuedConnection);
        return false;
    }

private:
    QWidget* window_;
    bool done_ = false;
};

} // namespace

PaintWhenSized::PaintWhenSized(QWidget* window) : window_(window)
{
    // A change while the last one still waits: that wait ends, this one holds.
    if (auto* earlier = window->findChild<SizeWait*>(QLatin1String(kWaitName), Qt::FindDirectChildrenOnly))
        earlier->finish();
    const QSize s = platformSize(window);
    widthBefore_ = s.width();
    heightBefore_ = s.height();
    window->setUpdatesEnabled(false);
}

PaintWhenSized::~PaintWhenSized()
{
    if (platformSize(window_) == QSize(widthBefore_, heightBefore_))
        window_->setUpdatesEnabled(true);
    else
        new SizeWait(window_);
}

} // namespace poolscope::ui
