#pragma once
// Runs the conv + pool pipeline on one background thread, and makes the display
// data the views paint with it (as Qt's Mandelbrot example does): the focused
// channel's colourised maps, every channel's thumbnail and value range. Latest
// wins: at most one job runs and one waits; submitting replaces the waiting one,
// and a running job gives up between its steps once a newer one waits. The conv
// output is cached by a key the session bumps whenever the input or the conv
// changes, so a pool-only change recomputes only the pool.
//
// Large maps come in two deliveries: the focused channel alone first (a conv of
// that one output channel when the conv changed, its pool and the stage's
// pictures: what the next frame shows), then every channel with the strip's
// thumbnails. Maps of another channel of a delivered result are made on a second
// thread, so a focus change is not queued behind a pipeline job.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"

namespace poolscope::ui {

struct PipelineResult;
struct ChannelMaps;

struct ComputeJob {
    std::uint64_t generation = 0;
    std::uint64_t convKey = 0; // same key = same input and conv: the cached conv output is valid
    Tensor input;
    bool convEnabled = true;
    ConvSpec conv;
    PoolSpec pool;
    int focusedChannel = 0;      // delivered first, with its maps
    double planeBudgetBytes = 0; // every channel's conv output is kept while it needs at most this
};

// What one job produced: a result, or the message of the stage that failed.
struct ComputeOutcome {
    std::uint64_t generation = 0;
    std::shared_ptr<const PipelineResult> result;
    std::string convError, poolError;
    bool convRan = false; // the conv stage ran (the cache did not serve it)
    bool last = true;     // no further outcome of this job follows
};

// A channel's maps of a delivered result.
struct MapsJob {
    std::shared_ptr<const PipelineResult> result;
    int channel = 0;
};

struct MapsOutcome {
    std::uint64_t generation = 0;
    int channel = 0;
    std::shared_ptr<const ChannelMaps> maps; // null when they could not be made
};

class ComputeWorker {
public:
    // `deliver` is called on the worker thread for every outcome of a job that ran
    // (never for a job replaced before it started, nor after a newer job made it
    // give up); `deliverMaps` likewise on the maps thread. Both must hand the
    // outcome over to their own thread themselves.
    ComputeWorker(std::function<void(ComputeOutcome)> deliver, std::function<void(MapsOutcome)> deliverMaps);
    // Waits for the running steps (the core cannot be interrupted) and drops the waiting ones.
    ~ComputeWorker();
    ComputeWorker(const ComputeWorker&) = delete;
    ComputeWorker& operator=(const ComputeWorker&) = delete;

    void submit(ComputeJob job);
    // Replaces a maps job that has not started.
    void requestMaps(MapsJob job);
    bool busy() const;
    // Blocks until no job runs or waits.
    void waitIdle() const;
    // Blocks until no maps job runs or waits.
    void waitMapsIdle() const;
    // How many times the conv stage actually ran (the cache is visible to tests).
    int convRuns() const;
    // The GUI thread has painted the first delivery of `generation`: the rest of
    // that job may take every thread, since the GUI thread is not painting any more.
    void noteShown(std::uint64_t generation);
    // Waits at most `timeout` for noteShown(generation) or a later one; false when
    // none came (or a newer job or the stop came first).
    bool waitShown(std::uint64_t generation, std::chrono::milliseconds timeout) const;

    struct ConvCache;

private:
    void loop();
    void mapsLoop();
    // Waits for a job in `slot` and takes it, marking `running`; false once stopping.
    template <class Job> bool take(std::optional<Job>& slot, bool& running, Job& job);
    // A newer job waits, or the worker is stopping: the running one should give up.
    bool superseded() const;

    std::function<void(ComputeOutcome)> deliver_;
    std::function<void(MapsOutcome)> deliverMaps_;
    mutable std::mutex mutex_;
    mutable std::condition_variable wake_, idle_;
    std::optional<ComputeJob> pending_;
    std::optional<MapsJob> pendingMaps_;
    bool running_ = false, mapsRunning_ = false;
    bool stop_ = false;
    int convRuns_ = 0;
    std::uint64_t shownGeneration_ = 0;
    std::shared_ptr<ConvCache> cache_; // touched by the worker thread only
    std::thread thread_, mapsThread_;
};

} // namespace poolscope::ui
