#include "app/cli/run_cli.h"

#include <algorithm>
#include <filesystem>
#include <new>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>

#include "app/cli/arg_parse.h"
#include "app/cli/cli_errors.h"
#include "app/cli/commands.h"
#include "core/tensor/errors.h"

namespace poolscope::cli {
namespace {

int fail(std::ostream& err, int code, std::string message)
{
    // One line, whatever the message holds.
    std::replace(message.begin(), message.end(), '\n', ' ');
    err << "poolscope-cli: error: " << message << '\n';
    return code;
}

constexpr const char* kMemoryMessage =
    "not enough memory for this operation; try a smaller input or larger strides";

int parse_and_run(int argc, const char* const* argv, std::ostream& out, std::ostream& err)
{
    CLI::App app{"PoolScope on the command line: pooling and convolution of feature maps with PyTorch 1.13's "
                 "definitions, window traces, output shapes and timings.",
                 "poolscope-cli"};
    app.set_version_flag("--version", std::string("poolscope-cli ") + POOLSCOPE_VERSION);
    app.require_subcommand(1);
    app.fallthrough(); // global flags may also follow the subcommand
    app.get_formatter()->column_width(34);

    bool quiet = false;
    std::string max_memory_mb = "4096";
    app.add_flag("-q,--quiet", quiet, "Print no notes on stderr (errors are still printed).");
    app.add_option("--max-memory-mb", max_memory_mb,
                   "Refuse to allocate more than this many MiB for any result (default 4096).")
        ->type_name("MB");
    app.footer("Exit codes: 0 success; 2 bad arguments or parameters (or not enough memory); 3 unreadable or "
               "invalid input file, or output not writable; 1 internal error.\n"
               "Run 'poolscope-cli COMMAND --help' for the flags of a command.");

    const std::vector<Command> commands = {
        add_pool_command(app),     add_unpool_command(app),   add_conv_command(app),
        add_trace_command(app),    add_shape_command(app),    add_bench_command(app),
        add_backward_command(app), add_coverage_command(app), add_invariance_command(app),
    };
    for (const Command& c : commands)
        c.app->get_formatter()->column_width(34);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) // --help, --help-all, --version
            return app.exit(e, out, err);
        std::string message = e.what();
        // CLI11 reports a mistyped command as a missing one; name what was typed.
        if (app.get_subcommands().empty() && !app.remaining().empty()) {
            message = "unknown command '" + app.remaining().front() + "' (commands:";
            for (const Command& c : commands)
                message += " " + c.app->get_name();
            message += ")";
        }
        return fail(err, kExitBadArgs, message + " (see --help)");
    }

    const CliContext ctx{out, err, quiet, std::uint64_t(parse_int("--max-memory-mb", max_memory_mb, 1))};
    for (const Command& c : commands)
        if (c.app->parsed())
            c.run(ctx);
    return kExitOk;
}

} // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err)
{
    try {
        return parse_and_run(argc, argv, out, err);
    } catch (const ArgError& e) {
        return fail(err, kExitBadArgs, e.what());
    } catch (const ParamError& e) {
        return fail(err, kExitBadArgs, e.what());
    } catch (const OutputError& e) {
        return fail(err, kExitBadFile, e.what());
    } catch (const InputError& e) {
        return fail(err, kExitBadFile, e.what());
    } catch (const std::bad_alloc&) {
        return fail(err, kExitBadArgs, kMemoryMessage);
    } catch (const cv::Exception& e) {
        if (e.code == cv::Error::StsNoMem)
            return fail(err, kExitBadArgs, kMemoryMessage);
        return fail(err, kExitInternal, "internal error in OpenCV: " + e.msg);
    } catch (const std::filesystem::filesystem_error& e) {
        return fail(err, kExitBadFile, e.what());
    } catch (const std::exception& e) {
        return fail(err, kExitInternal, std::string("internal error: ") + e.what());
    } catch (...) {
        return fail(err, kExitInternal, "internal error: unknown exception");
    }
}

} // namespace poolscope::cli
