#include "ui/widgets/pair_editor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>

namespace poolscope::ui {

PairEditor::PairEditor(const QString& name, limits::IntRange range, QWidget* parent)
    : QWidget(parent), h_(new QSpinBox(this)), w_(new QSpinBox(this)), link_(new QToolButton(this))
{
    h_->setObjectName(name + "H");
    w_->setObjectName(name + "W");
    link_->setObjectName(name + "Link");
    for (QSpinBox* box : {h_, w_}) {
        box->setRange(range.lo, range.hi);
        box->setAccelerated(true);
        connect(box, &QSpinBox::valueChanged, this, [this, box] { onEdited(box); });
    }
    link_->setCheckable(true);
    link_->setChecked(true);
    link_->setText("H = W");
    link_->setToolTip(tr("When on, height and width stay equal (a square window)."));
    link_->setAccessibleName(tr("Link height and width"));
    link_->setWhatsThis(link_->toolTip() +
                        tr(" PyTorch takes one number for a square pair, (h, w) otherwise."));
    connect(link_, &QToolButton::toggled, this, [this](bool on) {
        if (on && h_->value() != w_->value())
            w_->setValue(h_->value()); // emits through onEdited
    });

    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(h_, 1);
    auto* times = new QLabel(QString::fromUtf8("×"), this);
    times->setAlignment(Qt::AlignCenter);
    row->addWidget(times);
    row->addWidget(w_, 1);
    row->addWidget(link_);
}

Size2 PairEditor::value() const
{
    return {h_->value(), w_->value()};
}

void PairEditor::setValue(Size2 v)
{
    QSignalBlocker bh(h_), bw(w_);
    h_->setValue(v.h);
    w_->setValue(v.w);
    if (v.h != v.w)
        setLinked(false); // a rectangular value cannot stay linked
}

bool PairEditor::linked() const
{
    return link_->isChecked();
}

void PairEditor::setLinked(bool on)
{
    QSignalBlocker b(link_);
    link_->setChecked(on);
}

void PairEditor::setToolTips(const QString& what)
{
    setToolTip(what);
    h_->setToolTip(what + tr(" This box: the height."));
    w_->setToolTip(what + tr(" This box: the width."));
    for (QWidget* w : std::initializer_list<QWidget*>{this, h_, w_})
        w->setWhatsThis(w->toolTip());
}

void PairEditor::onEdited(QSpinBox* source)
{
    if (quiet_)
        return;
    if (link_->isChecked()) {
        QSpinBox* other = source == h_ ? w_ : h_;
        if (other->value() != source->value()) {
            quiet_ = true;
            other->setValue(source->value());
            quiet_ = false;
        }
    }
    emit changed(value());
}

} // namespace poolscope::ui
