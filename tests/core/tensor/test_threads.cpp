// Thread budgets (core/tensor/threads.h): a computation given one thread runs on
// the calling thread and never enters OpenCV's pool, so it never makes another
// thread's parallel loops serial; one given N threads uses at most N; and no number
// depends on the count.
#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/core/parallel/parallel_backend.hpp>
#include <opencv2/core/utility.hpp>

#include "core/color/colormap.h"
#include "core/conv/conv_ops.h"
#include "core/pool/pool_ops.h"
#include "core/tensor/threads.h"
#include "tests/core/parity/parity_support.h"

namespace poolscope::testing {
namespace {

// Every kind of pool the core has, each on a spec that takes its usual path.
std::vector<PoolSpec> every_pool()
{
    std::vector<PoolSpec> out;
    const auto sliding = [&](PoolOp op, int k, int s, int p = 0) -> PoolSpec& {
        PoolSpec spec;
        spec.op = op;
        spec.kernel = {k, k};
        spec.stride = Size2{s, s};
        spec.padding = {p, p};
        out.push_back(spec);
        return out.back();
    };
    sliding(PoolOp::Max, 3, 2, 1);                   // direct kernel
    sliding(PoolOp::Max, 7, 1, 3).dilation = {1, 2}; // separable kernel
    sliding(PoolOp::Min, 2, 2);                      // direct, pairs of rows
    sliding(PoolOp::Avg, 3, 2, 1).count_include_pad = false;
    sliding(PoolOp::Avg, 9, 1, 4); // running sums
    sliding(PoolOp::Lp, 2, 2).norm_type = 3;
    sliding(PoolOp::Lp, 8, 1).norm_type = 2; // running sums
    sliding(PoolOp::Mixed, 3, 1, 1).alpha = 0.3;
    PoolSpec& st = sliding(PoolOp::Stochastic, 3, 2);
    st.train = true;
    st.seed = 5;
    sliding(PoolOp::SoftPool, 3, 1);
    sliding(PoolOp::BlurPool, 2, 2);
    for (const PoolOp op : {PoolOp::AdaptiveMax, PoolOp::AdaptiveAvg}) {
        PoolSpec a;
        a.op = op;
        a.output_size = Size2{11, 17};
        out.push_back(a);
    }
    PoolSpec even; // adaptive avg on even bins: the sliding sums
    even.op = PoolOp::AdaptiveAvg;
    even.output_size = Size2{48, 32};
    out.push_back(even);
    for (const PoolOp op : {PoolOp::GlobalMax, PoolOp::GlobalAvg}) {
        PoolSpec g;
        g.op = op;
        out.push_back(g);
    }
    PoolSpec fr;
    fr.op = PoolOp::FractionalMax;
    fr.kernel = {2, 2};
    fr.output_size = Size2{70, 90};
    fr.seed = 3;
    out.push_back(fr);
    return out;
}

std::string name_of(const PoolSpec& spec)
{
    return std::string(pool_op_name(spec.op)) + " " + spec_params(spec);
}

// The first cell whose bits differ (any NaN matches any NaN), or "".
std::string bit_difference(const Tensor& a, const Tensor& b)
{
    if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width())
        return "shape";
    for (std::size_t i = 0; i < a.size(); ++i) {
        const float x = a.data()[i], y = b.data()[i];
        if (std::bit_cast<std::uint32_t>(x) != std::bit_cast<std::uint32_t>(y) &&
            !(std::isnan(x) && std::isnan(y))) {
            std::ostringstream s;
            s << "value " << i << ": " << x << " vs " << y;
            return s.str();
        }
    }
    return {};
}

// OpenCV's thread count for a scope, and back.
struct OpenCvThreads {
    int before = cv::getNumThreads();
    explicit OpenCvThreads(int n) { cv::setNumThreads(n); }
    ~OpenCvThreads() { cv::setNumThreads(before); }
};

// A parallel backend for OpenCV that records every loop it is handed (its number of
// stripes) and runs the stripes one after the other on the calling thread. It claims
// eight threads, so the core splits its work as for a machine that has them.
class RecordingBackend : public cv::parallel::ParallelForAPI {
public:
    void parallel_for(int tasks, FN_parallel_for_body_cb_t body, void* data) override
    {
        loops.fetch_add(1);
        int seen = most_tasks.load();
        while (tasks > seen && !most_tasks.compare_exchange_weak(seen, tasks)) {
        }
        body(0, tasks, data);
    }
    int getThreadNum() const override { return 0; }
    int getNumThreads() const override { return 8; }
    int setNumThreads(int) override { return 8; }
    const char* getName() const override { return "recording"; }

