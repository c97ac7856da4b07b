#include "ui/widgets/whats_this.h"

#include <QFormLayout>
#include <QLabel>
#include <QWidget>

namespace poolscope::ui {

void fillWhatsThis(QWidget* form)
{
    for (auto* layout : form->findChildren<QFormLayout*>())
        for (int row = 0; row < layout->rowCount(); ++row) {
            QLayoutItem* label = layout->itemAt(row, QFormLayout::LabelRole);
            QLayoutItem* field = layout->itemAt(row, QFormLayout::FieldRole);
            if (!label || !field || !label->widget() || !field->widget())
                continue;
            QWidget* f = field->widget();
            // A row of several controls: the first one's tip names the parameter.
            QString tip = f->toolTip();
            if (tip.isEmpty())
                for (QWidget* child : f->findChildren<QWidget*>())
                    if (!child->toolTip().isEmpty()) {
                        tip = child->toolTip();
                        break;
                    }
            if (label->widget()->toolTip().isEmpty())
                label->widget()->setToolTip(tip);
        }
    for (QWidget* w : form->findChildren<QWidget*>())
        if (w->whatsThis().isEmpty() && !w->toolTip().isEmpty())
            w->setWhatsThis(w->toolTip());
}

} // namespace poolscope::ui
