#include "ui/widgets/label_holder.h"

#include <QEvent>
#include <QLabel>

namespace poolscope::ui {

namespace {
constexpr std::size_t kRememberedWidths = 8; // a dock asks for a few widths only
} // namespace

LabelHolder::LabelHolder(QLabel* label, Selection selection, QWidget* parent) : QWidget(parent), label_(label)
{
    label_->setParent(this);
    // Opaque: a new text repaints the label alone, not every panel behind it.
    label_->setAutoFillBackground(true);
    if (selection == Selection::OnPress && label_->textInteractionFlags() != Qt::NoTextInteraction) {
        selectable_ = label_->textInteractionFlags();
        label_->setTextInteractionFlags(Qt::NoTextInteraction);
        label_->installEventFilter(this);
    }
    setSizePolicy(label_->sizePolicy());
    explicitMinimum_ = label_->minimumSize();
}

bool LabelHolder::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == label_) {
        // Before the label sees the press, so that the press starts the selection.
        if (event->type() == QEvent::MouseButtonPress &&
            label_->textInteractionFlags() == Qt::NoTextInteraction)
            label_->setTextInteractionFlags(selectable_);
        else if (event->type() == QEvent::Leave && !label_->hasSelectedText())
            label_->setTextInteractionFlags(Qt::NoTextInteraction);
    }
    return QWidget::eventFilter(watched, event);
}

// With the label's own minimum size, which a layout would have taken from it.
QSize LabelHolder::sizeHint() const
{
    if (!sizeHint_)
        sizeHint_ = label_->sizeHint().expandedTo(label_->minimumSize());
    return *sizeHint_;
}

QSize LabelHolder::minimumSizeHint() const
{
    if (!minimumSizeHint_)
        minimumSizeHint_ = label_->minimumSizeHint().expandedTo(label_->minimumSize());
    return *minimumSizeHint_;
}

int LabelHolder::heightForWidth(int width) const
{
    if (const auto it = heights_.find(width); it != heights_.end())
        return it->second;
    if (heights_.size() >= kRememberedWidths)
        heights_.clear();
    return heights_[width] = label_->heightForWidth(width);
}

bool LabelHolder::hasHeightForWidth() const
{
    return label_->hasHeightForWidth(); // a label wraps once it has text and word wrap
}

void LabelHolder::remeasure()
{
    sizeHint_.reset();
    minimumSizeHint_.reset();
    heights_.clear();
    explicitMinimum_ = label_->minimumSize();
    updateGeometry();
}

bool LabelHolder::event(QEvent* event)
{
    if (event->type() == QEvent::LayoutRequest) {
        // The label changed: new text, font or minimum size.
        heights_.clear();
        if (sizePolicy() != label_->sizePolicy()) {
            setSizePolicy(label_->sizePolicy()); // relays out by itself
            remeasure();
            return true;
        }
        // A wrapping label is given exactly its height for the width; another one
        // needs at least its minimum size.
        bool changed = label_->minimumSize() != explicitMinimum_;
        if (label_->hasHeightForWidth()) {
            changed = changed || heightForWidth(width()) != height();
        } else {
            const QSize min = label_->minimumSizeHint();
            changed = changed || min.width() > width() || min.height() > height();
        }
        if (changed)
            remeasure();
        return true;
    }
    return QWidget::event(event);
}

void LabelHolder::resizeEvent(QResizeEvent*)
{
    label_->setGeometry(rect());
    // A width the layout measured before the last text changed: measure again.
    if (label_->hasHeightForWidth() && heightForWidth(width()) != height())
        remeasure();
}

void setLabelText(QLabel* label, const QString& text)
{
    if (label->text() != text)
        label->setText(text);
}

} // namespace poolscope::ui