    std::atomic<int> loops{0}, most_tasks{0};
};

// Installs a RecordingBackend for the scope; OpenCV's own comes back after it.
struct RecordedLoops {
    std::shared_ptr<RecordingBackend> backend = std::make_shared<RecordingBackend>();
    RecordedLoops() { cv::parallel::setParallelForBackend(backend, false); }
    ~RecordedLoops()
    {
        cv::parallel::setParallelForBackend(std::shared_ptr<cv::parallel::ParallelForAPI>(), false);
    }
    void reset()
    {
        backend->loops = 0;
        backend->most_tasks = 0;
    }
};

// Everything in the core that runs loops in parallel, given `threads`.
void run_everything(const Tensor& input, int threads)
{
    for (const PoolSpec& spec : every_pool())
        (void)pool(input, spec, PoolOptions{.indices = true, .threads = threads});
    PoolSpec max;
    max.kernel = {2, 2};
    const PoolResult pooled = pool(input, max, PoolOptions{.threads = threads});
    (void)max_unpool(pooled.output, pooled.indices, {2, 2}, std::nullopt, {0, 0},
                     Size2{input.height(), input.width()}, threads);
    ConvSpec conv;
    conv.out_channels = 5;
    conv.padding = {1, 1};
    conv.activation = Activation::ReLU;
    Tensor maps = conv_stage(input, conv, ConvOptions{threads});
    apply_activation(maps, Activation::Tanh, 0.01f, ConvOptions{threads});
    const Tensor zeros(4, 512, 512, threads); // large enough to be zeroed in stripes
    const cv::Mat plane = zeros.plane(0);
    const ValueRange r = value_range(plane, threads);
    (void)finite_range(plane, threads);
    cv::Mat rgb(plane.size(), CV_8UC3);
    colorize_into(plane, r, ColorMap::Viridis, rgb, threads);
    (void)colorize(plane, r, ColorMap::Gray, threads);
}

TEST(ThreadBudget, OneThreadNeverEntersOpenCvsPool)
{
    const Tensor input = make_input(3, 157, 203, Data::Smooth, 1);
    RecordedLoops recorded;
    ASSERT_EQ(cv::getNumThreads(), 8) << "the recording backend is not OpenCV's";
    EXPECT_EQ(thread_budget(0), 8);
    EXPECT_EQ(thread_budget(1), 1);
    EXPECT_EQ(thread_budget(3), 3);
    EXPECT_EQ(thread_budget(100), 8);

    run_everything(input, 1);
    EXPECT_EQ(recorded.backend->loops.load(), 0)
        << "a computation given one thread entered cv::parallel_for_";

    // The same computations with OpenCV's threads do reach the backend.
    recorded.reset();
    run_everything(input, 0);
    EXPECT_GT(recorded.backend->loops.load(), 20);
    EXPECT_GT(recorded.backend->most_tasks.load(), 3);
}

TEST(ThreadBudget, NThreadsUseAtMostN)
{
    const Tensor input = make_input(3, 157, 203, Data::Smooth, 2);
    RecordedLoops recorded;
    for (const int n : {2, 3}) {
        recorded.reset();
        run_everything(input, n);
        EXPECT_GT(recorded.backend->loops.load(), 20) << n << " threads";
        EXPECT_LE(recorded.backend->most_tasks.load(), n)
            << "more stripes in flight than " << n << " threads";
        EXPECT_EQ(recorded.backend->most_tasks.load(), n) << n << " threads";
    }
}

TEST(ThreadBudget, OneThreadRunsOnTheCallingThread)
{
    const OpenCvThreads four(4);
    const std::thread::id caller = std::this_thread::get_id();
    std::vector<cv::Range> calls;
    std::set<std::thread::id> ids;
    parallel_for(cv::Range(3, 103), 1, 50, [&](const cv::Range& r) {
        calls.push_back(r);
        ids.insert(std::this_thread::get_id());
    });
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].start, 3);
    EXPECT_EQ(calls[0].end, 103);
    EXPECT_EQ(ids, std::set<std::thread::id>{caller});
}

// More stripes than threads: each index once, whoever takes it.
TEST(ThreadBudget, StripesCoverTheRangeOnce)
{
    const OpenCvThreads four(4);
    for (const int threads : {0, 1, 2, 3}) {
        std::vector<std::atomic<int>> hits(1000);
        parallel_for(cv::Range(0, 1000), threads, 37, [&](const cv::Range& r) {
            for (int i = r.start; i < r.end; ++i)
                hits[std::size_t(i)].fetch_add(1);
        });
        for (std::size_t i = 0; i < hits.size(); ++i)
            ASSERT_EQ(hits[i].load(), 1) << "index " << i << " with " << threads << " threads";
    }
}

