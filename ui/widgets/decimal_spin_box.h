#pragma once
// A QDoubleSpinBox whose value is always the number it shows. Qt's stepBy()
// adds steps without rounding to the decimals (0.5 - 6 x 0.05 gives
// 0.20000000000000007), so a spec fed from value() would hold digits no one sees.
#include <QDoubleSpinBox>

namespace poolscope::ui {

class DecimalSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    using QDoubleSpinBox::QDoubleSpinBox;

    void stepBy(int steps) override;
};

} // namespace poolscope::ui
