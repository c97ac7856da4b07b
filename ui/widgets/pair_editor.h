#pragma once
// A (height, width) hyperparameter: two spin boxes and a toggle that keeps them
// equal, because most classroom examples use square windows.
#include <QWidget>

#include "core/spec/spec_limits.h"
#include "core/tensor/size2.h"

class QSpinBox;
class QToolButton;

namespace poolscope::ui {

class PairEditor : public QWidget {
    Q_OBJECT
public:
    // Children are named <name>H, <name>W and <name>Link (tests find them by name).
    PairEditor(const QString& name, limits::IntRange range, QWidget* parent = nullptr);

    Size2 value() const;
    // Does not emit changed(); unlinks when h != w.
    void setValue(Size2 v);
    bool linked() const;
    void setLinked(bool on);
    // One sentence for the pair and both its boxes.
    void setToolTips(const QString& what);

signals:
    void changed(poolscope::Size2 value);

private:
    void onEdited(QSpinBox* source);

    QSpinBox* h_;
    QSpinBox* w_;
    QToolButton* link_;
    bool quiet_ = false;
};

} // namespace poolscope::ui
