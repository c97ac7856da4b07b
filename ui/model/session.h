#pragma once
// The one central state of the application: input, parameters, results and the
// animation position. Views observe its signals and only paint; the session owns
// the compute worker (off the GUI thread, latest wins) and never blocks the GUI.
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include <QMetaType>
#include <QObject>
#include <QPoint>
#include <QRect>
#include <QString>
#include <QThreadPool>

#include "core/pool/window_trace.h"
#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"
#include "core/tensor/tensor_view.h"
#include "ui/model/channel_maps.h"
#include "ui/model/freed_memory.h"
#include "ui/model/pipeline_result.h"

namespace poolscope {
struct Coverage;
}

namespace poolscope::ui {

// What the stage shows over the pool input besides the values: the lab's views.
enum class LabView {
    None,
    Coverage, // how many windows read each input cell
};

class ComputeWorker;
struct ComputeOutcome;
struct MapsOutcome;

// How a loadFile() ended, for the file it was asked for.
struct FileLoad {
    QString path;    // as given to loadFile()
    bool ok = false; // the file is the input now
    QString error;   // why not (the reason only: the caller names the file)
    // Something the user should know about a file that did load (how it was
    // read, ...); empty when there is nothing to say.
    QString notice;
};

// Planes past this size are not all kept: a result then holds only the focused
// channel's maps at full resolution (see channel_maps.h).
inline constexpr double kDefaultPlaneBudgetMiB = 256;

class Session : public QObject {
    Q_OBJECT
public:
    // Starts with the classroom defaults: the embedded digit sample, a 4-channel
    // 3x3 conv (sobel-x, sobel-y, laplacian, gaussian) + ReLU and a 2x2 max pool
    // with stride 2; the first computation is already scheduled.
    explicit Session(QObject* parent = nullptr);
    // Waits for a running computation to finish; its result is dropped.
    ~Session() override;

    static ConvSpec defaultConv();
    static PoolSpec defaultPool();

    // ---- limits (settings): a larger image is refused before decoding, and
    // parameters whose buffers would need more memory are refused before allocating,
    // as a parameter error, so the last picture stays.
    struct ResourceLimits {
        long long maxPixels = 100'000'000;
        double maxMemoryMiB = 4096;
        // Every channel's conv output is kept while it needs at most this much;
        // past it only the focused channel's (the others are computed again when shown).
        double planeBudgetMiB = kDefaultPlaneBudgetMiB;
    };
    void setResourceLimits(const ResourceLimits& limits);
    const ResourceLimits& resourceLimits() const { return limits_; }

    // ---- input (each of these supersedes a file still loading)
    void setInput(Tensor input, const QString& displayName);
    // Starts reading an image or .npy on a loader thread, so the GUI thread never
    // waits for a decode (up to maxPixels, 100 megapixels by default). The latest
    // request wins: an earlier file still waiting is never read, one being read
    // is dropped. The current input stays until the new one is decoded; then it
    // becomes the input and fileLoaded() tells how it went (on failure too, with
    // the reason, the input unchanged).
    void loadFile(const QString& path);
    bool loading() const { return !loadingPath_.isEmpty(); }
    QString loadingPath() const { return loadingPath_; } // the file being read; empty when none
    // Blocks until no file is loading, delivering its fileLoaded() from inside
    // this call (tests and tools, like waitForIdle()).
    void waitForLoad();
    // Embedded and tiny: decoded at once.
    bool loadSample(const QString& name); // "digit", "scene", "checkerboard"
    const ReadOnlyTensor& input() const { return input_; }
    QString inputName() const { return inputName_; }
    // Where the input came from, so a saved session can name it: the sample's name
    // ("digit") or the file's absolute path; both empty for a pasted image.
    QString inputSample() const { return inputSample_; }
    QString inputPath() const { return inputPath_; }

    // ---- parameters (applied at once; invalid ones set an error and keep the last result)
    const ConvSpec& conv() const { return conv_; }
    void setConv(const ConvSpec& conv);
    bool convEnabled() const { return convEnabled_; }
    void setConvEnabled(bool on);
    const PoolSpec& pool() const { return pool_; }
    void setPool(const PoolSpec& pool);
    QString convError() const { return convError_; }
    QString poolError() const { return poolError_; }

