#pragma once
// Says that a file is being read: its name and an indeterminate progress bar,
// shown while the session loads and hidden otherwise. One small widget, so it
// can sit wherever the window shows such things (the status bar today).
#include <QWidget>

class QLabel;
class QProgressBar;

namespace poolscope::ui {

class Session;

class LoadingIndicator : public QWidget {
    Q_OBJECT
public:
    explicit LoadingIndicator(Session* session, QWidget* parent = nullptr);

    QString text() const; // what it says ("Opening photo.jpg…"); empty while hidden

private:
    void follow(bool loading);

    Session* session_;
    QLabel* label_;
    QProgressBar* bar_;
};

} // namespace poolscope::ui
