#pragma once
// Errors the command-line layer adds to the core's, and the exit codes they map to.
#include <stdexcept>

namespace poolscope::cli {

// Exit codes, documented in --help.
enum ExitCode : int {
    kExitOk = 0,
    kExitInternal = 1, // a bug: an exception nobody expected
    kExitBadArgs = 2,  // bad arguments or parameters (also: not enough memory)
    kExitBadFile = 3,  // unreadable or invalid input file, or output not writable
};

// A command-line value that does not parse or is out of range (exit 2).
class ArgError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// An output path that cannot be written (exit 3).
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace poolscope::cli
