#pragma once
// The current pipeline as code in PyTorch, Keras or NumPy, ready to copy into a
// notebook; settings a framework cannot express are named above the code.
#include <QWidget>

#include "ui/text/framework_code.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabBar;

namespace poolscope::ui {

class Session;
class RefreshLater;

class CodePanel : public QWidget {
    Q_OBJECT
public:
    explicit CodePanel(Session* session, QWidget* parent = nullptr);

    Framework framework() const;
    void setFramework(Framework framework);
    // As shown once a pending refresh has run.
    QString code();
    QString notes();

signals:
    // The code went to the clipboard; `message` says which, for the message bar.
    void copied(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    void copy();
    void fitFont();

    Session* session_;
    RefreshLater* later_;
    QTabBar* tabs_;
    QLabel* notes_;
    QPlainTextEdit* text_;
    QPushButton* copy_;
};

} // namespace poolscope::ui
