#include "tests/bench/case_runner.h"

#include <algorithm>
#include <exception>
#include <vector>

#include <opencv2/core/utility.hpp>

#include "tests/bench/case_buffers.h"

namespace poolscope::bench {
namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

void fail(benchmark::State& state, RunLog& log, const std::string& message)
{
    log.failures.push_back(message);
    state.SkipWithError(message.c_str());
}

} // namespace

void run_case(benchmark::State& state, const BenchCase& c, const RunSettings& settings, RunLog& log)
{
    try {
        cv::setNumThreads(c.threads > 0 ? c.threads : settings.threads);
        CaseBuffers buffers(c);
        if (const auto& why = buffers.disagreement()) {
            fail(state, log, c.name + ": ours and OpenCV disagree: " + *why);
            return;
        }
        std::vector<double> ours, opencv, floor;
        for (auto _ : state) {
            const double ours_ms = buffers.time_ours();
            if (buffers.has_opencv())
                opencv.push_back(buffers.time_opencv());
            floor.push_back(buffers.time_floor());
            ours.push_back(ours_ms);
            state.SetIterationTime(ours_ms / 1e3);
        }
        CaseResult r{c.name,
                     cv::getNumThreads(),
                     median(ours),
                     std::nullopt,
                     median(floor),
                     c.series,
                     double(c.shape.c) * c.shape.h * c.shape.w,
                     c.cold};
        state.counters["threads"] = r.threads;
        state.counters["ours_ms"] = r.ours_ms;
        state.counters["floor_ms"] = r.floor_ms;
        state.counters["ours_over_floor"] = r.ours_ms / r.floor_ms;
        state.counters["streamed_MB"] = buffers.streamed_bytes() / 1e6;
        if (!opencv.empty()) {
            r.opencv_ms = median(opencv);
            state.counters["opencv_ms"] = *r.opencv_ms;
            state.counters["opencv_over_ours"] = *r.opencv_ms / r.ours_ms;
        }
        log.results.push_back(r);
    } catch (const std::exception& e) {
        fail(state, log, c.name + ": " + e.what());
    }
}

} // namespace poolscope::bench
