#pragma once
// A translucent panel over the stage listing the keys in large type, for a
// teacher in presentation mode (? opens and closes it, Esc closes it). It covers
// its parent and follows its size; it takes no focus, so the keys keep working.
#include <QWidget>

#include "ui/shell/key_list.h"

class QLabel;

namespace poolscope::ui {

class KeyOverlay : public QWidget {
    Q_OBJECT
public:
    explicit KeyOverlay(QWidget* parent);

    void setEntries(const QList<KeyEntry>& entries);
    QString text() const; // what it lists, as plain text (tests, accessibility)

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    void fitToParent();

    QLabel* label_;
    int rows_ = 0;
};

} // namespace poolscope::ui
