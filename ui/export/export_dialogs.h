#pragma once
// The animation export form: step range, smoothness, frame rate, frame size,
// format and file, with a progress bar and Cancel. Non-modal: the window stays
// usable while it is open, and while an export runs.
#include <QDialog>
#include <QSize>

#include "ui/export/animation_export.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace poolscope::ui {

class ErrorLabel;

class AnimationExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit AnimationExportDialog(QWidget* parent = nullptr);

    // The animation's steps (1-based in the form, 0-based in options()).
    void setStepCount(int steps);
    void setFrameSize(QSize size);
    void setPath(const QString& path);

    // What the form says; overwrite is Allow when the user confirmed replacing the file.
    AnimationExportOptions options() const;
    QSize frameSize() const;

    // Driven by the export: the form locks while it runs.
    void setRunning(bool running);
    void setProgress(int done, int total);
    void showError(const QString& message);
    void showDone(const QString& message);
    // Running, but waiting before the first frame: the bar has no end yet.
    void showWaiting(const QString& message);

    // Widgets reachable by tests.
    QComboBox* formatBox() const { return format_; }
    QSpinBox* firstStepBox() const { return first_; }
    QSpinBox* lastStepBox() const { return last_; }
    QSpinBox* framesPerStepBox() const { return framesPerStep_; }
    QSpinBox* fpsBox() const { return fps_; }
    QLineEdit* pathEdit() const { return path_; }
    // Every frame with the window's arithmetic beside it (the export menu's option too).
    QCheckBox* arithmeticBox() const { return arithmetic_; }
    QPushButton* exportButton() const { return exportButton_; }
    QPushButton* cancelButton() const { return cancelButton_; }
    QProgressBar* progressBar() const { return progress_; }
    QString errorText() const;

signals:
    void exportRequested();
    void cancelRequested();

public slots:
    void reject() override; // Esc/Close: cancels a running export first

private:
    AnimationFormat format() const;
    void browse();
    void onFormatChanged();
    void updateSummary();
    bool confirmOverwrite();

    QComboBox* format_;
    QSpinBox* first_;
    QSpinBox* last_;
    QSpinBox* framesPerStep_;
    QSpinBox* fps_;
    QSpinBox* width_;
    QSpinBox* height_;
    QLineEdit* path_;
    QCheckBox* arithmetic_;
    QPushButton* browse_;
    QLabel* summary_;
    ErrorLabel* error_;
    QLabel* done_;
    QProgressBar* progress_;
    QPushButton* exportButton_;
    QPushButton* cancelButton_;
    bool running_ = false;
    QString confirmedPath_; // a path the user agreed to replace
};

} // namespace poolscope::ui
