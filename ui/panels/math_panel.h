#pragma once
// The arithmetic of the window being computed (or hovered): its values as a
// small grid, the operation written out with numbers, the divisor and why, the
// chosen cell and PyTorch's index, and the output-size formula with the numbers.
#include <map>

#include <QWidget>

#include "core/pool/window_trace.h"

class QLabel;
class QTimer;

namespace poolscope::ui {

class RefreshLater;
class Session;
class TapGrid;

class MathPanel : public QWidget {
    Q_OBJECT
public:
    explicit MathPanel(Session* session, QWidget* parent = nullptr);

    // The explained cell: hovered output cell if any, else the current step's.
    std::optional<WindowTrace> shownTrace() const;

    // The texts as written (ordinary spaces) once a refresh still pending after a new result has run.
    QString headingText();
    QString operationText();
    QString divisorText();
    QString chosenText();
    QString indexText();
    QString formulaText();

    // The window's values, one cell per tap.
    TapGrid* tapGrid() const { return grid_; }

    // Windows larger than this (per side) are summarised instead of drawn as a grid.
    static constexpr int kMaxGridSide = 9;

    // While the sweep runs faster than this, the panel follows it at most every
    // kRapidRefreshMs (nobody reads numbers changing faster); paused or stepping,
    // it shows every step.
    static constexpr double kRapidStepsPerSecond = 30;
    static constexpr int kRapidRefreshMs = 100;
    void setRapid(bool on);

    // The arithmetic reads a little larger than the forms, following the text size.
    static constexpr double kTextScale = 1.15;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void setArithmetic(QLabel* label, const QString& text);
    void rebreakArithmetic();
    // The width formulas break at: the panel's, less the scroll bar of the area
    // that holds it while that bar is hidden.
    qreal breakWidth() const;
    void applyFonts();
    void onStepChanged();
    void refresh();
    void refreshFormula();
    void showGrid(const WindowTrace& t);

    Session* session_;
    bool rapid_ = false;
    QTimer* deferred_; // a refresh waiting while rapid
    RefreshLater* afterResult_;
    QLabel* heading_;
    TapGrid* grid_;
    QLabel* gridSummary_; // a window too large for a grid
    QLabel* operation_;
    QLabel* divisor_;
    QLabel* chosen_;
    QLabel* index_;
    QLabel* formula_;
    std::map<QLabel*, QString> arithmetic_; // each arithmetic label's text as written
};

} // namespace poolscope::ui
