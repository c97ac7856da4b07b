// poolscope_bench: the core's ops timed against OpenCV's dnn pooling and against the
// time to stream their bytes once. Our flags come first; the rest go to Google
// Benchmark (--benchmark_filter, --benchmark_out, ...).
#include <charconv>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "tests/bench/bench_cases.h"
#include "tests/bench/case_runner.h"
#include "tests/bench/results_table.h"
#include "tests/bench/scaling_plot.h"
#include "tests/bench/scaling_series.h"

namespace {

using namespace poolscope::bench;

constexpr int kIterations = 15;

constexpr const char* kUsage =
    "poolscope_bench [--smoke] [--threads N] [--iterations N] [--plot FILE.png] [Google Benchmark flags]\n"
    "  --smoke         tiny shapes, one iteration per case; fails when ours and OpenCV disagree\n"
    "  --threads N     OpenCV worker threads for every case but the scaling ones (default 2)\n"
    "  --iterations N  timed iterations per case, medians reported (default 15)\n"
    "  --plot FILE     after the run, draw the scaling cases (time against size) into FILE\n";

bool parse_count(std::string_view flag, std::string_view text, int& value)
{
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 1 || v > 1024) {
        std::fprintf(stderr, "poolscope_bench: %.*s wants a whole number from 1 to 1024, got '%.*s'\n",
                     int(flag.size()), flag.data(), int(text.size()), text.data());
        return false;
    }
    value = v;
    return true;
}

// Takes "--flag N" or "--flag=N"; false when argv[i] is not this flag.
bool take_count(std::string_view flag, int argc, char** argv, int& i, int& value, bool& ok)
{
    const std::string_view arg = argv[i];
    if (arg == flag) {
        if (i + 1 >= argc) {
            std::fprintf(stderr, "poolscope_bench: %.*s wants a value\n", int(flag.size()), flag.data());
            ok = false;
            return true;
        }
        ok = parse_count(flag, argv[++i], value);
        return true;
    }
    if (arg.size() > flag.size() && arg.substr(0, flag.size()) == flag && arg[flag.size()] == '=') {
        ok = parse_count(flag, arg.substr(flag.size() + 1), value);
        return true;
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    RunSettings settings;
    int iterations = kIterations;
    std::vector<char*> rest{argv[0]};
    std::string plot;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        bool ok = true;
        if (arg == "--smoke") {
            settings.smoke = true;
        } else if (arg == "--plot" && i + 1 < argc) {
            plot = argv[++i];
        } else if (take_count("--threads", argc, argv, i, settings.threads, ok) ||
                   take_count("--iterations", argc, argv, i, iterations, ok)) {
            if (!ok)
                return 2;
        } else {
            if (arg == "--help" || arg == "-h")
                std::fputs(kUsage, stdout);
            rest.push_back(argv[i]);
        }
    }
    if (settings.smoke)
        iterations = 1;

    int rest_argc = int(rest.size());
    rest.push_back(nullptr);
    benchmark::Initialize(&rest_argc, rest.data());
    if (benchmark::ReportUnrecognizedArguments(rest_argc, rest.data()))
        return 2;

    benchmark::AddCustomContext("cases", settings.smoke ? "smoke" : "full");
    benchmark::AddCustomContext("threads", std::to_string(settings.threads));
    benchmark::AddCustomContext("iterations", std::to_string(iterations));

    RunLog log;
    const std::vector<BenchCase> cases = bench_cases(settings.smoke);
    for (const BenchCase& c : cases)
        benchmark::RegisterBenchmark(
            c.name.c_str(),
            [&c, &settings, &log](benchmark::State& state) { run_case(state, c, settings, log); })
            ->UseManualTime()
            ->Iterations(iterations)
            ->Unit(benchmark::kMillisecond);

    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    if (!log.results.empty()) {
        std::cout << "\nMedians of " << iterations << " interleaved iteration(s) per case; floor: read the "
                  << "inputs and write the outputs once, on the same buffers and threads.\n";
        print_table(std::cout, log.results);
        print_scaling(std::cout, scaling_series(log.results));
    }
    if (!plot.empty() && !write_scaling_plot(plot, log.results))
        log.failures.push_back("could not draw the scaling chart into " + plot);
    for (const std::string& f : log.failures)
        std::cerr << "poolscope_bench: " << f << "\n";
    return log.failures.empty() ? 0 : 1;
}
