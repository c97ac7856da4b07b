#pragma once
// What every subcommand shares: the output streams, --quiet, and the memory cap
// that is checked before any large allocation.
#include <cstdint>
#include <ostream>
#include <string_view>

namespace poolscope::cli {

struct CliContext {
    std::ostream& out; // results (JSON)
    std::ostream& err; // notes and errors
    bool quiet = false;
    std::uint64_t max_memory_mb = 4096;

    // A note for a person at the terminal ("poolscope-cli: ..."), silenced by --quiet.
    void note(std::string_view text) const;

    // Throws ArgError when `bytes` (may be astronomically large, hence double)
    // exceed the cap; `what` names the buffer, e.g. "the pooled output 64x1x1".
    void require_memory(double bytes, std::string_view what) const;
};

} // namespace poolscope::cli
