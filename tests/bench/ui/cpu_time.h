#pragma once
// CPU time actually used, next to the wall time: on a shared machine a long wall
// time with little CPU means the thread was waiting for a core, not working.
#include <cstdint>
#include <ctime>

namespace poolscope::bench {

inline std::int64_t cpuNs(clockid_t clock)
{
    timespec t{};
    clock_gettime(clock, &t);
    return std::int64_t(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// The calling thread (the benchmark's main thread is the GUI thread).
inline std::int64_t threadCpuNs()
{
    return cpuNs(CLOCK_THREAD_CPUTIME_ID);
}

// Every thread of the process: the GUI, the compute worker, OpenCV's and Qt's pools.
inline std::int64_t processCpuNs()
{
    return cpuNs(CLOCK_PROCESS_CPUTIME_ID);
}

} // namespace poolscope::bench
