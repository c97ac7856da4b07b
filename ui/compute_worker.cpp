#include "ui/compute_worker.h"

#include <chrono>
#include <exception>
#include <new>

#include <opencv2/core.hpp>

#include "core/conv_ops.h"
#include "core/pool_ops.h"
#include "core/pool_shape.h"
#include "ui/session.h"

namespace poolscope::ui {

struct ComputeWorker::ConvCache {
    std::uint64_t key = 0;
    Tensor poolInput;
    ConvWeights weights;
    double convMs = 0;
};

namespace {

double msSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// One line for any failure, so it can be shown next to the form as it is.
template <class F> std::string failureOf(F&& f)
{
    try {
        f();
    } catch (const std::bad_alloc&) {
        return "Not enough memory for this computation.";
    } catch (const cv::Exception& e) {
        return e.err.empty() ? std::string(e.what()) : e.err;
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

} // namespace

ComputeWorker::ComputeWorker(std::function<void(ComputeOutcome)> deliver)
    : deliver_(std::move(deliver)), thread_([this] { loop(); })
{
}

ComputeWorker::~ComputeWorker()
{
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        pending_.reset();
    }
    wake_.notify_all();
    thread_.join();
}

void ComputeWorker::submit(ComputeJob job)
{
    {
        std::lock_guard lock(mutex_);
        pending_ = std::move(job); // replaces a job that has not started: latest wins
    }
    wake_.notify_one();
}

bool ComputeWorker::busy() const
{
    std::lock_guard lock(mutex_);
    return running_ || pending_.has_value();
}

void ComputeWorker::waitIdle() const
{
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return !running_ && !pending_; });
}

int ComputeWorker::convRuns() const
{
    std::lock_guard lock(mutex_);
    return convRuns_;
}

void ComputeWorker::loop()
{
    for (;;) {
        ComputeJob job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stop_ || pending_.has_value(); });
            if (stop_)
                return;
            job = std::move(*pending_);
            pending_.reset();
            running_ = true;
        }
        ComputeOutcome outcome = run(job, cache_);
        bool stopping;
        {
            std::lock_guard lock(mutex_);
            convRuns_ += outcome.convRan ? 1 : 0;
            stopping = stop_;
        }
        if (!stopping)
            deliver_(std::move(outcome));
        {
            // Idle only after delivery, so a waiter never misses the outcome.
            std::lock_guard lock(mutex_);
            running_ = false;
        }
        idle_.notify_all();
    }
}

ComputeOutcome ComputeWorker::run(const ComputeJob& job, std::shared_ptr<ConvCache>& cache)
{
    ComputeOutcome outcome;
    outcome.generation = job.generation;
    auto r = std::make_shared<PipelineResult>();
    r->generation = job.generation;
    r->input = job.input;
    r->convEnabled = job.convEnabled;
    r->conv = job.conv;
    r->pool = job.pool;

    if (cache && cache->key == job.convKey) {
        r->poolInput = cache->poolInput;
        r->weights = cache->weights;
        r->convMs = cache->convMs;
        r->convCached = true;
    } else {
        auto fresh = std::make_shared<ConvCache>();
        fresh->key = job.convKey;
        outcome.convRan = true;
        outcome.convError = failureOf([&] {
            const auto t0 = std::chrono::steady_clock::now();
            if (job.convEnabled) {
                fresh->weights = make_conv_weights(job.conv, job.input.channels());
                fresh->poolInput = conv2d(job.input, fresh->weights, job.conv);
                apply_activation(fresh->poolInput, job.conv.activation, job.conv.negative_slope);
            } else {
                fresh->poolInput = job.input;
            }
            fresh->convMs = msSince(t0);
        });
        if (!outcome.convError.empty())
            return outcome;
        cache = fresh;
        r->poolInput = fresh->poolInput;
        r->weights = fresh->weights;
        r->convMs = fresh->convMs;
    }

    outcome.poolError = failureOf([&] {
        const Tensor& in = r->poolInput;
        r->shape = explain_shape(job.pool, in.height(), in.width());
        r->geometry = r->shape.geometry;
        const auto t0 = std::chrono::steady_clock::now();
        r->pooled = pool(in, job.pool);
        r->poolMs = msSince(t0);
    });
    if (outcome.poolError.empty())
        outcome.result = std::move(r);
    return outcome;
}

} // namespace poolscope::ui
