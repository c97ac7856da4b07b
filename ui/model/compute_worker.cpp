#include "ui/model/compute_worker.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>
#include <new>
#include <vector>

#include <opencv2/core.hpp>

#if defined(__linux__)
#include <pthread.h>
#endif

#include "core/color/colormap.h"
#include "core/color/value_range.h"
#include "core/conv/conv_ops.h"
#include "core/pool/pool_ops.h"
#include "core/shape/pool_shape.h"
#include "core/tensor/threads.h"
#include "ui/model/channel_maps.h"
#include "ui/model/mat_image.h"
#include "ui/model/pipeline_result.h"

namespace poolscope::ui {

namespace {

// Pool inputs of at least this many values (all channels together) are delivered
// in two steps: below it the whole computation takes a few milliseconds.
constexpr std::size_t kProgressiveCells = std::size_t(1) << 22;

} // namespace

struct ComputeWorker::ConvCache {
    std::uint64_t key = 0;
    bool valid = false; // weights and shape made for this key
    ConvWeights weights;
    MapShape shape;        // of the pool input
    double convMs = 0;     // of the whole conv stage, once it ran
    Tensor all;            // every channel, within the plane budget (the input itself when the conv is off)
    bool complete = false; // ranges and shrunk hold every channel
    std::vector<ValueRange> ranges; // per channel, of the full plane
    std::vector<char> rangeKnown;   // which entries of ranges are filled
    std::vector<cv::Mat> shrunk;    // per channel, the thumbnail's values (empty until made)
    // The focused channel as a tensor of its own: the only plane kept past the
    // budget, and the quick first delivery's input within it.
    int oneChannel = -1;
    Tensor one;
    // The last input picture made, reused while its channel and colours stay.
    int imageChannel = -1;
    QImage image;
    std::vector<QImage> imageHalvings;
    ValueRange imageRange;
    ColorMap imageMap = ColorMap::Viridis;
};

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
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

// Named, so a profiler or debugger tells the threads apart (at most 15 characters).
void nameThisThread(const char* name)
{
#if defined(__linux__)
    pthread_setname_np(pthread_self(), name);
#else
    (void)name;
#endif
}

bool sameRange(ValueRange a, ValueRange b)
{
    return std::memcmp(&a.lo, &b.lo, sizeof a.lo) == 0 && std::memcmp(&a.hi, &b.hi, sizeof a.hi) == 0;
}

// One job: the conv stage (cached by key), the pool, and the display data.
class Pipeline {
public:
    Pipeline(const ComputeJob& job, ComputeWorker::ConvCache& cache, std::function<bool()> superseded,
             std::function<void(ComputeOutcome)> deliverFirst, std::function<bool()> waitShown)
        : job_(job), cache_(cache), superseded_(std::move(superseded)),
          deliverFirst_(std::move(deliverFirst)), waitShown_(std::move(waitShown))
    {
    }

    // The last outcome; nullopt when a newer job made this one give up.
    std::optional<ComputeOutcome> run();
    bool convRan() const { return outcome_.convRan; }

private:
    bool prepareConv();
    std::shared_ptr<PipelineResult> base() const;
    // The input channel's value range, and with `shrunk` its thumbnail's values,
    // from the cache or computed now.
    void describeInput(int channel, const cv::Mat& plane, bool shrunk);
    Tensor focusedInput();
    Tensor channelInput(int channel);
    std::shared_ptr<ChannelMaps> makeMaps(ChannelPlanes planes, ValueRange inputRange,
                                          ValueRange outputRange);
    ChannelThumbnail thumbnailOf(int channel, const cv::Mat& output, ValueRange* outputRange) const;
    bool firstStep();
    bool everyChannel();