    // ---- results (the last valid one; null only before the first computation finishes)
    std::shared_ptr<const PipelineResult> result() const { return result_; }
    // True while a computation of the current parameters is pending or running
    // (until its result is complete).
    bool busy() const;
    // Blocks until no file is loading, no computation is pending and the focused
    // channel's maps are there (tests and tools), delivering all three (their
    // signals are emitted from inside this call).
    void waitForIdle();
    // Blocks until the focused channel's maps of the current result are there.
    void waitForMaps();

    // The focused channel's full-resolution maps and pictures; null while they are
    // being computed (focusedMapsChanged() tells when they arrive). A focus change
    // to a channel whose maps are not ready asks the worker for them, or makes
    // them at once when they are tiny.
    std::shared_ptr<const ChannelMaps> focusedMaps() const { return maps_; }
    // The focused channel's planes: from its maps, or views of a result that holds every plane.
    std::optional<ChannelPlanes> focusedPlanes() const;
    // How many times the conv stage actually ran (pool-only changes reuse it).
    int convRuns() const;

    // ---- focus and animation
    int focusedChannel() const { return focusedChannel_; }
    void setFocusedChannel(int channel);
    int stepCount() const; // output cells of one channel (out_h * out_w), 0 without result
    // Position along the raster sweep in steps; step() = floor, the fraction drives smooth motion.
    // Clamped to [0, stepCount() - 1]; a new result with another step count keeps
    // the same relative place (position * new / old).
    double position() const { return position_; }
    int step() const;
    void setPosition(double position);
    void setStep(int step) { setPosition(step); }
    // Output cell (oy, ox) written at a step.
    QPoint stepCell(int step) const; // x = ox, y = oy
    // The step that writes an output cell; none for a cell the sweep skips (outside the region).
    std::optional<int> stepOf(QPoint cell) const;
    // The output cells the steps sweep, in raster order: the region's, else the whole output.
    QRect stepRect() const;

    // ---- region of interest: on a large input the animation sweeps only the
    // output cells whose windows read a rectangle of the pool input (core
    // output_region()); the step count, the scrubber and the exports follow.
    // In pool-input cells, QRect(x, y, w, h); none by default and for a new input.
    std::optional<QRect> region() const { return region_; }
    // Clips `cells` to the pool input and moves to the region's first informative
    // window; false, and nothing changes, when no window reads any of its cells.
    bool setRegion(const QRect& cells);
    // The whole output again, at the output cell shown now.
    void clearRegion();
    // Trace of the focused channel's window at the current step (cached).
    const WindowTrace* currentTrace() const;
    // Trace of any output cell of the focused channel (for hover); none while the
    // channel's planes are being computed.
    std::optional<WindowTrace> traceAt(int oy, int ox) const;

    // ---- the lab's views over the stage
    LabView labView() const { return labView_; }
    void setLabView(LabView view);
    // How many windows read each cell of the pool input under the current result's
    // pool (core pool_coverage(); the focused channel's sample for fractional
    // windows); made on first use per result and channel. Null without a result
    // and for a pool input of more than kMaxCoverageCells cells.
    std::shared_ptr<const Coverage> coverage() const;
    static constexpr long long kMaxCoverageCells = 4096LL * 4096;

