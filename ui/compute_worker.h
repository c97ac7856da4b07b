#pragma once
// Runs the conv + pool pipeline on one background thread. Latest wins: at most
// one job runs and one waits; submitting replaces the waiting one. The conv
// output is cached by a key the session bumps whenever the input or the conv
// changes, so a pool-only change recomputes only the pool.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/conv_spec.h"
#include "core/pool_spec.h"
#include "core/tensor.h"

namespace poolscope::ui {

struct PipelineResult;

struct ComputeJob {
    std::uint64_t generation = 0;
    std::uint64_t convKey = 0; // same key = same input and conv: the cached conv output is valid
    Tensor input;
    bool convEnabled = true;
    ConvSpec conv;
    PoolSpec pool;
};

// What one job produced: a result, or the message of the stage that failed.
struct ComputeOutcome {
    std::uint64_t generation = 0;
    std::shared_ptr<const PipelineResult> result;
    std::string convError, poolError;
    bool convRan = false; // the conv stage ran (the cache did not serve it)
};

class ComputeWorker {
public:
    // `deliver` is called on the worker thread once per job that ran (never for
    // a job replaced before it started); it must hand the outcome over to its
    // own thread itself.
    explicit ComputeWorker(std::function<void(ComputeOutcome)> deliver);
    // Waits for the running job (the core cannot be interrupted) and drops the waiting one.
    ~ComputeWorker();
    ComputeWorker(const ComputeWorker&) = delete;
    ComputeWorker& operator=(const ComputeWorker&) = delete;

    void submit(ComputeJob job);
    bool busy() const;
    // Blocks until no job runs or waits.
    void waitIdle() const;
    // How many times the conv stage actually ran (the cache is visible to tests).
    int convRuns() const;

    // The pipeline itself, synchronous; `cache` is read and updated.
    struct ConvCache;
    static ComputeOutcome run(const ComputeJob& job, std::shared_ptr<ConvCache>& cache);

private:
    void loop();

    std::function<void(ComputeOutcome)> deliver_;
    mutable std::mutex mutex_;
    mutable std::condition_variable wake_, idle_;
    std::optional<ComputeJob> pending_;
    bool running_ = false;
    bool stop_ = false;
    int convRuns_ = 0;
    std::shared_ptr<ConvCache> cache_; // touched by the worker thread only
    std::thread thread_;
};

} // namespace poolscope::ui
