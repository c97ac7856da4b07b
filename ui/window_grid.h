#pragma once
// The values a pooling window reads, as a small table painted by hand: one cell
// per tap, right-aligned numbers, padding taps as "pad", the chosen tap
// highlighted. It looks as the rich-text table it replaces did, at a small part
// of the cost: a new window measures a few strings and repaints, and asks for a
// relayout only when the table's size changes.
#include <QString>
#include <QWidget>
#include <vector>

namespace poolscope::ui {

class WindowGrid : public QWidget {
public:
    struct Cell {
        QString text;
        enum Kind { Value, Chosen, Padding } kind = Value;
    };

    explicit WindowGrid(QWidget* parent = nullptr);

    // A table of rows x columns cells (row-major).
    void setCells(int rows, int columns, std::vector<Cell> cells);
    // A one-line note instead of a table (italic, wrapped).
    void setNote(const QString& note);
    void clear();

    // What is shown, as plain text (cells tab-separated, rows on lines).
    QString text() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    // Column widths and the row height for the current cells and font.
    void measure();
    // Re-measures and asks for a relayout when the size changed.
    void refresh();
    QFont fontOf(Cell::Kind kind) const;

    int rows_ = 0, columns_ = 0;
    std::vector<Cell> cells_;
    QString note_;
    std::vector<int> columnWidths_;
    int rowHeight_ = 0;
    QSize tableSize_;
};

} // namespace poolscope::ui