    // ---- hover, shared by the linked views and the status bar
    std::optional<QPoint> hoveredOutput() const { return hoveredOutput_; }
    std::optional<QPoint> hoveredInput() const { return hoveredInput_; }
    void setHoveredOutput(std::optional<QPoint> cell);
    void setHoveredInput(std::optional<QPoint> cell);

signals:
    // A file started loading (loading() true, loadingPath() says which), or no
    // file is loading any more: it loaded, failed, or was superseded.
    void loadingChanged(bool loading);
    void fileLoaded(const poolscope::ui::FileLoad& load);
    void inputChanged();
    void parametersChanged();
    void resultChanged();   // a new result is available (result())
    void resultCompleted(); // the current result now holds every channel (after resultChanged, or with it)
    // focusedMaps() changed while the result and the focus stayed (maps computed
    // for a focus change arrived, or went away until they do).
    void focusedMapsChanged();
    void errorsChanged(); // convError()/poolError() changed
    void busyChanged(bool busy);
    void focusedChannelChanged(int channel);
    void positionChanged(double position); // every position change
    void stepChanged(int step);            // only when floor(position) changes
    void hoverChanged();
    void regionChanged(); // set, cleared, or clipped to a new pool input
    void labViewChanged(poolscope::ui::LabView view);

protected:
    void customEvent(QEvent* event) override;

private:
    void setInputFrom(Tensor input, const QString& displayName, const QString& sample, const QString& path);
    struct DecodedFile;
    // Reads and decodes a file, on any thread: the place for what a reader wants told about it.
    static DecodedFile decodeFile(const QString& path, long long maxPixels);
    void onFileDecoded(quint64 request, const QString& path, DecodedFile& decoded);
    // Drops the file still loading, if any: another input came first.
    void supersedeLoad();
    // Checks the parameters on the current input at once (cheap) and sets the errors.
    bool validate();
    // After a parameter changed: validate, schedule, and tell the views.
    void applyParameters();
    void schedule();
    void onComputed(const ComputeOutcome& outcome);
    void onMapsComputed(const MapsOutcome& outcome);
    // Points maps_ at the focused channel's maps of result_, asking for them when
    // they are not there; true when maps_ changed.
    bool updateMaps();
    void setErrors(const QString& convError, const QString& poolError);
    void invalidateTrace();
    int firstInformativeStep() const; // of the focused channel of result_, within stepRect()
    // After a new result: the region clipped to its pool input, dropped when no window reads it any more.
    void fitRegionToResult();
    // `cells` clipped to the result's pool input; none without a result or when no window reads them.
    std::optional<QRect> readRegion(const QRect& cells) const;

    ResourceLimits limits_;
    ReadOnlyTensor input_;
    QString inputName_, inputSample_, inputPath_;
    ConvSpec conv_;
    bool convEnabled_ = true;
    PoolSpec pool_;
    QString convError_, poolError_;
    std::shared_ptr<const PipelineResult> result_;
    int focusedChannel_ = 0;
    double position_ = 0;
    bool startWhereInformative_ = false; // a new input: its first result starts at an informative window
    mutable std::optional<WindowTrace> traceCache_;
    mutable int traceCacheStep_ = -1;
    std::optional<QPoint> hoveredOutput_, hoveredInput_;
    std::optional<QRect> region_;
    // stepRect() for one result, focus (fractional windows differ per channel) and region.
    struct StepRectCache {
        quint64 generation = 0;
        int channel = -1;
        std::optional<QRect> region;
        QRect rect;
    };
    mutable StepRectCache stepRectCache_;
    LabView labView_ = LabView::None;
    struct CoverageCache {
        quint64 generation = 0;
        int channel = -1;
        std::shared_ptr<const Coverage> coverage;
    };
    mutable CoverageCache coverageCache_;
    std::shared_ptr<const ChannelMaps> maps_;
    int requestedMapsChannel_ = -1; // asked of the worker for result_'s generation
    quint64 requestedMapsGeneration_ = 0;
    quint64 scheduledGeneration_ = 0, deliveredGeneration_ = 0, completedGeneration_ = 0;
    // Changes with every change of what the conv stage computes from (input, conv
    // spec, conv on/off), scheduled or not: the worker reuses its conv output only
    // for the same key. A change that fails validation must still change it, or a
    // later pool-only change would reuse the output of the conv before it.
    quint64 convKey_ = 0;
    // Files are decoded on the loader's one thread, one at a time; a request
    // whose number is no longer the latest is skipped when its turn comes.
    std::atomic<quint64> latestLoad_{0};
    QString loadingPath_;
    QThreadPool loader_;
    std::unique_ptr<ComputeWorker> worker_;
    FreedMemoryRelease freedMemory_{this}; // the previous results' buffers, once they are gone
};

} // namespace poolscope::ui

Q_DECLARE_METATYPE(poolscope::ui::FileLoad)
