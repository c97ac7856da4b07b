#pragma once
// A small grid of numbers (a pooling window's taps) that never wraps a number:
// every column is as wide as its widest text, and a grid wider than the room it
// has scrolls sideways inside itself rather than squeezing or widening the panel.
#include <QList>
#include <QScrollArea>

class QGridLayout;
class QLabel;

namespace poolscope::ui {

class TapGrid : public QScrollArea {
    Q_OBJECT
public:
    struct Cell {
        enum class Kind { Value, Chosen, Padding };
        QString text;
        Kind kind = Kind::Value;
    };

    explicit TapGrid(QWidget* parent = nullptr);

    // `cells` row by row, `columns` per row; an empty list clears the grid.
    void setCells(const QList<Cell>& cells, int columns);

    int rowCount() const { return rows_; }
    int columnCount() const { return columns_; }
    QLabel* cellLabel(int row, int column) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void styleCells();
    void fitHeight();

    QWidget* grid_;
    QGridLayout* layout_;
    QList<QLabel*> labels_; // reused between windows of the same size
    QList<Cell> cells_;
    int rows_ = 0, columns_ = 0;
};

} // namespace poolscope::ui
