#pragma once
// The whole command-line tool behind main(): parses, runs one subcommand, and
// turns every failure into one "poolscope-cli: error: ..." line and an exit code.
#include <ostream>

namespace poolscope::cli {

// Never throws. Exit codes in cli_errors.h.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace poolscope::cli
