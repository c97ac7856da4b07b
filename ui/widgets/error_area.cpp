#include "ui/widgets/error_area.h"

#include <QEvent>
#include <QGridLayout>
#include <QSpacerItem>

#include "ui/widgets/error_label.h"

namespace poolscope::ui {

ErrorArea::ErrorArea(ErrorLabel* label, int reservedLines, QWidget* parent)
    : QWidget(parent), label_(label), lines_(reservedLines),
      spacer_(new QSpacerItem(0, 0, QSizePolicy::Minimum, QSizePolicy::Fixed))
{
    // Both in one cell: the cell is as tall as the larger of the two.
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addItem(spacer_, 0, 0);
    grid->addWidget(label_, 0, 0, Qt::AlignTop);
    reserve();
}

void ErrorArea::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        reserve();
}

void ErrorArea::reserve()
{
    // The label's own frame and margins around the reserved lines.
    const int chrome = 2 * label_->margin() + 2 * label_->frameWidth();
    spacer_->changeSize(0, lines_ * label_->fontMetrics().lineSpacing() + chrome, QSizePolicy::Minimum,
                        QSizePolicy::Fixed);
    if (layout())
        layout()->invalidate();
}

} // namespace poolscope::ui
