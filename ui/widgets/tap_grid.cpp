#include "ui/widgets/tap_grid.h"

#include <algorithm>

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QScrollBar>

namespace poolscope::ui {

namespace {

// Room around a number inside its cell, in multiples of the font's space width.
constexpr double kCellPaddingSpaces = 1.5;

} // namespace

TapGrid::TapGrid(QWidget* parent) : QScrollArea(parent), grid_(new QWidget), layout_(new QGridLayout(grid_))
{
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(1); // the gaps show the window's background as the table's lines
    layout_->setSizeConstraint(QLayout::SetFixedSize);
    grid_->setAutoFillBackground(true);
    setWidget(grid_);
    setWidgetResizable(false);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
}

QLabel* TapGrid::cellLabel(int row, int column) const
{
    const int i = row * columns_ + column;
    return row >= 0 && column >= 0 && column < columns_ && i < labels_.size() ? labels_[i] : nullptr;
}

void TapGrid::setCells(const QList<Cell>& cells, int columns)
{
    columns_ = cells.isEmpty() ? 0 : std::max(1, columns);
    rows_ = columns_ ? int((cells.size() + columns_ - 1) / columns_) : 0;
    cells_ = cells;
    while (labels_.size() > cells.size())
        delete labels_.takeLast();
    while (labels_.size() < cells.size()) {
        auto* l = new QLabel(grid_);
        l->setWordWrap(false);
        l->setTextFormat(Qt::PlainText);
        l->setAutoFillBackground(true);
        labels_ << l;
    }
    for (int i = 0; i < labels_.size(); ++i) {
        layout_->removeWidget(labels_[i]);
        layout_->addWidget(labels_[i], i / columns_, i % columns_);
        labels_[i]->setText(cells[i].text);
    }
    styleCells();
    setVisible(!cells.isEmpty());
}

// Columns as wide as the widest text of the whole grid: the numbers line up and
// none is ever broken, whatever the panel's width.
void TapGrid::styleCells()
{
    const QPalette pal = palette();
    QFont bold = font();
    bold.setBold(true);
    QFont italic = font();
    italic.setItalic(true);
    const int pad = int(fontMetrics().horizontalAdvance(' ') * kCellPaddingSpaces);
    int width = 0;
    for (int i = 0; i < labels_.size(); ++i) {
        QLabel* l = labels_[i];
        const Cell::Kind kind = cells_[i].kind;
        l->setFont(kind == Cell::Kind::Chosen ? bold : kind == Cell::Kind::Padding ? italic : font());
        l->setAlignment(kind == Cell::Kind::Padding ? Qt::AlignCenter : Qt::AlignRight | Qt::AlignVCenter);
        QPalette p = pal;
        p.setColor(QPalette::Window,
                   kind == Cell::Kind::Chosen ? pal.color(QPalette::Highlight) : pal.color(QPalette::Base));
        p.setColor(QPalette::WindowText, kind == Cell::Kind::Chosen ? pal.color(QPalette::HighlightedText)
                                         : kind == Cell::Kind::Padding
                                             ? pal.color(QPalette::Disabled, QPalette::WindowText)
                                             : pal.color(QPalette::Text));
        l->setPalette(p);
        l->setContentsMargins(pad / 2, pad / 4, pad / 2, pad / 4);
        width = std::max(width, l->fontMetrics().horizontalAdvance(l->text()) + pad);
    }
    for (QLabel* l : labels_)
        l->setFixedWidth(width);
    QPalette lines = pal;
    lines.setColor(QPalette::Window, pal.color(QPalette::Disabled, QPalette::WindowText));
    grid_->setPalette(lines);
    layout_->activate();
    grid_->adjustSize();
    fitHeight();
}

// As tall as the grid, plus the scroll bar when the grid is wider than the room.
void TapGrid::fitHeight()
{
    const int bar =
        grid_->width() > width() - 2 * frameWidth() ? horizontalScrollBar()->sizeHint().height() : 0;
    const int h = grid_->sizeHint().height() + bar + 2 * frameWidth();
    if (h != height() || minimumHeight() != h)
        setFixedHeight(h);
}

QSize TapGrid::sizeHint() const
{
    return QSize(grid_->sizeHint().width() + 2 * frameWidth(), minimumHeight());
}

// Narrow: the panel decides the width, the grid scrolls inside it.
QSize TapGrid::minimumSizeHint() const
{
    return QSize(fontMetrics().averageCharWidth() * 8, minimumHeight());
}

void TapGrid::resizeEvent(QResizeEvent* event)
{
    QScrollArea::resizeEvent(event);
    fitHeight();
}

void TapGrid::changeEvent(QEvent* event)
{
    QScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        styleCells();
}

} // namespace poolscope::ui
