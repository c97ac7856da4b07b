#pragma once
// The process's resident memory as the kernel counts it.
namespace poolscope::bench {

struct MemoryStatus {
    bool ok = false;
    double rssMiB = 0; // VmRSS: resident now
    double hwmMiB = 0; // VmHWM: the highest resident size so far
};

// From /proc/self/status; ok is false where that file does not exist.
MemoryStatus readMemoryStatus();

} // namespace poolscope::bench
