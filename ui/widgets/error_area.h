#pragma once
// The place of a form's inline error, its height reserved for a number of lines
// whether or not a message shows, so the fields below never move when an error
// comes or goes (a message longer than that still shows whole).
#include <QWidget>

class QSpacerItem;

namespace poolscope::ui {

class ErrorLabel;

class ErrorArea : public QWidget {
    Q_OBJECT
public:
    explicit ErrorArea(ErrorLabel* label, int reservedLines, QWidget* parent = nullptr);
    ErrorLabel* label() const { return label_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void reserve();

    ErrorLabel* label_;
    int lines_;
    QSpacerItem* spacer_;
};

} // namespace poolscope::ui
