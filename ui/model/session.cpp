#include "ui/model/session.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <vector>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include "core/conv/conv_ops.h"
#include "core/io/image_io.h"
#include "core/io/load_tensor.h"
#include "core/io/samples.h"
#include "core/pool/first_step.h"
#include "core/shape/cell_rect.h"
#include "core/shape/memory_estimate.h"
#include "core/tensor/errors.h"
#include "ui/model/compute_worker.h"
#include "ui/model/input_tensor.h"

namespace poolscope::ui {

namespace {

// The GUI thread is done with a first delivery's frame (see onComputed).
struct ShownEvent : QEvent {
    static inline const auto kType = QEvent::Type(QEvent::registerEventType());
    explicit ShownEvent(quint64 g) : QEvent(kType), generation(g) {}
    quint64 generation;
};

QString messageOf(const std::exception& e)
{
    return QString::fromStdString(e.what());
}

} // namespace

// What reading a file gave, on the loader thread: the input, or why not.
struct Session::DecodedFile {
    Tensor tensor; // empty on failure
    QString error;
    QString notice; // anything the reader found worth telling about a file it read
};

// An image, or a .npy array.
Session::DecodedFile Session::decodeFile(const QString& path, long long maxPixels)
{
    Session::DecodedFile d;
    try {
        std::string notice;
        Tensor t = load_tensor(QFile::encodeName(path).toStdString(),
                               ImageLoadOptions{.max_pixels = maxPixels}, &notice);
        d.notice = QString::fromStdString(notice);
        const bool isNpy = QFileInfo(path).suffix().compare("npy", Qt::CaseInsensitive) == 0;
        if (!isNpy)
            t = grayIfNeutral(t);
        d.tensor = std::move(t);
    } catch (const std::bad_alloc&) {
        d.error = Session::tr("Not enough memory to open %1.").arg(QFileInfo(path).fileName());
    } catch (const cv::Exception& e) {
        d.error = QString::fromStdString(e.err);
    } catch (const std::exception& e) {
        d.error = messageOf(e);
    }
    if (d.error.isEmpty() && d.tensor.empty())
        d.error = Session::tr("%1 holds no values.").arg(QFileInfo(path).fileName());
    return d;
}

ConvSpec Session::defaultConv()
{
    // Four classic filters a class can name: edges in x and y, all edges, blur.
    ConvSpec c;
    c.out_channels = 4;
    c.kernel = {3, 3};
    c.padding = {1, 1};
    c.presets = {KernelPreset::SobelX, KernelPreset::SobelY, KernelPreset::Laplacian, KernelPreset::Gaussian};
    c.activation = Activation::ReLU;
    return c;
}

PoolSpec Session::defaultPool()
{
    // The textbook example: nn.MaxPool2d(kernel_size=2, stride=2).
    PoolSpec p;
    p.op = PoolOp::Max;
    p.kernel = {2, 2};
    p.stride = Size2{2, 2};
    return p;
}

Session::Session(QObject* parent)
    : QObject(parent), conv_(defaultConv()), pool_(defaultPool()),
      worker_(std::make_unique<ComputeWorker>(
          [this](ComputeOutcome outcome) {
              // Called on the worker thread: hand the outcome to the GUI thread.
              QMetaObject::invokeMethod(
                  this, [this, outcome = std::move(outcome)] { onComputed(outcome); }, Qt::QueuedConnection);
          },
          [this](MapsOutcome outcome) {
              QMetaObject::invokeMethod(
                  this, [this, outcome = std::move(outcome)] { onMapsComputed(outcome); },
                  Qt::QueuedConnection);
          }))
{
    qRegisterMetaType<FileLoad>();
    loader_.setMaxThreadCount(1);
    loader_.setObjectName(QStringLiteral("poolscope-load"));
    loadSample(QString::fromUtf8(default_sample().name.data(), qsizetype(default_sample().name.size())));
}

Session::~Session()
{
    // A decode cannot be interrupted: wait for one in progress; drop those waiting.
    loader_.clear();
    loader_.waitForDone();
    worker_.reset(); // joins the thread before the members it reports to go away
}

// ---- limits

void Session::setResourceLimits(const ResourceLimits& limits)
{
    limits_ = limits;
    if (validate())
        schedule();
}

// ---- input

void Session::setInput(Tensor input, const QString& displayName)
{
    if (input.empty())
        return;
    supersedeLoad();
    setInputFrom(std::move(input), displayName, QString(), QString());
}

void Session::setInputFrom(Tensor input, const QString& displayName, const QString& sample,
                           const QString& path)
{
    if (input.empty())
        return;
    input_ = std::move(input);
    inputName_ = displayName;
    inputSample_ = sample;
    inputPath_ = path;
    ++convKey_;
    startWhereInformative_ = true;
    const bool hadRegion = region_.has_value();
    region_.reset(); // cells of another picture
    if (hadRegion)
        invalidateTrace(); // the steps are the whole output's again
    emit inputChanged();
    if (hadRegion)
        emit regionChanged();
    if (validate())
        schedule();
}

void Session::loadFile(const QString& path)
{
    const quint64 request = ++latestLoad_;
    loadingPath_ = path;
    const long long maxPixels = limits_.maxPixels;
    loader_.start([this, request, path, maxPixels] {
        if (latestLoad_.load() != request)
            return; // a newer request came while this one waited
        DecodedFile decoded = decodeFile(path, maxPixels);
        // The session outlives the loader's tasks (the destructor waits for them).
        QMetaObject::invokeMethod(
            this,
            [this, request, path, decoded = std::move(decoded)]() mutable {
                onFileDecoded(request, path, decoded);
            },
            Qt::QueuedConnection);
    });
    emit loadingChanged(true);
}

void Session::onFileDecoded(quint64 request, const QString& path, DecodedFile& decoded)
{
    if (request != latestLoad_.load())
        return; // superseded while it was read: its tensor goes with this call
    loadingPath_.clear();
    FileLoad load{path, !decoded.tensor.empty(), decoded.error, decoded.notice};
    // The input first: a receiver of fileLoaded() sees the new input (and busy()).
    if (load.ok)
        setInputFrom(std::move(decoded.tensor), QFileInfo(path).fileName(), QString(),
                     QFileInfo(path).absoluteFilePath());
    emit loadingChanged(false);
    emit fileLoaded(load);
}

void Session::supersedeLoad()
{
    if (!loading())
        return;
    ++latestLoad_;
    loadingPath_.clear();
    emit loadingChanged(false);
}

void Session::waitForLoad()
{
    while (loading()) {
        loader_.waitForDone();
        // The outcome is posted before the task ends: deliver it now.
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    }
}

bool Session::loadSample(const QString& name)
{
    for (const Sample& s : samples()) {
        if (QString::fromUtf8(s.name.data(), qsizetype(s.name.size())) != name)
            continue;
        try {
            const std::vector<unsigned char> bytes(s.png.begin(), s.png.end());
            Tensor t = grayIfNeutral(decode_image(bytes));
            supersedeLoad();
            setInputFrom(std::move(t), QString::fromUtf8(s.title.data(), qsizetype(s.title.size())), name,
                         QString());
            return true;
        } catch (const std::exception&) {
            return false;
        }
    }
    return false;
}

// ---- parameters

void Session::setConv(const ConvSpec& conv)
{
    conv_ = conv;
    ++convKey_;
    applyParameters();
}

void Session::setConvEnabled(bool on)
{
    if (on == convEnabled_)
        return;
    convEnabled_ = on;
    ++convKey_;
    applyParameters();
}

void Session::setPool(const PoolSpec& pool)
{
    pool_ = pool;
    applyParameters();
}

void Session::applyParameters()
{
    // The worker starts before the views answer the change (the forms, the
    // panels' texts): it computes while they update.
    const bool valid = validate();
    if (valid)
        schedule();
    emit parametersChanged();
}

bool Session::validate()
{
    if (input_.empty())
        return false;
    const double cap = limits_.maxMemoryMiB * 1024.0 * 1024.0;
    const auto overCap = [&](double bytes) {
        return tr("These parameters need %1 MiB, more than the memory limit of %2 MiB.")
            .arg(std::ceil(bytes / (1024.0 * 1024.0)), 0, 'f', 0)
            .arg(limits_.maxMemoryMiB, 0, 'f', 0);
    };
    QString convError, poolError;
    Size2 poolIn{input_.height(), input_.width()};
    int poolChannels = input_.channels();
    double convBytes = 0;
    if (convEnabled_) {
        try {
            const ConvSpec conv = effective_spec(conv_); // as for the pool: what is not read is not checked
            poolIn = conv_output_size(conv, input_.height(), input_.width());
            poolChannels = conv.out_channels;
            make_conv_weights(conv, input_.channels()); // presets that exist only at 3x3 throw here
            convBytes = conv_peak_bytes(conv, input_.channels(), input_.height(), input_.width());
            if (convBytes > cap)
                convError = overCap(convBytes);
        } catch (const std::exception& e) {
            convError = messageOf(e);
        }
    }
    if (convError.isEmpty()) {
        try {
            // A parameter the op does not read is never held against it (the form keeps it).
            const PoolSpec pool = effective_spec(pool_);
            const PoolGeometry g = resolve_geometry(pool, poolIn.h, poolIn.w);
            // The conv output stays alive while the pool runs.
            const double bytes = convBytes + pool_peak_bytes(pool, poolChannels, g);
            if (bytes > cap)
                poolError = overCap(bytes);
        } catch (const std::exception& e) {
            poolError = messageOf(e);
        }
    }
    setErrors(convError, poolError);
    return convError.isEmpty() && poolError.isEmpty();
}

void Session::setErrors(const QString& convError, const QString& poolError)
{
    if (convError == convError_ && poolError == poolError_)
        return;
    convError_ = convError;
    poolError_ = poolError;
    emit errorsChanged();
}

void Session::schedule()
{
    const bool wasBusy = busy();
    ComputeJob job;
    job.generation = ++scheduledGeneration_;
    job.convKey = convKey_;
    job.input = input_.for_reading();
    job.convEnabled = convEnabled_;
    job.conv = effective_spec(conv_);
    job.pool = effective_spec(pool_);
    job.focusedChannel = focusedChannel_;
    job.planeBudgetBytes = limits_.planeBudgetMiB * 1024.0 * 1024.0;
    worker_->submit(std::move(job));
    if (!wasBusy)
        emit busyChanged(true);
}

// ---- results

bool Session::busy() const
{
    return completedGeneration_ != scheduledGeneration_;
}

int Session::convRuns() const
{
    return worker_->convRuns();
}

void Session::waitForIdle()
{
    waitForLoad();
    for (;;) {
        if (busy()) {
            worker_->waitIdle();
            // The outcome is posted before the worker turns idle: deliver it now.
            QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
        } else if (result_ && !maps_) {
            waitForMaps();
            if (!maps_)
                return; // they could not be made
        } else {
            return;
        }
    }
}

void Session::waitForMaps()
{
    while (result_ && !maps_ && requestedMapsGeneration_ == result_->generation &&
           requestedMapsChannel_ == focusedChannel_) {
        worker_->waitMapsIdle();
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    }
}

int Session::firstInformativeStep() const
{
    if (!result_)
        return 0;
    const QRect r = stepRect();
    const CellRect outputs{r.y(), r.x(), r.height(), r.width()};
    if (!result_->poolInput.empty())
        return first_informative_step(result_->poolInput.for_reading(), focusedChannel_, result_->pool,
                                      result_->geometry, outputs);
    if (maps_ && !maps_->planes.empty()) // a large result's first delivery: the focused channel only
        return first_informative_step(maps_->planes.poolInput.for_reading(), maps_->planes.index,
                                      maps_->planes.pool, result_->geometry, outputs);
    return 0;
}

void Session::onComputed(const ComputeOutcome& outcome)
{
    if (outcome.generation != scheduledGeneration_)
        return; // a newer computation is on its way: this one is stale
    if (!outcome.result) {
        // Failures only the full computation finds (e.g. reflect padding too large).
        deliveredGeneration_ = completedGeneration_ = outcome.generation;
        setErrors(QString::fromStdString(outcome.convError), QString::fromStdString(outcome.poolError));
        emit busyChanged(false);
        return;
    }
    const bool complete = outcome.result->complete;
    if (complete)
        completedGeneration_ = outcome.generation; // not busy any more for the slots below
    if (deliveredGeneration_ == outcome.generation && result_ && result_->generation == outcome.generation) {
        // The rest of a result whose focused channel came first: same numbers, every channel.
        result_ = outcome.result;
        invalidateTrace(); // traced from the whole pool input now, where it was from the maps
        if (updateMaps())
            emit focusedMapsChanged();
    } else {
        deliveredGeneration_ = outcome.generation;
        const int oldCount = stepCount();
        const int oldStep = step();
        const double oldPosition = position_;
        const auto oldRegion = region_;
        result_ = outcome.result;
        invalidateTrace();
        fitRegionToResult();

        const int channels = result_->channels();
        const int channel = std::clamp(focusedChannel_, 0, std::max(0, channels - 1));
        const bool channelMoved = channel != focusedChannel_;
        focusedChannel_ = channel;
        updateMaps();

        const int newCount = stepCount();
        double p = oldCount > 0 ? position_ * double(newCount) / double(oldCount) : 0.0;
        if (startWhereInformative_) {
            // A new input starts where the operation shows something, not in its empty corner.
            startWhereInformative_ = false;
            p = firstInformativeStep();
        }
        position_ = std::clamp(p, 0.0, double(std::max(0, newCount - 1)));

        emit resultChanged();
        if (region_ != oldRegion)
            emit regionChanged();
        if (channelMoved)
            emit focusedChannelChanged(focusedChannel_);
        if (position_ != oldPosition)
            emit positionChanged(position_);
        if (step() != oldStep)
            emit stepChanged(step());
    }
    if (complete) {
        emit resultCompleted();
        emit busyChanged(false);
        freedMemory_.schedule();
    } else {
        // Widgets post their paint requests at low priority: posted behind the
        // ones this delivery made, this arrives once its frame is painted.
        QCoreApplication::postEvent(this, new ShownEvent(outcome.generation), Qt::LowEventPriority);
    }
}

void Session::customEvent(QEvent* event)
{
    if (event->type() == ShownEvent::kType)
        worker_->noteShown(static_cast<ShownEvent*>(event)->generation);
    QObject::customEvent(event);
}

namespace {

// Maps this small are made on the GUI thread at once: asking the worker would
// cost more than colouring them.
constexpr std::size_t kSyncMapsCells = 256 * 256;

} // namespace

bool Session::updateMaps()
{
    const auto old = maps_;
    const auto set = [&](std::shared_ptr<const ChannelMaps> m) {
        maps_ = std::move(m);
        if (maps_ != old)
            invalidateTrace();
        return maps_ != old;
    };
    if (!result_)
        return set(nullptr);
    const quint64 generation = result_->generation;
    const int c = focusedChannel_;
    if (result_->focused && result_->focused->channel() == c)
        return set(result_->focused);
    if (maps_ && maps_->generation == generation && maps_->channel() == c)
        return false;
    const MapShape& in = result_->poolInputShape;
    if (std::size_t(in.height) * std::size_t(in.width) <= kSyncMapsCells) {
        try {
            return set(std::make_shared<const ChannelMaps>(makeChannelMaps(*result_, c)));
        } catch (const std::exception&) {
            return set(nullptr);
        }
    }
    if (requestedMapsGeneration_ != generation || requestedMapsChannel_ != c) {
        requestedMapsGeneration_ = generation;
        requestedMapsChannel_ = c;
        worker_->requestMaps(MapsJob{result_, c});
    }
    return set(nullptr);
}

void Session::onMapsComputed(const MapsOutcome& outcome)
{
    if (outcome.generation == requestedMapsGeneration_ && outcome.channel == requestedMapsChannel_)
        requestedMapsChannel_ = -1; // answered: a later request for it is a new one
    if (!result_ || outcome.generation != result_->generation || outcome.channel != focusedChannel_ ||
        !outcome.maps || (maps_ && maps_->channel() == outcome.channel))
        return;
    maps_ = outcome.maps;
    invalidateTrace();
    emit focusedMapsChanged();
}

std::optional<ChannelPlanes> Session::focusedPlanes() const
{
    if (!result_)
        return std::nullopt;
    if (maps_ && maps_->channel() == focusedChannel_)
        return maps_->planes;
    if (!result_->poolInput.empty() && !result_->pooled.output.empty())
        return channelPlanes(*result_, focusedChannel_);
    return std::nullopt;
}

// ---- focus and animation

void Session::setFocusedChannel(int channel)
{
    const int channels = result_ ? result_->channels() : 1;
    channel = std::clamp(channel, 0, std::max(0, channels - 1));
    if (channel == focusedChannel_)
        return;
    focusedChannel_ = channel;
    invalidateTrace();
    updateMaps();
    emit focusedChannelChanged(channel);
    if (region_)
        setPosition(position_); // fractional windows differ per channel, and so may the region's steps
}

int Session::stepCount() const
{
    const QRect r = stepRect();
    return r.width() * r.height();
}

int Session::step() const
{
    return int(std::floor(position_));
}

void Session::setPosition(double position)
{
    if (!std::isfinite(position))
        return;
    position = std::clamp(position, 0.0, double(std::max(0, stepCount() - 1)));
    if (position == position_)
        return;
    const int oldStep = step();
    position_ = position;
    emit positionChanged(position_);
    if (step() != oldStep)
        emit stepChanged(step());
}

QPoint Session::stepCell(int step) const
{
    const QRect r = stepRect();
    if (r.isEmpty())
        return {};
    return r.topLeft() + QPoint(step % r.width(), step / r.width());
}

const WindowTrace* Session::currentTrace() const
{
    if (!result_)
        return nullptr;
    const int s = step();
    if (traceCacheStep_ != s) {
        const QPoint cell = stepCell(s);
        traceCache_ = traceAt(cell.y(), cell.x());
        traceCacheStep_ = s;
    }
    return traceCache_ ? &*traceCache_ : nullptr;
}

std::optional<WindowTrace> Session::traceAt(int oy, int ox) const
{
    if (!result_)
        return std::nullopt;
    const MapShape& out = result_->outputShape;
    if (oy < 0 || ox < 0 || oy >= out.height || ox >= out.width)
        return std::nullopt;
    try {
        // The whole pool input when it is held (any channel at once), else the focused channel's maps.
        if (!result_->poolInput.empty())
            return trace(result_->poolInput.for_reading(), result_->pool, focusedChannel_, oy, ox);
        if (maps_ && maps_->channel() == focusedChannel_)
            return maps_->planes.trace(oy, ox);
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

void Session::invalidateTrace()
{
    traceCache_.reset();
    traceCacheStep_ = -1;
}

// ---- hover

void Session::setHoveredOutput(std::optional<QPoint> cell)
{
    if (cell == hoveredOutput_)
        return;
    hoveredOutput_ = cell;
    emit hoverChanged();
}

void Session::setHoveredInput(std::optional<QPoint> cell)
{
    if (cell == hoveredInput_)
        return;
    hoveredInput_ = cell;
    emit hoverChanged();
}

} // namespace poolscope::ui
