#pragma once
// Sees every frame the main window paints, when it was finished and which result
// the stage showed in it.
//
// Widgets paint in the top-level window's UpdateRequest: the repaint manager
// paints every dirty widget and flushes the backing store in that one event. An
// application-wide event filter delivers that event to the window itself and
// takes the time after it returns, so a frame's end is when it was completely
// painted. Paint events of the stage's two maps say which result generation each
// map drew. The session's queued result delivery (Session::onComputed with every
// resultChanged slot) is delivered and timed the same way.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include <QObject>
#include <QString>

namespace poolscope::ui {
class MainWindow;
}

namespace poolscope::bench {

class FrameProbe : public QObject {
    Q_OBJECT
public:
    struct Frame {
        std::int64_t startNs = 0, endNs = 0;
        // The result generation each map shows after this frame (0: none painted yet).
        quint64 inputGeneration = 0, outputGeneration = 0;
        bool stagePainted = false; // either map was repainted in this frame
        // Each widget's share of the frame: class name, with "#objectName" when it has
        // one. A paint lasts until the next widget's starts (or the frame ends), so the
        // repaint manager's work in between counts with it.
        std::map<QString, double> paintMs;
        bool shows(quint64 generation) const
        {
            return inputGeneration == generation && outputGeneration == generation;
        }
    };
    // The GUI thread taking a finished computation: Session::onComputed and its signals.
    struct Delivery {
        quint64 generation = 0;
        std::int64_t startNs = 0, endNs = 0;
    };

    // Filters the whole application from now until destroyed.
    explicit FrameProbe(ui::MainWindow* window, QObject* parent = nullptr);
    ~FrameProbe() override;

    const std::vector<Frame>& frames() const { return frames_; }
    const std::vector<Delivery>& deliveries() const { return deliveries_; }
    // Forgets frames and deliveries (what the maps show is kept).
    void reset();

    // The generation both maps show now (0 when they differ or show none).
    quint64 shownGeneration() const;
    // The first frame that ended after afterNs and showed `generation` on both maps.
    std::optional<Frame> frameShowing(quint64 generation, std::int64_t afterNs) const;
    std::optional<Delivery> deliveryOf(quint64 generation) const;

signals:
    void frameFinished();
    void resultDelivered();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    quint64 currentGeneration() const;
    // Ends the running widget paint, adding its time to the frame's share of its widget.
    void closePaint(std::int64_t atNs);

    ui::MainWindow* window_;
    QObject* inputMap_;
    QObject* outputMap_;
    QObject* session_;
    quint64 inputShown_ = 0, outputShown_ = 0;
    bool inFrame_ = false, stagePaintedInFrame_ = false;
    Frame building_; // the frame being painted
    std::vector<Frame> frames_;
    std::vector<Delivery> deliveries_;
    QString paintKey_; // the widget painting now, if any
    std::int64_t paintStartNs_ = 0;
};

} // namespace poolscope::bench
