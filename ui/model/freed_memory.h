#pragma once
// Gives freed memory back to the system a moment after the computations settle.
// glibc keeps freed blocks below its mmap threshold, and the core keeps a few
// larger ones (large_blocks.h), so after a few large results the process would
// stay at the largest working set the session ever had. The release runs on a
// pool thread: the GUI thread never waits for it.
#include <QObject>
#include <QTimer>

namespace poolscope::ui {

// Sets glibc's malloc up for the interactive program: freed buffers up to 32 MiB
// stay in the heap while results follow each other (no page faults to reuse
// them), every thread keeps its own arena, so the release's trim never holds
// the lock the GUI thread allocates under for longer than its own small arena
// takes, and a heap's free top past 2 MiB is given back as it forms, so a
// worker's arena does not keep freed planes (malloc_trim() never shrinks those
// tops). Process-wide: call it first thing in main(), before any thread starts.
// Linking the library changes nothing by itself; a program (or benchmark) that
// wants the app's memory behaviour calls it. Does nothing without glibc.
void configureMallocForInteractiveUse();

class FreedMemoryRelease : public QObject {
public:
    explicit FreedMemoryRelease(QObject* parent = nullptr);
    // (Re)starts the delay; the trim follows when nothing reschedules it for that long.
    void schedule();

private:
    QTimer timer_;
};

} // namespace poolscope::ui
