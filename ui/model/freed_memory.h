#pragma once
// Gives freed memory back to the system a moment after the computations settle.
// glibc keeps freed blocks below its mmap threshold, and the core keeps a few
// larger ones (large_blocks.h), so after a few large results the process would
// stay at the largest working set the session ever had. The release runs on a
// pool thread: the GUI thread never waits for it.
#include <QObject>
#include <QTimer>

namespace poolscope::ui {

class FreedMemoryRelease : public QObject {
public:
    explicit FreedMemoryRelease(QObject* parent = nullptr);
    // (Re)starts the delay; the trim follows when nothing reschedules it for that long.
    void schedule();

private:
    QTimer timer_;
};

} // namespace poolscope::ui