    const ComputeJob& job_;
    ComputeWorker::ConvCache& cache_;
    std::function<bool()> superseded_;
    std::function<void(ComputeOutcome)> deliverFirst_;
    std::function<bool()> waitShown_;
    ComputeOutcome outcome_;
    ShapeExplanation shape_;
    int channel_ = 0;
    bool fits_ = true;
    // The threads the computation may use (thread_budget): OpenCV's pool until the
    // first delivery, then one, the worker's own.
    int threads_ = 0;
    double convMs_ = 0, poolMs_ = 0;
    MapShape outputShape_;
    std::shared_ptr<ChannelMaps> focused_;
};

bool Pipeline::prepareConv()
{
    if (cache_.valid && cache_.key == job_.convKey)
        return true;
    cache_ = ComputeWorker::ConvCache{};
    cache_.key = job_.convKey;
    outcome_.convRan = true;
    outcome_.convError = failureOf([&] {
        if (job_.convEnabled) {
            cache_.weights = make_conv_weights(job_.conv, job_.input.channels());
            const Size2 s = conv_output_size(job_.conv, job_.input.height(), job_.input.width());
            cache_.shape = {cache_.weights.out_channels, s.h, s.w};
        } else {
            cache_.shape = MapShape::of(job_.input);
            cache_.all = job_.input;
        }
    });
    if (!outcome_.convError.empty())
        return false;
    const std::size_t channels = std::size_t(cache_.shape.channels);
    cache_.ranges.resize(channels);
    cache_.shrunk.resize(channels);
    cache_.rangeKnown.assign(channels, 0);
    cache_.valid = true;
    return true;
}

std::shared_ptr<PipelineResult> Pipeline::base() const
{
    auto r = std::make_shared<PipelineResult>();
    r->generation = job_.generation;
    r->input = job_.input;
    r->convEnabled = job_.convEnabled;
    r->conv = job_.conv;
    r->weights = cache_.weights;
    r->pool = job_.pool;
    r->shape = shape_;
    r->geometry = shape_.geometry;
    r->poolInputShape = cache_.shape;
    r->outputShape = outputShape_;
    r->thumbnails.resize(std::size_t(cache_.shape.channels));
    // Past the budget a pool change runs the conv again, channel by channel.
    r->convCached = !outcome_.convRan && convMs_ == 0;
    r->convMs = convMs_ > 0 ? convMs_ : cache_.convMs;
    r->poolMs = poolMs_;
    return r;
}

void Pipeline::describeInput(int channel, const cv::Mat& plane, bool shrunk)
{
    const std::size_t c = std::size_t(channel);
    if (!cache_.rangeKnown[c]) {
        cache_.ranges[c] = value_range(plane, threads_);
        cache_.rangeKnown[c] = 1;
    }
    if (shrunk && cache_.shrunk[c].empty())
        cache_.shrunk[c] = shrunkPlane(plane);
}

Tensor Pipeline::focusedInput()
{
    if (cache_.oneChannel != channel_ || cache_.one.empty()) {
        if (!cache_.all.empty()) {
            cache_.one = copyChannel(cache_.all, channel_);
        } else {
            const auto t0 = Clock::now();
            cache_.one =
                poolInputChannel(job_.input, job_.convEnabled, job_.conv, cache_.weights, channel_, threads_);
            convMs_ += msSince(t0);
        }
        cache_.oneChannel = channel_;
    }
    describeInput(channel_, cache_.one.plane(0), false);
    return cache_.one;
}

Tensor Pipeline::channelInput(int channel)
{
    if (channel == channel_) {
        Tensor t = focusedInput();
        describeInput(channel, t.plane(0), true);
        return t;
    }
    const auto t0 = Clock::now();
    Tensor t = poolInputChannel(job_.input, job_.convEnabled, job_.conv, cache_.weights, channel, threads_);
    convMs_ += msSince(t0);
    describeInput(channel, t.plane(0), true);
    return t;
}

std::shared_ptr<ChannelMaps> Pipeline::makeMaps(ChannelPlanes planes, ValueRange inputRange,
                                                ValueRange outputRange)
{
    auto m = std::make_shared<ChannelMaps>();
    m->generation = job_.generation;
    ChannelImages& im = m->images;
    im.range = sharedRange(inputRange, outputRange);
    im.map = auto_colormap(im.range);
    // A pool-only change usually keeps the input's colours: its picture is kept too.
    if (!cache_.image.isNull() && cache_.imageChannel == planes.channel &&
        sameRange(cache_.imageRange, im.range) && cache_.imageMap == im.map) {
        im.input = cache_.image;
        im.inputHalvings = cache_.imageHalvings;
    } else {
        im.input = colorizedPlane(planes.inputPlane(), im.range, im.map, threads_);
        im.inputHalvings = halvings(im.input);
        cache_.image = im.input;
        cache_.imageHalvings = im.inputHalvings;
        cache_.imageChannel = planes.channel;
        cache_.imageRange = im.range;
        cache_.imageMap = im.map;
    }
    im.output = colorizedPlane(planes.outputPlane(), im.range, im.map, threads_);
    im.outputHalvings = halvings(im.output);
    m->planes = std::move(planes);
    return m;
}

ChannelThumbnail Pipeline::thumbnailOf(int channel, const cv::Mat& output, ValueRange* outputRange) const
{
    const std::size_t c = std::size_t(channel);
    const ValueRange range = value_range(output, threads_);
    if (outputRange)
        *outputRange = range;
    return makeThumbnail(cache_.shrunk[c], shrunkPlane(output), cache_.ranges[c], range);
}

// The focused channel alone, delivered at once.
bool Pipeline::firstStep()
{
    Tensor input;
    outcome_.convError = failureOf([&] { input = focusedInput(); });
    if (!outcome_.convError.empty())
        return false;
    outcome_.poolError = failureOf([&] {
        const auto t0 = Clock::now();
        ChannelPlanes planes = poolChannel(input, job_.pool, channel_, threads_);
        poolMs_ += msSince(t0);
        const cv::Mat out = planes.outputPlane().mat_for_reading();
        outputShape_ = {cache_.shape.channels, out.rows, out.cols};
        // Only what the stage paints: the strip's thumbnails come with every channel.
        focused_ =
            makeMaps(std::move(planes), cache_.ranges[std::size_t(channel_)], value_range(out, threads_));
    });
    if (!outcome_.poolError.empty())
        return false;
    auto r = base();
    if (!job_.convEnabled || cache_.complete)
        r->poolInput = cache_.all;
    r->focused = focused_;
    r->complete = false;
    ComputeOutcome first = outcome_;
    first.result = std::move(r);
    first.last = false;
    deliverFirst_(std::move(first));
    return true;
}

// Every channel: within the budget all at once and kept, past it one at a time.
bool Pipeline::everyChannel()
{
    const int channels = cache_.shape.channels;
    std::vector<ChannelThumbnail> thumbnails(static_cast<std::size_t>(channels));
    PoolResult pooled;
    bool gaveUp = false;
    if (fits_) {
        outcome_.convError = failureOf([&] {
            if (cache_.all.empty()) {
                const auto t0 = Clock::now();
                Tensor all = conv_stage(job_.input, cache_.weights, job_.conv, ConvOptions{threads_});
                convMs_ += msSince(t0);
                cache_.all = std::move(all);
                cache_.convMs = convMs_;
            }
        });
        if (!outcome_.convError.empty())
            return false;
        if (superseded_())
            return false;
        outcome_.poolError = failureOf([&] {
            parallel_for(cv::Range(0, channels), threads_, channels, [&](const cv::Range& range) {
                for (int c = range.start; c < range.end; ++c)
                    describeInput(c, cache_.all.plane(c), true);
            });
            cache_.complete = true;
            const auto t0 = Clock::now();
            pooled = pool(cache_.all, job_.pool, PoolOptions{.indices = false, .threads = threads_});
            poolMs_ += msSince(t0);
            const Tensor& out = pooled.output;
            outputShape_ = MapShape::of(out);
            std::vector<ValueRange> outRanges(static_cast<std::size_t>(channels));
            parallel_for(cv::Range(0, channels), threads_, channels, [&](const cv::Range& range) {
                for (int c = range.start; c < range.end; ++c)
                    thumbnails[std::size_t(c)] = thumbnailOf(c, out.plane(c), &outRanges[std::size_t(c)]);
            });
            ChannelPlanes planes{channel_, cache_.all, out, channel_, job_.pool};
            if (focused_) {
                // The same pictures over the whole maps: the first step's copies can go.
                auto m = std::make_shared<ChannelMaps>(*focused_);
                m->planes = std::move(planes);
                focused_ = std::move(m);
            } else {
                focused_ = makeMaps(std::move(planes), cache_.ranges[std::size_t(channel_)],
                                    outRanges[std::size_t(channel_)]);
            }
        });
        if (!outcome_.poolError.empty())
            return false;
    } else {
        for (int c = 0; c < channels && !gaveUp; ++c) {
            if (superseded_()) {
                gaveUp = true;
                break;
            }
            if (focused_ && c == channel_) {
                outcome_.poolError = failureOf([&] {
                    describeInput(c, focused_->planes.inputPlane().mat_for_reading(), true);
                    thumbnails[std::size_t(c)] =
                        thumbnailOf(c, focused_->planes.outputPlane().mat_for_reading(), nullptr);
                });
                if (!outcome_.poolError.empty())
                    return false;
                continue;
            }
            Tensor input;
            outcome_.convError = failureOf([&] { input = channelInput(c); });
            if (!outcome_.convError.empty())
                return false;
            outcome_.poolError = failureOf([&] {
                const auto t0 = Clock::now();
                ChannelPlanes planes = poolChannel(std::move(input), job_.pool, c, threads_);
                poolMs_ += msSince(t0);
                const cv::Mat out = planes.outputPlane().mat_for_reading();
                outputShape_ = {channels, out.rows, out.cols};
                ValueRange outRange;
                thumbnails[std::size_t(c)] = thumbnailOf(c, out, &outRange);
                if (c == channel_)
                    focused_ = makeMaps(std::move(planes), cache_.ranges[std::size_t(c)], outRange);
            });
            if (!outcome_.poolError.empty())
                return false;
        }
        if (gaveUp)
            return false;
        cache_.complete = true;
        if (outcome_.convRan)
            cache_.convMs = convMs_;
    }
    auto r = base();
    if (fits_) {
        r->poolInput = cache_.all;
        r->pooled = std::move(pooled);
    }
    r->thumbnails = std::move(thumbnails);
    r->focused = focused_;
    r->complete = true;
    outcome_.result = std::move(r);
    return true;
}

std::optional<ComputeOutcome> Pipeline::run()
{
    outcome_.generation = job_.generation;
    if (!prepareConv())
        return outcome_;
    outcome_.poolError =
        failureOf([&] { shape_ = explain_shape(job_.pool, cache_.shape.height, cache_.shape.width); });
    if (!outcome_.poolError.empty())
        return outcome_;
    const int channels = cache_.shape.channels;
    channel_ = std::clamp(job_.focusedChannel, 0, std::max(0, channels - 1));
    fits_ = !job_.convEnabled || double(cache_.shape.cells()) * sizeof(float) <= job_.planeBudgetBytes;
    if (!fits_)
        cache_.all = Tensor(); // kept under a larger budget before
    bool first = false;
    if (channels > 1 && cache_.shape.cells() >= kProgressiveCells) {
        if (!firstStep())
            return outcome_;
        if (superseded_())
            return std::nullopt;
        first = true;
    }
    // After a first delivery the GUI thread paints it. Once it has (it says so a
    // moment later), the rest takes every thread; if it is still busy after a
    // while, the rest runs on this thread alone, leaving it the other core: every
    // step is given that count and none enters OpenCV's pool, so the GUI thread's
    // own parallel loops (colouring, exports) keep every thread meanwhile.
    threads_ = first && !waitShown_() ? 1 : 0;
    const bool done = everyChannel();
    if (!done)
        return outcome_.convError.empty() && outcome_.poolError.empty() ? std::nullopt
                                                                        : std::optional(outcome_);
    return outcome_;
}

} // namespace

