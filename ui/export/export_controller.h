#pragma once
// The File > Export actions: each slot asks where (a file dialog that confirms
// replacing), then writes through export_ops / AnimationExport. Outcomes are
// reported as one-line notices (status bar), never as blocking message boxes,
// and a failed export leaves the session and the files as they were.
//
// The view picture and the animation paint the focused channel's own maps. When
// they are still being computed (a focus change on large maps), the export waits
// for them without blocking: it says so (the status bar, and a small progress
// dialog or the animation dialog, either with Cancel) and starts when they arrive.
#include <cstdint>
#include <functional>

#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QStringList>

#include "ui/export/animation_export.h"
#include "ui/export/atomic_output.h"

class QProgressDialog;
class QWidget;

namespace poolscope::ui {

class AnimationExportDialog;
class Session;
class StageView;

class ExportController : public QObject {
    Q_OBJECT
public:
    // dialogParent parents the dialogs and, when it is a QMainWindow with nobody
    // listening to notice(), shows notices in its status bar.
    ExportController(Session* session, StageView* view, QWidget* dialogParent);
    ~ExportController() override;

    // The work behind the slots, without dialogs (tests; the slots call these).
    // saveViewPng() and startAnimation() return true when the export is done or
    // started, or waits for the focused channel's maps (exportWaiting()); the
    // outcome is then a notice.
    // The view as a PNG of `scale` pixels per pixel on screen (2 and 4 for slides),
    // or, when the path ends in .svg, as an SVG drawing whose text stays text.
    bool saveViewPng(const QString& path, Overwrite overwrite, double scale = 1.0);
    bool saveViewSvg(const QString& path, Overwrite overwrite);
    bool saveFeatureMaps(const QString& dir, Overwrite overwrite);
    bool saveNpy(const QString& dir, Overwrite overwrite);
    bool startAnimation(const AnimationExportOptions& options, QSize frameSize);
    // An exercise sheet of `count` problems from `seed`, as a PDF.
    bool saveExerciseSheet(const QString& path, std::uint64_t seed, int count, Overwrite overwrite);

    // The size of the exported view picture: the stage as it is on screen.
    QSize viewImageSize() const;
    bool animationRunning() const;
    // The current window's arithmetic written beside it in exported pictures and
    // animation frames (PNG, SVG, MP4, GIF).
    bool burnArithmetic() const { return burnArithmetic_; }
    // An export waits for the focused channel's maps.
    bool exportWaiting() const { return static_cast<bool>(waiting_); }
    AnimationExport* animationExport() const { return animation_; }
    AnimationExportDialog* animationDialog() const { return dialog_; }

public slots:
    void setBurnArithmetic(bool on);
    void exportViewPng();                   // at the size on screen
    void exportViewPngForSlides(int scale); // 2x or 4x
    void exportViewSvg();
    void exportFeatureMaps();
    void exportNpy();
    void exportAnimation(); // opens the non-modal animation dialog
    void exportExerciseSheet();
    void cancelAnimation();
    // Drops an export that waits for the maps (nothing is written).
    void cancelWaitingExport();

signals:
    // One line for the status bar; isError when the export failed (with the reason).
    void notice(const QString& message, bool isError);
    void animationRunningChanged(bool running);
    void burnArithmeticChanged(bool on);

private:
    void report(const QString& message, bool isError);
    // Runs `start` now when the focused channel's maps are there (or there is no
    // result), else once they arrive; `what` names the export in the waiting
    // notice, which an animation shows in its dialog when that is open. Returns
    // start()'s result, or true while it waits.
    bool whenMapsReady(const QString& what, bool animation, std::function<bool()> start);
    void onMapsMaybeReady();
    // Forgets the waiting export, without a notice.
    void dropWaiting();
    bool saveViewNow(const QString& path, Overwrite overwrite, double scale, bool svg);
    // Asks where (a file dialog with the safe default name) and saves the view.
    void askAndSaveView(const QString& title, const QString& suffix, const QString& filter, double scale);
    bool startAnimationNow(const AnimationExportOptions& options);
    void onAnimationFinished(AnimationExport::Outcome outcome, const QString& message);
    void stopAnimationBecause(const QString& reason);
    QString suggestedBaseName() const;
    // Asks before replacing any of `files` (relative to dir); false when the user declines.
    bool confirmReplacing(const QString& dir, const QStringList& files, Overwrite* overwrite);

    Session* session_;
    StageView* view_;
    QPointer<QWidget> dialogParent_;
    AnimationExport* animation_;
    AnimationExportDialog* dialog_ = nullptr;
    QSize frameSize_;
    QString lastDir_;
    std::function<bool()> waiting_; // the export waiting for the maps
    bool waitingInDialog_ = false;  // an animation waits, shown in its dialog
    bool burnArithmetic_ = false;
    QPointer<QProgressDialog> waitDialog_;
};

} // namespace poolscope::ui
