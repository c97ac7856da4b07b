#include "ui/model/freed_memory.h"

#include <QThreadPool>

#include "core/tensor/large_blocks.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace poolscope::ui {

namespace {

// Long enough that a drag's stream of results trims once, at its end.
constexpr int kDelayMs = 300;

} // namespace

void configureMallocForInteractiveUse()
{
    // While results follow each other, a freed buffer is best reused as it is: a
    // fresh mapping costs the kernel zeroing every page of it again (an 8 MB plane
    // is most of a millisecond), on the path from a key press to its frame. So
    // blocks up to glibc's largest mmap threshold stay in the heap (larger ones
    // the core keeps itself, large_blocks.h) and nothing is trimmed
    // automatically; the delayed release below is what gives them back.
    // One arena for every thread: malloc_trim() gives back the free top of the
    // main arena only, so planes a worker thread allocated and freed at the top
    // of its own arena would stay resident for good. glibc fixes the number of
    // arenas when a second thread first allocates: hence before any thread.
#if defined(__GLIBC__)
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

FreedMemoryRelease::FreedMemoryRelease(QObject* parent) : QObject(parent)
{
    timer_.setSingleShot(true);
    timer_.setInterval(kDelayMs);
    connect(&timer_, &QTimer::timeout, this,
            [] { QThreadPool::globalInstance()->start([] { poolscope::release_freed_memory(); }); });
}

void FreedMemoryRelease::schedule()
{
    timer_.start();
}

} // namespace poolscope::ui
