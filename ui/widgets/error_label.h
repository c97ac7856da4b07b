#pragma once
// An inline error message in red that stays readable on light and dark palettes.
// Hidden while empty, so the form does not jump when a message comes and goes
// more than it must.
#include <QLabel>

namespace poolscope::ui {

class ErrorLabel : public QLabel {
    Q_OBJECT
public:
    explicit ErrorLabel(QWidget* parent = nullptr);
    void setMessage(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateColors();
};

} // namespace poolscope::ui
