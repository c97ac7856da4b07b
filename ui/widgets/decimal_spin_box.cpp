#include "ui/widgets/decimal_spin_box.h"

#include <QStyle>

namespace poolscope::ui {

void DecimalSpinBox::stepBy(int steps)
{
    // setValue() rounds to the decimals and bounds to the range, as typed text is.
    setValue(value() + steps * singleStep());
    if (style()->styleHint(QStyle::SH_SpinBox_SelectOnStep, nullptr, this))
        selectAll();
}

} // namespace poolscope::ui
