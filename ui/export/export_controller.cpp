#include "ui/export/export_controller.h"

#include <utility>

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QMetaMethod>
#include <QPainter>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QStatusBar>

#include "core/spec/pool_spec.h"
#include "ui/export/exercise_sheet.h"
#include "ui/export/exercise_sheet_dialog.h"
#include "ui/export/export_dialogs.h"
#include "ui/export/export_name.h"
#include "ui/export/export_ops.h"
#include "ui/model/session.h"
#include "ui/stage/stage_view.h"

namespace poolscope::ui {
namespace {

constexpr int kNoticeMs = 10000;
// Used when the stage is not on screen (hidden, or not laid out yet).
constexpr QSize kFallbackSize(1280, 720);

} // namespace

ExportController::ExportController(Session* session, StageView* view, QWidget* dialogParent)
    : QObject(dialogParent), session_(session), view_(view), dialogParent_(dialogParent),
      animation_(new AnimationExport(
          [this](double position) {
              return view_->renderFrame(frameSize_, position, RenderOptions{burnArithmetic_, 1.0});
          },
          this))
{
    lastDir_ = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (lastDir_.isEmpty() || !QFileInfo(lastDir_).isDir()) {
        lastDir_ = QDir::homePath();
    }
    connect(animation_, &AnimationExport::progress, this, [this](int done, int total) {
        if (dialog_ != nullptr) {
            dialog_->setProgress(done, total);
        }
    });
    connect(animation_, &AnimationExport::finished, this, &ExportController::onAnimationFinished);
    // Frames painted after a change would not belong to the same animation.
    connect(session_, &Session::resultChanged, this, [this] {
        stopAnimationBecause(tr("the result changed"));
        if (dialog_ != nullptr) {
            dialog_->setStepCount(session_->stepCount());
        }
    });
    connect(session_, &Session::focusedChannelChanged, this,
            [this] { stopAnimationBecause(tr("another channel was chosen")); });
    connect(session_, &Session::regionChanged, this, [this] {
        stopAnimationBecause(tr("the region changed"));
        if (dialog_ != nullptr)
            dialog_->setStepCount(session_->stepCount());
    });
    // A waiting export starts with the maps: those of the channel the view shows then.
    connect(session_, &Session::focusedMapsChanged, this, &ExportController::onMapsMaybeReady);
    connect(session_, &Session::resultChanged, this, &ExportController::onMapsMaybeReady);
}

ExportController::~ExportController()
{
    dropWaiting();
}

QSize ExportController::viewImageSize() const
{
    const QSize size = view_->size();
    return view_->isVisible() && size.width() >= 64 && size.height() >= 64 ? size : kFallbackSize;
}

bool ExportController::animationRunning() const
{
    return animation_->isRunning();
}

void ExportController::report(const QString& message, bool isError)
{
    emit notice(message, isError);
    if (isSignalConnected(QMetaMethod::fromSignal(&ExportController::notice))) {
        return;
    }
    if (auto* window = qobject_cast<QMainWindow*>(dialogParent_ ? dialogParent_->window() : nullptr)) {
        window->statusBar()->showMessage(message, kNoticeMs);
    }
}

QString ExportController::suggestedBaseName() const
{
    const ReadOnlyTensor& input = session_->input();
    // A sample is named by its short name ("digit"), not its title.
    const QString name = session_->inputSample().isEmpty() ? session_->inputName() : session_->inputSample();
    return exportBaseName(name, input.height(), input.width(), session_->pool());
}

bool ExportController::whenMapsReady(const QString& what, bool animation, std::function<bool()> start)
{
    dropWaiting(); // the latest export asked for is the one that waits
    if (!session_->result() || session_->focusedMaps()) {
        return start();
    }
    waiting_ = std::move(start);
    const QString message =
        tr("Waiting for the maps of channel %1 to export %2…").arg(session_->focusedChannel()).arg(what);
    report(message, false);
    if (animation && dialog_ != nullptr && dialog_->isVisible()) {
        waitingInDialog_ = true; // its Cancel cancels the wait
        dialog_->setRunning(true);
        dialog_->showWaiting(message);
    } else {
        // Shown only when the wait lasts: a short one is the status bar's.
        auto* box = new QProgressDialog(message, tr("Cancel"), 0, 0, dialogParent_);
        box->setObjectName(QStringLiteral("exportWaitDialog"));
        box->setWindowTitle(tr("Export"));
        box->setWindowModality(Qt::NonModal);
        box->setAutoClose(false);
        box->setAutoReset(false);
        box->setMinimumDuration(400);
        connect(box, &QProgressDialog::canceled, this, &ExportController::cancelWaitingExport);
        waitDialog_ = box;
    }
    return true;
}

void ExportController::onMapsMaybeReady()
{
    if (!waiting_ || !session_->focusedMaps()) {
        return;
    }
    const std::function<bool()> start = std::exchange(waiting_, {});
    dropWaiting();
    start();
}

void ExportController::dropWaiting()
{
    waiting_ = {};
    if (std::exchange(waitingInDialog_, false) && dialog_ != nullptr && !animation_->isRunning()) {
        dialog_->setRunning(false);
    }
    if (waitDialog_) {
        waitDialog_->disconnect(this);
        waitDialog_->hide();
        waitDialog_->deleteLater();
        waitDialog_ = nullptr;
    }
}

void ExportController::cancelWaitingExport()
{
    if (!waiting_) {
        return;
    }
    dropWaiting();
    report(tr("The export was cancelled"), false);
}

bool ExportController::saveViewPng(const QString& path, Overwrite overwrite, double scale)
{
    // The focused channel's own pictures, not a thumbnail standing in.
    return whenMapsReady(tr("the view"), false, [this, path, overwrite, scale] {
        return saveViewNow(path, overwrite, scale, false);
    });
}

bool ExportController::saveViewSvg(const QString& path, Overwrite overwrite)
{
    return whenMapsReady(tr("the view"), false,
                         [this, path, overwrite] { return saveViewNow(path, overwrite, 1.0, true); });
}

bool ExportController::saveViewNow(const QString& path, Overwrite overwrite, double scale, bool svg)
{
    QString error;
    const QSize size = viewImageSize();
    const double position = session_->position();
    const RenderOptions options{burnArithmetic_, scale};
    const bool ok = svg ? writeViewSvg([&](QPainter& p) { view_->renderFrameTo(p, size, position, options); },
                                       size, suggestedBaseName(), path, &error, overwrite)
                        : writeViewPng(view_->renderFrame(size, position, options), path, &error, overwrite);
    if (!ok) {
        report(error, true);
        return false;
    }
    report(tr("Saved the view to %1").arg(QDir::toNativeSeparators(path)), false);
    return true;
}

void ExportController::setBurnArithmetic(bool on)
{
    if (burnArithmetic_ == on) {
        return;
    }
    burnArithmetic_ = on;
    emit burnArithmeticChanged(on);
}

bool ExportController::saveFeatureMaps(const QString& dir, Overwrite overwrite)
{
    const auto result = session_->result();
    QString error = tr("There is no result to export yet");
    if (!result || !writeResultMaps(*result, dir, &error, overwrite)) {
        report(error, true);
        return false;
    }
    report(tr("Saved the feature maps to %1").arg(QDir::toNativeSeparators(dir)), false);
    return true;
}

bool ExportController::saveNpy(const QString& dir, Overwrite overwrite)
{
    const auto result = session_->result();
    QString error = tr("There is no result to export yet");
    if (!result || !writeResultNpy(*result, dir, &error, overwrite)) {
        report(error, true);
        return false;
    }
    report(tr("Saved the maps as NumPy arrays to %1").arg(QDir::toNativeSeparators(dir)), false);
    return true;
}

bool ExportController::startAnimation(const AnimationExportOptions& options, QSize frameSize)
{
    frameSize_ = frameSize.isValid() ? frameSize : kFallbackSize;
    // What can be told at once is told at once, not after the wait.
    QString error = validateAnimationOptions(options, session_->stepCount());
    if (error.isEmpty()) {
        checkOverwrite(options.path, options.overwrite, &error);
    }
    if (!error.isEmpty()) {
        report(error, true);
        if (dialog_ != nullptr) {
            dialog_->showError(error);
        }
        return false;
    }
    // Every frame paints the focused channel's own pictures.
    return whenMapsReady(tr("the animation"), true, [this, options] { return startAnimationNow(options); });
}

bool ExportController::startAnimationNow(const AnimationExportOptions& options)
{
    QString error;
    if (!animation_->start(options, session_->stepCount(), &error)) {
        report(error, true);
        if (dialog_ != nullptr) {
            dialog_->showError(error);
        }
        return false;
    }
    if (dialog_ != nullptr) {
        dialog_->setRunning(true);
        dialog_->setProgress(0, animation_->totalFrames());
    }
    emit animationRunningChanged(true);
    return true;
}

void ExportController::cancelAnimation()
{
    cancelWaitingExport();
    animation_->cancel();
}

void ExportController::stopAnimationBecause(const QString& reason)
{
    if (!animation_->isRunning()) {
        return;
    }
    animation_->cancel();
    const QString message = tr("The animation export stopped: %1").arg(reason);
    report(message, true);
    if (dialog_ != nullptr) {
        dialog_->showError(message);
    }
}

void ExportController::onAnimationFinished(AnimationExport::Outcome outcome, const QString& message)
{
    if (dialog_ != nullptr) {
        dialog_->setRunning(false);
    }
    emit animationRunningChanged(false);
    switch (outcome) {
    case AnimationExport::Outcome::Finished: {
        const QString text = tr("Saved the animation to %1").arg(QDir::toNativeSeparators(message));
        report(text, false);
        if (dialog_ != nullptr) {
            dialog_->showDone(text);
        }
        break;
    }
    case AnimationExport::Outcome::Failed:
        report(message, true);
        if (dialog_ != nullptr) {
            dialog_->showError(message);
        }
        break;
    case AnimationExport::Outcome::Cancelled:
        report(tr("The animation export was cancelled"), false);
        break;
    }
}

bool ExportController::confirmReplacing(const QString& dir, const QStringList& files, Overwrite* overwrite)
{
    QStringList existing;
    for (const QString& file : files) {
        if (QFileInfo::exists(QDir(dir).filePath(file))) {
            existing << file;
        }
    }
    *overwrite = Overwrite::Refuse;
    if (existing.isEmpty()) {
        return true;
    }
    QMessageBox box(QMessageBox::Question, tr("Replace Files?"),
                    tr("%n file(s) in %1 will be replaced.", nullptr, int(existing.size()))
                        .arg(QDir::toNativeSeparators(dir)),
                    QMessageBox::Yes | QMessageBox::No, dialogParent_);
    box.setDefaultButton(QMessageBox::No);
    box.setInformativeText(tr("Replace them?"));
    box.setDetailedText(existing.join(QLatin1Char('\n')));
    if (box.exec() != QMessageBox::Yes) {
        return false;
    }
    *overwrite = Overwrite::Allow;
    return true;
}

void ExportController::askAndSaveView(const QString& title, const QString& suffix, const QString& filter,
                                      double scale)
{
    QString base = suggestedBaseName();
    if (scale != 1.0) {
        base += QStringLiteral("-%1x").arg(scale);
    }
    QFileDialog dialog(dialogParent_, title, QDir(lastDir_).filePath(base + QLatin1Char('.') + suffix),
                       filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(suffix);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) {
        return;
    }
    const QString path = dialog.selectedFiles().constFirst();
    lastDir_ = QFileInfo(path).absolutePath();
    // The file dialog has asked before replacing.
    if (suffix == QLatin1String("svg")) {
        saveViewSvg(path, Overwrite::Allow);
    } else {
        saveViewPng(path, Overwrite::Allow, scale);
    }
}

void ExportController::exportViewPng()
{
    askAndSaveView(tr("Export View as PNG"), QStringLiteral("png"), tr("PNG images (*.png)"), 1.0);
}

void ExportController::exportViewPngForSlides(int scale)
{
    askAndSaveView(tr("Export View as PNG at %1x").arg(scale), QStringLiteral("png"),
                   tr("PNG images (*.png)"), scale);
}

void ExportController::exportViewSvg()
{
    askAndSaveView(tr("Export View as SVG"), QStringLiteral("svg"), tr("SVG drawings (*.svg)"), 1.0);
}

void ExportController::exportFeatureMaps()
{
    const auto result = session_->result();
    if (!result) {
        report(tr("There is no result to export yet"), true);
        return;
    }
    const QString dir =
        QFileDialog::getExistingDirectory(dialogParent_, tr("Export Feature Maps to Folder"), lastDir_);
    Overwrite overwrite = Overwrite::Refuse;
    if (dir.isEmpty() || !confirmReplacing(dir, resultMapFiles(*result), &overwrite)) {
        return;
    }
    lastDir_ = dir;
    saveFeatureMaps(dir, overwrite);
}

void ExportController::exportNpy()
{
    const auto result = session_->result();
    if (!result) {
        report(tr("There is no result to export yet"), true);
        return;
    }
    const QString dir =
        QFileDialog::getExistingDirectory(dialogParent_, tr("Export NumPy Arrays to Folder"), lastDir_);
    Overwrite overwrite = Overwrite::Refuse;
    if (dir.isEmpty() || !confirmReplacing(dir, resultNpyFiles(*result), &overwrite)) {
        return;
    }
    lastDir_ = dir;
    saveNpy(dir, overwrite);
}

void ExportController::exportAnimation()
{
    if (dialog_ == nullptr) {
        dialog_ = new AnimationExportDialog(dialogParent_);
        dialog_->setFrameSize(encodableSize(AnimationFormat::Mp4, viewImageSize()));
        dialog_->setPath(QDir(lastDir_).filePath(suggestedBaseName() + QStringLiteral(".mp4")));
        connect(dialog_, &AnimationExportDialog::exportRequested, this, [this] {
            lastDir_ = QFileInfo(dialog_->options().path).absolutePath();
            startAnimation(dialog_->options(), dialog_->frameSize());
        });
        connect(dialog_, &AnimationExportDialog::cancelRequested, this, &ExportController::cancelAnimation);
        dialog_->arithmeticBox()->setChecked(burnArithmetic_);
        connect(dialog_->arithmeticBox(), &QCheckBox::toggled, this, &ExportController::setBurnArithmetic);
        connect(this, &ExportController::burnArithmeticChanged, dialog_->arithmeticBox(),
                &QCheckBox::setChecked);
    }
    dialog_->setStepCount(session_->stepCount());
    dialog_->show();
    dialog_->raise();
    dialog_->activateWindow();
}

bool ExportController::saveExerciseSheet(const QString& path, std::uint64_t seed, int count,
                                         Overwrite overwrite)
{
    QString error;
    if (!writeExerciseSheet(path, seed, count, &error, overwrite)) {
        report(error, true);
        return false;
    }
    report(tr("Saved the exercise sheet (seed %1) to %2").arg(seed).arg(QDir::toNativeSeparators(path)),
           false);
    return true;
}

void ExportController::exportExerciseSheet()
{
    ExerciseSheetDialog form(dialogParent_);
    if (form.exec() != QDialog::Accepted) {
        return;
    }
    const std::uint64_t seed = form.seed();
    const QString name = QStringLiteral("exercises-%1.pdf").arg(seed);
    QFileDialog dialog(dialogParent_, tr("Export Exercise Sheet"), QDir(lastDir_).filePath(name),
                       tr("PDF documents (*.pdf)"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(QStringLiteral("pdf"));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) {
        return;
    }
    const QString path = dialog.selectedFiles().constFirst();
    lastDir_ = QFileInfo(path).absolutePath();
    // The file dialog has asked before replacing.
    saveExerciseSheet(path, seed, form.problemCount(), Overwrite::Allow);
}

} // namespace poolscope::ui