ComputeWorker::ComputeWorker(std::function<void(ComputeOutcome)> deliver,
                             std::function<void(MapsOutcome)> deliverMaps)
    : deliver_(std::move(deliver)), deliverMaps_(std::move(deliverMaps)), thread_([this] { loop(); }),
      mapsThread_([this] { mapsLoop(); })
{
}

ComputeWorker::~ComputeWorker()
{
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        pending_.reset();
        pendingMaps_.reset();
    }
    wake_.notify_all();
    thread_.join();
    mapsThread_.join();
}

void ComputeWorker::submit(ComputeJob job)
{
    {
        std::lock_guard lock(mutex_);
        pending_ = std::move(job); // replaces a job that has not started: latest wins
    }
    wake_.notify_all();
}

void ComputeWorker::requestMaps(MapsJob job)
{
    {
        std::lock_guard lock(mutex_);
        pendingMaps_ = std::move(job);
    }
    wake_.notify_all();
}

bool ComputeWorker::busy() const
{
    std::lock_guard lock(mutex_);
    return running_ || pending_.has_value();
}

bool ComputeWorker::superseded() const
{
    std::lock_guard lock(mutex_);
    return stop_ || pending_.has_value();
}

void ComputeWorker::waitIdle() const
{
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return !running_ && !pending_; });
}

