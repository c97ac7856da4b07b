// `bench`: times the core pooling op alone on random data, as JSON.
#include <algorithm>
#include <chrono>
#include <memory>
#include <numeric>

#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>

#include "app/cli/arg_parse.h"
#include "app/cli/commands.h"
#include "app/cli/json_out.h"
#include "app/cli/pool_flags.h"
#include "core/pool/pool_ops.h"
#include "core/shape/memory_estimate.h"

namespace poolscope::cli {
namespace {

struct BenchCommand {
    PoolFlags pool;
    std::string shape = "64,512,512";
    std::string threads, repeat = "20", warmup = "2";
    bool indices = false;
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

void run_bench(const BenchCommand& f, const CliContext& ctx)
{
    const PoolSpec spec = f.pool.to_spec();
    const std::vector<int> dims = parse_int_list("--shape", f.shape, 3, 1);
    const int repeat = parse_int("--repeat", f.repeat, 1, 1'000'000);
    const int warmup = parse_int("--warmup", f.warmup, 0, 1'000'000);
    if (!f.threads.empty())
        cv::setNumThreads(parse_int("--threads", f.threads, 1, 1024));

    const PoolGeometry g = resolve_geometry(spec, dims[1], dims[2]);
    ctx.require_memory(tensor_bytes(dims[0], dims[1], dims[2]) + pool_peak_bytes(spec, dims[0], g),
                       "the benchmark's maps " + f.shape);

    Tensor x(dims[0], dims[1], dims[2]);
    cv::Mat values = x.storage(); // shares the tensor's memory
    cv::RNG(20240229).fill(values, cv::RNG::UNIFORM, 0.f, 1.f);

    // Into the same result each time: the timing is the op's, not the page faults of
    // fresh output memory.
    const PoolOptions options{.indices = f.indices};
    PoolResult r;
    for (int i = 0; i < warmup; ++i)
        pool_into(x, spec, r, options);
    std::vector<double> ms;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        pool_into(x, spec, r, options);
        const auto t1 = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    const Size2 out{r.output.height(), r.output.width()};
    nlohmann::json j = {
        {"op", pool_op_name(spec.op)},
        {"shape", dims},
        {"output_shape", {dims[0], out.h, out.w}},
        {"threads", cv::getNumThreads()},
        {"return_indices", f.indices},
        {"repeat", repeat},
        {"warmup", warmup},
        {"median_ms", median(ms)},
        {"min_ms", *std::min_element(ms.begin(), ms.end())},
        {"mean_ms", std::accumulate(ms.begin(), ms.end(), 0.0) / double(ms.size())},
        {"output_bytes", r.output.size() * sizeof(float)},
    };
    // What the timed runs wrote besides the values: only there when they made indices.
    if (!r.indices.empty())
        j["indices_bytes"] = r.indices.data.size() * sizeof(std::int64_t);
    print_json(ctx.out, j);
}

} // namespace

Command add_bench_command(CLI::App& parent)
{
    auto f = std::make_shared<BenchCommand>();
    CLI::App* sub = parent.add_subcommand(
        "bench", "Time the pooling op alone on uniform random maps and print the timings as JSON.");
    const std::string group = "Benchmark";
    sub->add_option("--shape", f->shape, "Size of the random maps, C,H,W (default 64,512,512).")
        ->type_name("C,H,W")
        ->group(group);
    sub->add_option("--threads", f->threads, "Worker threads for OpenCV (default: OpenCV's choice).")
        ->type_name("N")
        ->group(group);
    sub->add_option("--repeat", f->repeat,
                    "Timed runs; the JSON reports their median, min and mean (default 20).")
        ->type_name("N")
        ->group(group);
    sub->add_option("--warmup", f->warmup, "Untimed runs before timing, to warm caches (default 2).")
        ->type_name("N")
        ->group(group);
    sub->add_flag("--return-indices", f->indices,
                  "Time the op with PyTorch's return_indices=True (the ops that have indices).")
        ->group(group);
    f->pool.add_to(*sub);
    sub->footer(
        "Example:\n  poolscope-cli bench --op max --kernel-size 3 --stride 2 --threads 1 --repeat 10");
    return {sub, [f](const CliContext& ctx) { run_bench(*f, ctx); }};
}

} // namespace poolscope::cli
