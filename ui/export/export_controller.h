#pragma once
// The File > Export actions: each slot asks where (a file dialog that confirms
// replacing), then writes through export_ops / AnimationExport. Outcomes are
// reported as one-line notices (status bar), never as blocking message boxes,
// and a failed export leaves the session and the files as they were.
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QStringList>

#include "ui/export/animation_export.h"
#include "ui/export/atomic_output.h"

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
    bool saveViewPng(const QString& path, Overwrite overwrite);
    bool saveFeatureMaps(const QString& dir, Overwrite overwrite);
    bool saveNpy(const QString& dir, Overwrite overwrite);
    bool startAnimation(const AnimationExportOptions& options, QSize frameSize);

    // The size of the exported view picture: the stage as it is on screen.
    QSize viewImageSize() const;
    bool animationRunning() const;
    AnimationExport* animationExport() const { return animation_; }
    AnimationExportDialog* animationDialog() const { return dialog_; }

public slots:
    void exportViewPng();
    void exportFeatureMaps();
    void exportNpy();
    void exportAnimation(); // opens the non-modal animation dialog
    void cancelAnimation();

signals:
    // One line for the status bar; isError when the export failed (with the reason).
    void notice(const QString& message, bool isError);
    void animationRunningChanged(bool running);

private:
    void report(const QString& message, bool isError);
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
};

} // namespace poolscope::ui
