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
#if defined(__GLIBC__)
    // While results follow each other, a freed buffer is best reused as it is: a
    // fresh mapping costs the kernel zeroing every page of it again (an 8 MB plane
    // is most of a millisecond), on the path from a key press to its frame. So
    // blocks up to glibc's largest mmap threshold stay in the heap (larger ones
    // the core keeps itself, large_blocks.h), and the delayed release below gives
    // them back once the session settles.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    // Every thread keeps its own arena (glibc's default), the GUI thread the main
    // one. malloc_trim() locks one arena at a time while it hands its free pages
    // back (tens of milliseconds after a 4K result): with one arena for every
    // thread the GUI thread's allocations waited for all of it; now only for the
    // trim of its own, small arena. malloc_trim() never shrinks the free top of
    // another arena's heap, though: that is what this threshold is for. A free
    // that leaves more than 2 MiB at the top of a heap shrinks it, in any arena,
    // so the planes a worker allocated and freed do not stay resident there.
    mallopt(M_TRIM_THRESHOLD, 2 * 1024 * 1024);
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
