#pragma once
// Holds a label in a layout at the size the label asks for. A label's new text
// asks its parent for a relayout, and a layout passes that on upwards: through a
// scroll area it lays out every text of the panel again (rich text included),
// in a bar it lays out the window's central area. Held, the request stops at the
// holder and goes on only when the label needs another height (or more width
// than it has). The holder also remembers the label's sizes, so a relayout that
// does happen lays out only the texts that changed. The layout sees the label's
// own sizes, so the label is placed exactly as if it were in the layout itself.
#include <map>
#include <optional>

#include <QWidget>

class QLabel;

namespace poolscope::ui {

class LabelHolder : public QWidget {
public:
    // A label that lets the mouse select its text lays it out through a text
    // document, several times slower than a plain label. OnPress keeps it plain
    // and makes it selectable when the mouse presses on it, until the mouse
    // leaves it with nothing selected.
    enum class Selection { AsSet, OnPress };

    // Takes the label into this holder; put the holder where the label would go.
    explicit LabelHolder(QLabel* label, Selection selection = Selection::AsSet, QWidget* parent = nullptr);
    QLabel* label() const { return label_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    int heightForWidth(int width) const override;
    bool hasHeightForWidth() const override;

protected:
    bool event(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Forgets the remembered sizes and lets the layouts above measure again.
    void remeasure();

    QLabel* label_;
    Qt::TextInteractionFlags selectable_ = Qt::NoTextInteraction; // OnPress: the label's own flags
    QSize explicitMinimum_; // the label's setMinimumSize(), last passed on
    // The label's sizes as last measured: a text of the same height keeps the
    // width hints the layout already has (the width comes from the layout).
    mutable std::optional<QSize> sizeHint_, minimumSizeHint_;
    mutable std::map<int, int> heights_; // width -> height, for the current text
};

// Sets a label's text only when it is another one: an equal text would still be
// laid out and painted again.
void setLabelText(QLabel* label, const QString& text);

} // namespace poolscope::ui