void ComputeWorker::waitMapsIdle() const
{
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return !mapsRunning_ && !pendingMaps_; });
}

int ComputeWorker::convRuns() const
{
    std::lock_guard lock(mutex_);
    return convRuns_;
}

void ComputeWorker::noteShown(std::uint64_t generation)
{
    {
        std::lock_guard lock(mutex_);
        shownGeneration_ = std::max(shownGeneration_, generation);
    }
    wake_.notify_all();
}

bool ComputeWorker::waitShown(std::uint64_t generation, std::chrono::milliseconds timeout) const
{
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, timeout,
                   [&] { return stop_ || pending_.has_value() || shownGeneration_ >= generation; });
    return !stop_ && !pending_.has_value() && shownGeneration_ >= generation;
}

template <class Job> bool ComputeWorker::take(std::optional<Job>& slot, bool& running, Job& job)
{
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [&] { return stop_ || slot.has_value(); });
    if (stop_)
        return false;
    job = std::move(*slot);
    slot.reset();
    running = true;
    return true;
}

void ComputeWorker::loop()
{
    nameThisThread("poolscope-work");
    for (;;) {
        ComputeJob job;
        if (!take(pending_, running_, job))
            return;
        const auto deliverUnlessStopping = [this](ComputeOutcome o) {
            bool stopping;
            {
                std::lock_guard lock(mutex_);
                stopping = stop_;
            }
            if (!stopping)
                deliver_(std::move(o));
        };
        if (!cache_)
            cache_ = std::make_shared<ConvCache>();
        // The first frame of a large result takes the GUI thread some 10 to 40 ms;
        // longer means it is busy with something else.
        constexpr std::chrono::milliseconds kShownWait{60};
        Pipeline pipeline(
            job, *cache_, [this] { return superseded(); }, deliverUnlessStopping,
            [this, generation = job.generation] { return waitShown(generation, kShownWait); });
        const std::optional<ComputeOutcome> outcome = pipeline.run();
        {
            std::lock_guard lock(mutex_);
            convRuns_ += pipeline.convRan() ? 1 : 0;
        }
        if (outcome)
            deliverUnlessStopping(*outcome);
        {
            // Idle only after delivery, so a waiter never misses the outcome.
            std::lock_guard lock(mutex_);
            running_ = false;
        }
        idle_.notify_all();
    }
}

void ComputeWorker::mapsLoop()
{
    nameThisThread("poolscope-maps");
    for (;;) {
        MapsJob job;
        if (!take(pendingMaps_, mapsRunning_, job))
            return;
        MapsOutcome outcome;
        outcome.generation = job.result->generation;
        outcome.channel = job.channel;
        try {
            outcome.maps = std::make_shared<const ChannelMaps>(makeChannelMaps(*job.result, job.channel));
        } catch (const std::exception&) {
            // Null maps: the stage keeps its placeholder and says nothing more.
        }
        job.result.reset(); // not kept alive by a finished job
        bool stopping;
        {
            std::lock_guard lock(mutex_);
            stopping = stop_;
        }
        if (!stopping)
            deliverMaps_(std::move(outcome));
        {
            std::lock_guard lock(mutex_);
            mapsRunning_ = false;
        }
        idle_.notify_all();
    }
}

} // namespace poolscope::ui
