#include "ui/freed_memory.h"

#include <QThreadPool>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace poolscope::ui {

namespace {

// Long enough that a drag's stream of results trims once, at its end.
constexpr int kDelayMs = 300;

} // namespace

FreedMemoryRelease::FreedMemoryRelease(QObject* parent) : QObject(parent)
{
    timer_.setSingleShot(true);
    timer_.setInterval(kDelayMs);
    connect(&timer_, &QTimer::timeout, this, [] {
#if defined(__GLIBC__)
        QThreadPool::globalInstance()->start([] { malloc_trim(0); });
#endif
    });
}

void FreedMemoryRelease::schedule()
{
    timer_.start();
}

} // namespace poolscope::ui
