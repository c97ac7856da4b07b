#include "ui/window_grid.h"

#include <algorithm>
#include <cmath>

#include <QEvent>
#include <QFontMetricsF>
#include <QPainter>

namespace poolscope::ui {

namespace {

// The metrics of the rich-text table this draws like: border='1' cellspacing='0'
// cellpadding='5', so every cell has its own 1 px border inside the table's.
constexpr int kTableBorder = 1, kCellBorder = 1, kPadding = 5;
constexpr int kCellExtra = 2 * (kCellBorder + kPadding);

} // namespace

WindowGrid::WindowGrid(QWidget* parent) : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true); // the note wraps
    setSizePolicy(policy);
}

QFont WindowGrid::fontOf(Cell::Kind kind) const
{
    QFont f = font();
    if (kind == Cell::Chosen)
        f.setBold(true);
    if (kind == Cell::Padding)
        f.setItalic(true);
    return f;
}

void WindowGrid::setCells(int rows, int columns, std::vector<Cell> cells)
{
    if (rows == rows_ && columns == columns_ && note_.isEmpty() && cells.size() == cells_.size() &&
        std::equal(cells.begin(), cells.end(), cells_.begin(),
                   [](const Cell& a, const Cell& b) { return a.text == b.text && a.kind == b.kind; }))
        return;
    rows_ = rows;
    columns_ = columns;
    cells_ = std::move(cells);
    note_.clear();
    refresh();
}

void WindowGrid::setNote(const QString& note)
{
    if (note == note_ && cells_.empty())
        return;
    rows_ = columns_ = 0;
    cells_.clear();
    note_ = note;
    refresh();
}

void WindowGrid::clear()
{
    if (cells_.empty() && note_.isEmpty())
        return;
    rows_ = columns_ = 0;
    cells_.clear();
    note_.clear();
    refresh();
}

QString WindowGrid::text() const
{
    if (!note_.isEmpty())
        return note_;
    QStringList lines;
    for (int r = 0; r < rows_; ++r) {
        QStringList row;
        for (int c = 0; c < columns_; ++c)
            row << cells_[std::size_t(r * columns_ + c)].text;
        lines << row.join('\t');
    }
    return lines.join('\n');
}

void WindowGrid::measure()
{
    columnWidths_.assign(std::size_t(columns_), 0);
    // A line is as high as the font's ascent and descent, rounded up, as a text document lays it out.
    rowHeight_ = int(std::ceil(QFontMetricsF(font()).ascent() + QFontMetricsF(font()).descent()));
    for (int r = 0; r < rows_; ++r)
        for (int c = 0; c < columns_; ++c) {
            const Cell& cell = cells_[std::size_t(r * columns_ + c)];
            const QFontMetricsF fm(fontOf(cell.kind));
            columnWidths_[std::size_t(c)] =
                std::max(columnWidths_[std::size_t(c)], int(std::ceil(fm.horizontalAdvance(cell.text))));
            rowHeight_ = std::max(rowHeight_, int(std::ceil(fm.ascent() + fm.descent())));
        }
    int w = 2 * kTableBorder, h = 2 * kTableBorder;
    for (int cw : columnWidths_)
        w += cw + kCellExtra;
    h += rows_ * (rowHeight_ + kCellExtra);
    tableSize_ = rows_ > 0 && columns_ > 0 ? QSize(w, h) : QSize();
}

void WindowGrid::refresh()
{
    const QSize before = tableSize_;
    const int beforeHeight = heightForWidth(width());
    measure();
    if (tableSize_ != before || heightForWidth(width()) != beforeHeight)
        updateGeometry();
    update();
}

QSize WindowGrid::sizeHint() const
{
    if (!note_.isEmpty()) {
        const QFontMetrics fm(fontOf(Cell::Padding));
        return fm.boundingRect(QRect(0, 0, 10000, 10000), Qt::TextWordWrap, note_).size();
    }
    return tableSize_.isValid() ? tableSize_ : QSize(0, 0);
}

QSize WindowGrid::minimumSizeHint() const
{
    if (!note_.isEmpty())
        return QSize(fontMetrics().averageCharWidth() * 8, fontMetrics().height());
    return sizeHint();
}

bool WindowGrid::hasHeightForWidth() const
{
    return true;
}

int WindowGrid::heightForWidth(int width) const
{
    if (!note_.isEmpty()) {
        const QFontMetrics fm(fontOf(Cell::Padding));
        return fm.boundingRect(QRect(0, 0, std::max(1, width), 100000), Qt::TextWordWrap, note_).height();
    }
    return tableSize_.isValid() ? tableSize_.height() : 0;
}

void WindowGrid::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QPalette pal = palette();
    if (!note_.isEmpty()) {
        p.setFont(fontOf(Cell::Padding));
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(rect(), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, note_);
        return;
    }
    if (!tableSize_.isValid())
        return;
    const QColor border = pal.color(QPalette::Disabled, QPalette::WindowText);
    const auto frame = [&](const QRect& r) {
        p.fillRect(QRect(r.left(), r.top(), r.width(), 1), border);
        p.fillRect(QRect(r.left(), r.bottom(), r.width(), 1), border);
        p.fillRect(QRect(r.left(), r.top(), 1, r.height()), border);
        p.fillRect(QRect(r.right(), r.top(), 1, r.height()), border);
    };
    frame(QRect(QPoint(0, 0), tableSize_));
    int y = kTableBorder;
    for (int r = 0; r < rows_; ++r) {
        int x = kTableBorder;
        for (int c = 0; c < columns_; ++c) {
            const Cell& cell = cells_[std::size_t(r * columns_ + c)];
            const int cw = columnWidths_[std::size_t(c)];
            const QRect box(x, y, cw + kCellExtra, rowHeight_ + kCellExtra);
            frame(box);
            if (cell.kind == Cell::Chosen)
                p.fillRect(box.adjusted(kCellBorder, kCellBorder, -kCellBorder, -kCellBorder),
                           pal.color(QPalette::Highlight));
            p.setFont(fontOf(cell.kind));
            p.setPen(cell.kind == Cell::Chosen    ? pal.color(QPalette::HighlightedText)
                     : cell.kind == Cell::Padding ? border
                                                  : pal.color(QPalette::WindowText));
            const QRect content = box.adjusted(kCellBorder + kPadding, kCellBorder + kPadding,
                                               -(kCellBorder + kPadding), -(kCellBorder + kPadding));
            p.drawText(content,
                       Qt::AlignTop | (cell.kind == Cell::Padding ? Qt::AlignHCenter : Qt::AlignRight),
                       cell.text);
            x += box.width();
        }
        y += rowHeight_ + kCellExtra;
    }
}

void WindowGrid::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        refresh();
    QWidget::changeEvent(event);
}

} // namespace poolscope::ui
