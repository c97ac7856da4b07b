#include "ui/export/export_dialogs.h"

#include <cmath>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/widgets/error_label.h"

namespace poolscope::ui {
namespace {

QString withSuffix(const QString& path, AnimationFormat format)
{
    if (path.isEmpty() || animationFormatForPath(path) == format) {
        return path;
    }
    const QFileInfo info(path);
    const QString base = animationFormatForPath(path) ? info.completeBaseName() : info.fileName();
    return info.dir().filePath(base + QLatin1Char('.') + animationSuffix(format));
}

QString duration(double seconds)
{
    const int s = int(std::ceil(seconds));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

AnimationExportDialog::AnimationExportDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Export Animation"));
    setModal(false);

    format_ = new QComboBox(this);
    format_->addItem(tr("MP4 video"), int(AnimationFormat::Mp4));
    format_->addItem(tr("Animated GIF"), int(AnimationFormat::Gif));
    format_->setToolTip(
        tr("MP4 is small and plays everywhere; a GIF also plays inside slides and web pages."));

    first_ = new QSpinBox(this);
    last_ = new QSpinBox(this);
    first_->setToolTip(tr("The first step of the sweep to record."));
    last_->setToolTip(tr("The last step of the sweep to record."));
    auto* range = new QHBoxLayout;
    range->addWidget(first_);
    range->addWidget(new QLabel(tr("to"), this));
    range->addWidget(last_);

    framesPerStep_ = new QSpinBox(this);
    framesPerStep_->setRange(1, 30);
    framesPerStep_->setToolTip(
        tr("Frames drawn per step: more frames make the window glide between positions."));

    fps_ = new QSpinBox(this);
    fps_->setSuffix(tr(" frames/s"));
    fps_->setToolTip(tr("How many frames the file plays per second."));
    fps_->setValue(10);

    width_ = new QSpinBox(this);
    height_ = new QSpinBox(this);
    width_->setRange(64, 7680);
    height_->setRange(64, 4320);
    width_->setSuffix(tr(" px"));
    height_->setSuffix(tr(" px"));
    width_->setToolTip(tr("Width of every frame in pixels."));
    height_->setToolTip(tr("Height of every frame in pixels."));
    auto* size = new QHBoxLayout;
    size->addWidget(width_);
    size->addWidget(new QLabel(QStringLiteral("×"), this));
    size->addWidget(height_);

    path_ = new QLineEdit(this);
    path_->setToolTip(tr("The file to write; its extension follows the format."));
    browse_ = new QPushButton(tr("Browse…"), this);
    browse_->setToolTip(tr("Choose where to save the animation."));
    auto* file = new QHBoxLayout;
    file->addWidget(path_, 1);
    file->addWidget(browse_);

    arithmetic_ = new QCheckBox(tr("Write the window's arithmetic beside it"), this);
    arithmetic_->setToolTip(tr("Every frame shows the current window's operation with its numbers and "
                               "result, as presentation mode does."));

    auto* form = new QFormLayout;
    form->addRow(tr("Format:"), format_);
    form->addRow(tr("Steps:"), range);
    form->addRow(tr("Frames per step:"), framesPerStep_);
    form->addRow(tr("Frame rate:"), fps_);
    form->addRow(tr("Frame size:"), size);
    form->addRow(tr("File:"), file);
    form->addRow(QString(), arithmetic_);

    summary_ = new QLabel(this);
    error_ = new ErrorLabel(this);
    done_ = new QLabel(this);
    done_->setWordWrap(true);
    done_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = new QProgressBar(this);
    progress_->setVisible(false);

    auto* buttons = new QDialogButtonBox(this);
    exportButton_ = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    cancelButton_ = buttons->addButton(QDialogButtonBox::Close);
    exportButton_->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(summary_);
    layout->addWidget(error_);
    layout->addWidget(done_);
    layout->addWidget(progress_);
    layout->addWidget(buttons);

    connect(format_, &QComboBox::currentIndexChanged, this, &AnimationExportDialog::onFormatChanged);
    for (QSpinBox* box : {first_, last_, framesPerStep_, fps_}) {
        connect(box, &QSpinBox::valueChanged, this, &AnimationExportDialog::updateSummary);
    }
    connect(first_, &QSpinBox::valueChanged, this, [this](int v) { last_->setMinimum(v); });
    connect(browse_, &QPushButton::clicked, this, &AnimationExportDialog::browse);
    connect(exportButton_, &QPushButton::clicked, this, [this] {
        error_->setMessage({});
        done_->clear();
        const QString problem = validateAnimationOptions(options(), last_->maximum());
        if (!problem.isEmpty()) {
            error_->setMessage(problem);
            return;
        }
        if (confirmOverwrite()) {
            emit exportRequested();
        }
    });
    connect(cancelButton_, &QPushButton::clicked, this, &AnimationExportDialog::reject);

    first_->setRange(1, 1);
    last_->setRange(1, 1);
    setStepCount(1);
    setFrameSize(QSize(1280, 720));
    onFormatChanged();
}

void AnimationExportDialog::setStepCount(int steps)
{
    steps = std::max(1, steps);
    // A range that ran to the end keeps running to the end.
    const bool wholeRange = last_->value() == last_->maximum();
    first_->setRange(1, steps);
    last_->setRange(first_->value(), steps);
    if (wholeRange) {
        last_->setValue(steps);
    }
    updateSummary();
}

void AnimationExportDialog::setFrameSize(QSize size)
{
    width_->setValue(size.width());
    height_->setValue(size.height());
}

void AnimationExportDialog::setPath(const QString& path)
{
    path_->setText(withSuffix(path, format()));
}

AnimationFormat AnimationExportDialog::format() const
{
    return AnimationFormat(format_->currentData().toInt());
}

AnimationExportOptions AnimationExportDialog::options() const
{
    AnimationExportOptions o;
    o.path = path_->text().trimmed();
    o.firstStep = first_->value() - 1;
    o.lastStep = last_->value() - 1;
    o.framesPerStep = framesPerStep_->value();
    o.fps = fps_->value();
    o.overwrite = !o.path.isEmpty() && QFileInfo(o.path).absoluteFilePath() == confirmedPath_
                      ? Overwrite::Allow
                      : Overwrite::Refuse;
    return o;
}

QSize AnimationExportDialog::frameSize() const
{
    return encodableSize(format(), {width_->value(), height_->value()});
}

QString AnimationExportDialog::errorText() const
{
    return error_->text();
}

void AnimationExportDialog::setRunning(bool running)
{
    running_ = running;
    for (QWidget* w : std::initializer_list<QWidget*>{format_, first_, last_, framesPerStep_, fps_, width_,
                                                      height_, path_, browse_, arithmetic_, exportButton_}) {
        w->setEnabled(!running);
    }
    cancelButton_->setText(running ? tr("Cancel") : tr("Close"));
    progress_->setVisible(running);
    if (running) {
        progress_->setValue(0);
        error_->setMessage({});
        done_->clear();
    }
}

void AnimationExportDialog::setProgress(int done, int total)
{
    progress_->setRange(0, std::max(1, total));
    progress_->setValue(done);
    progress_->setFormat(tr("frame %1 of %2").arg(done).arg(total));
}

void AnimationExportDialog::showError(const QString& message)
{
    done_->clear();
    error_->setMessage(message);
}

void AnimationExportDialog::showDone(const QString& message)
{
    error_->setMessage({});
    done_->setText(message);
}

void AnimationExportDialog::showWaiting(const QString& message)
{
    progress_->setRange(0, 0);
    error_->setMessage({});
    done_->setText(message);
}

void AnimationExportDialog::reject()
{
    if (running_) {
        emit cancelRequested();
        return;
    }
    QDialog::reject();
}

void AnimationExportDialog::browse()
{
    const AnimationFormat f = format();
    const QString filter = f == AnimationFormat::Gif ? tr("Animated GIF (*.gif)") : tr("MP4 video (*.mp4)");
    QFileDialog dialog(this, tr("Export Animation"), path_->text(), filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(animationSuffix(f));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) {
        return;
    }
    const QString chosen = dialog.selectedFiles().constFirst();
    path_->setText(chosen);
    // The file dialog has already asked about replacing an existing file.
    confirmedPath_ = QFileInfo(chosen).absoluteFilePath();
}

bool AnimationExportDialog::confirmOverwrite()
{
    const QFileInfo info(path_->text().trimmed());
    if (!info.exists() || info.absoluteFilePath() == confirmedPath_) {
        return true;
    }
    const auto answer = QMessageBox::question(
        this, tr("Replace File?"),
        tr("%1 already exists. Replace it?").arg(QDir::toNativeSeparators(info.filePath())),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        return false;
    }
    confirmedPath_ = info.absoluteFilePath();
    return true;
}

void AnimationExportDialog::onFormatChanged()
{
    const AnimationFormat f = format();
    fps_->setRange(1, int(maxAnimationFps(f)));
    setPath(path_->text());
    updateSummary();
}

void AnimationExportDialog::updateSummary()
{
    const AnimationExportOptions o = options();
    const int frames = animationFrameCount(o);
    summary_->setText(
        tr("%n frame(s), %1 long", nullptr, frames).arg(duration(frames / std::max(1.0, o.fps))));
}

} // namespace poolscope::ui
