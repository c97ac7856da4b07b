#pragma once
// The subcommands. Each add_*_command registers its flags on a new subcommand
// of `parent` and returns how to run it once the command line is parsed.
#include <functional>

#include "app/cli/cli_context.h"

namespace CLI {
class App;
} // namespace CLI

namespace poolscope::cli {

struct Command {
    CLI::App* app = nullptr;                    // parsed() tells whether it was chosen
    std::function<void(const CliContext&)> run; // throws; run_cli maps errors to exit codes
};

Command add_pool_command(CLI::App& parent);
Command add_conv_command(CLI::App& parent);
Command add_trace_command(CLI::App& parent);
Command add_shape_command(CLI::App& parent);
Command add_bench_command(CLI::App& parent);
Command add_unpool_command(CLI::App& parent);
Command add_backward_command(CLI::App& parent);
Command add_coverage_command(CLI::App& parent);
Command add_invariance_command(CLI::App& parent);

} // namespace poolscope::cli