// While one thread runs a long computation on a budget of one, another thread's
// cv::parallel_for_ still spreads over OpenCV's threads. OpenCV runs any loop
// serially while another thread is inside a cv::parallel_for_ (one flag for the
// whole process), so this fails if the computation enters it. Each of the loop's
// two stripes waits until both have started: two threads must hold them at once.
TEST(ThreadBudget, AOneThreadComputationLeavesOtherThreadsParallel)
{
    const OpenCvThreads two(std::max(2, cv::getNumThreads()));
    const Tensor input = make_input(8, 700, 700, Data::Smooth, 3);
    PoolSpec spec;
    spec.op = PoolOp::Avg;
    spec.kernel = {3, 3};
    spec.stride = Size2{1, 1};
    spec.padding = {1, 1};

    std::atomic<bool> stop{false};
    std::atomic<int> rounds{0};
    std::thread worker([&] {
        PoolResult r;
        while (!stop.load()) {
            pool_into(input, spec, r, PoolOptions{.indices = false, .threads = 1});
            ConvSpec conv;
            conv.out_channels = 2;
            (void)conv_stage(input, conv, ConvOptions{1});
            rounds.fetch_add(1);
        }
    });
    while (rounds.load() == 0)
        std::this_thread::yield();

    for (int attempt = 0; attempt < 5; ++attempt) {
        std::mutex m;
        std::condition_variable cv;
        int started = 0;
        bool both = true;
        std::set<std::thread::id> ids;
        cv::parallel_for_(
            cv::Range(0, 2),
            [&](const cv::Range& r) {
                for (int i = r.start; i < r.end; ++i) {
                    std::unique_lock lock(m);
                    ids.insert(std::this_thread::get_id());
                    ++started;
                    cv.notify_all();
                    // Not a timing bound: only how long a failing run waits before it fails.
                    if (!cv.wait_for(lock, std::chrono::seconds(30), [&] { return started >= 2; }))
                        both = false;
                }
            },
            2);
        EXPECT_TRUE(both) << "the loop ran serially while a one-thread computation ran (attempt " << attempt
                          << ")";
        EXPECT_EQ(ids.size(), 2u) << "attempt " << attempt;
        if (!both)
            break;
    }
    stop = true;
    worker.join();
    EXPECT_GT(rounds.load(), 0);
}

// The same bits whatever the budget, for every pool, the unpool and the conv.
TEST(ThreadBudget, TheNumbersDoNotDependOnTheThreads)
{
    const OpenCvThreads four(4);
    for (const Data kind : {Data::Smooth, Data::Special}) {
        const Tensor input = make_input(3, 157, 203, kind, 4);
        for (const PoolSpec& spec : every_pool()) {
            const PoolResult one = pool(input, spec, PoolOptions{.threads = 1});
            for (const int threads : {2, 3, 0}) {
                const PoolResult many = pool(input, spec, PoolOptions{.threads = threads});
                ASSERT_EQ(bit_difference(many.output, one.output), "")
                    << name_of(spec) << ", " << threads << " threads, " << data_name(kind);
                ASSERT_EQ(many.indices.data, one.indices.data)
                    << name_of(spec) << ", " << threads << " threads";
            }
        }
        PoolSpec max;
        max.kernel = {3, 3};
        max.stride = Size2{2, 2};
        const PoolResult pooled = pool(input, max);
        const Size2 out_size{input.height(), input.width()};
        const Tensor unpooled =
            max_unpool(pooled.output, pooled.indices, {3, 3}, Size2{2, 2}, {0, 0}, out_size, 1);
        ConvSpec conv;
        conv.out_channels = 6;
        conv.kernel = {5, 5};
        conv.padding = {2, 2};
        conv.presets = {KernelPreset::Box, KernelPreset::Gaussian, KernelPreset::Random};
        const Tensor maps = conv_stage(input, conv, ConvOptions{1});
        for (const int threads : {2, 3, 0}) {
            EXPECT_EQ(bit_difference(max_unpool(pooled.output, pooled.indices, {3, 3}, Size2{2, 2}, {0, 0},
                                                out_size, threads),
                                     unpooled),
                      "")
                << "unpool, " << threads << " threads";
            EXPECT_EQ(bit_difference(conv_stage(input, conv, ConvOptions{threads}), maps), "")
                << "conv, " << threads << " threads";
        }
    }
}

} // namespace
} // namespace poolscope::testing
