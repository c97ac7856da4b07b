#include "ui/panels/math_panel.h"

#include <algorithm>
#include <climits>

#include <QAbstractScrollArea>
#include <QEvent>
#include <QFontMetricsF>
#include <QFrame>
#include <QLabel>
#include <QScrollBar>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/model/session.h"
#include "ui/panels/refresh_later.h"
#include "ui/text/display_names.h"
#include "ui/text/math_text.h"
#include "ui/text/term_breaks.h"
#include "ui/widgets/label_holder.h"
#include "ui/widgets/tap_grid.h"

namespace poolscope::ui {

namespace {

// Where arithmetic breaks follows the width it has, so its longest unbroken
// piece must not set the panel's minimum width (the dock would grow to it).
class ArithmeticLabel : public QLabel {
public:
    using QLabel::QLabel;
    QSize minimumSizeHint() const override
    {
        return {fontMetrics().averageCharWidth() * 8, QLabel::minimumSizeHint().height()};
    }
};

// Prose (the divisor's reason) wraps at words, its longest word setting the width.
enum class Text { Arithmetic, Prose };

QLabel* textLabel(QWidget* parent, const char* name, Text text = Text::Arithmetic)
{
    QLabel* l = text == Text::Arithmetic ? new ArithmeticLabel(parent) : new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setTextFormat(Qt::PlainText);
    return l;
}

} // namespace

MathPanel::MathPanel(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), heading_(textLabel(this, "mathHeading")), grid_(new TapGrid(this)),
      gridSummary_(textLabel(this, "mathGridSummary", Text::Prose)),
      operation_(textLabel(this, "mathOperation")), divisor_(textLabel(this, "mathDivisor", Text::Prose)),
      chosen_(textLabel(this, "mathChosen")), index_(textLabel(this, "mathIndex")),
      formula_(textLabel(this, "mathFormula"))
{
    applyFonts();
    grid_->setObjectName("mathGrid");
    grid_->setToolTip(
        tr("The values the window reads; the chosen cell is highlighted, padding is shown as 'pad'."));
    gridSummary_->setToolTip(grid_->toolTip());
    heading_->setToolTip(tr("The output cell the animation or the mouse points at, and its value."));
    chosen_->setToolTip(tr("The input cell whose value the window's result is."));
    operation_->setToolTip(tr("The pooling operation written out with this window's numbers."));
    divisor_->setToolTip(tr("Why an average divides by this number."));
    index_->setToolTip(tr("The flat index PyTorch returns with return_indices=True."));
    formula_->setToolTip(tr("PyTorch's output-size formula with the current numbers."));

    for (QWidget* l : std::initializer_list<QWidget*>{heading_, grid_, gridSummary_, operation_, divisor_,
                                                      chosen_, index_, formula_})
        l->setWhatsThis(l->toolTip());

    auto* layout = new QVBoxLayout(this);
    const auto hold = [&](QLabel* l) {
        layout->addWidget(new LabelHolder(l, LabelHolder::Selection::OnPress));
    };
    hold(heading_);
    layout->addWidget(grid_);
    hold(gridSummary_);
    hold(operation_);
    hold(divisor_);
    hold(chosen_);
    hold(index_);
    auto* line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);
    hold(formula_);
    layout->addStretch(1);

    deferred_ = new QTimer(this);
    deferred_->setSingleShot(true);
    deferred_->setInterval(kRapidRefreshMs);
    connect(deferred_, &QTimer::timeout, this, &MathPanel::refresh);

    // A new window size relays the texts out: after the frame with the new maps.
    afterResult_ = new RefreshLater(
        [this] {
            refresh();
            refreshFormula();
        },
        this);
    connect(session_, &Session::resultChanged, afterResult_, &RefreshLater::request);
    connect(session_, &Session::stepChanged, this, &MathPanel::onStepChanged);
    connect(session_, &Session::focusedChannelChanged, this, &MathPanel::refresh);
    connect(session_, &Session::focusedMapsChanged, this, &MathPanel::refresh);
    connect(session_, &Session::hoverChanged, this, &MathPanel::refresh);
    refresh();
    refreshFormula();
}

void MathPanel::setRapid(bool on)
{
    if (on == rapid_)
        return;
    rapid_ = on;
    if (!on && deferred_->isActive()) {
        deferred_->stop();
        refresh(); // paused: exactly the step shown
    }
}

void MathPanel::onStepChanged()
{
    if (afterResult_->pending())
        return; // the refresh after the new result shows this step
    if (!rapid_)
        refresh();
    else if (!deferred_->isActive())
        deferred_->start();
}

std::optional<WindowTrace> MathPanel::shownTrace() const
{
    if (auto h = session_->hoveredOutput())
        if (auto t = session_->traceAt(h->y(), h->x()))
            return t;
    if (const WindowTrace* t = session_->currentTrace())
        return *t;
    return std::nullopt;
}

void MathPanel::refresh()
{
    deferred_->stop();
    auto r = session_->result();
    const std::optional<WindowTrace> t = shownTrace();
    if (!r || !t) {
        for (QLabel* l : {heading_, operation_, chosen_, index_})
            setArithmetic(l, QString());
        setLabelText(divisor_, QString());
        setLabelText(gridSummary_, QString());
        grid_->setCells({}, 0);
        return;
    }
    setArithmetic(heading_, tr("Output row %1, column %2 of channel %3 = %4")
                                .arg(t->oy)
                                .arg(t->ox)
                                .arg(t->channel)
                                .arg(formatValue(t->result)));
    showGrid(*t);
    const TraceExplanation e = explainTrace(*t, r->pool, r->poolInputShape.width);
    setArithmetic(operation_, e.operation);
    setLabelText(divisor_, e.divisorNote);
    setArithmetic(chosen_, e.chosen);
    setArithmetic(index_, e.index);
    for (QLabel* l : {divisor_, chosen_, index_})
        l->parentWidget()->setVisible(!l->text().isEmpty());
}

void MathPanel::refreshFormula()
{
    auto r = session_->result();
    if (!r) {
        setArithmetic(formula_, QString());
        return;
    }
    QStringList lines{tr("Output size:"), "H_out = " + toQString(r->shape.formula_h),
                      "W_out = " + toQString(r->shape.formula_w)};
    for (const std::string& note : r->shape.notes)
        lines << toQString(note);
    if (r->shape.cells_never_read > 0)
        lines << tr("%n input cell(s) are never read by any window.", nullptr,
                    int(std::min<long long>(r->shape.cells_never_read, INT_MAX)));
    setArithmetic(formula_, lines.join('\n'));
}

void MathPanel::setArithmetic(QLabel* label, const QString& text)
{
    arithmetic_[label] = text;
    setLabelText(label, keepTermsWhole(text, QFontMetricsF(label->font()), breakWidth()));
}

qreal MathPanel::breakWidth() const
{
    // From the panel's own width: its layout's geometry is empty until the layout
    // runs, as when a dock comes back, and breaks for that would stand every term
    // on a line of its own for a frame.
    const QMargins m = layout() ? layout()->contentsMargins() : QMargins();
    qreal width = contentsRect().width() - m.left() - m.right();
    // Broken as if the scroll bar were shown: a break that makes the panel taller
    // brings the bar, the bar makes the panel narrower, and breaks that followed
    // the width would make it shorter again, the bar would go, and so on for ever.
    for (const QWidget* w = parentWidget(); w; w = w->parentWidget())
        if (const auto* area = qobject_cast<const QAbstractScrollArea*>(w)) {
            const QScrollBar* bar = area->verticalScrollBar();
            if (area->verticalScrollBarPolicy() != Qt::ScrollBarAlwaysOff && !bar->isVisibleTo(area))
                width -= area->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, bar);
            break;
        }
    return std::max<qreal>(0, width);
}

// Where a formula may break depends on the width it has.
void MathPanel::rebreakArithmetic()
{
    for (const auto& [label, text] : arithmetic_)
        setArithmetic(label, text);
}

void MathPanel::applyFonts()
{
    QFont f = font();
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * kTextScale);
    else
        f.setPixelSize(qRound(f.pixelSize() * kTextScale));
    for (QWidget* w : std::initializer_list<QWidget*>{grid_, gridSummary_, operation_, divisor_, chosen_,
                                                      index_, formula_})
        w->setFont(f);
    f.setBold(true);
    heading_->setFont(f);
}

void MathPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    rebreakArithmetic();
}

void MathPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // The labels' fonts are set, so they follow the text size (Ctrl+=, Ctrl+-) from here.
    if (event->type() == QEvent::FontChange) {
        applyFonts();
        rebreakArithmetic();
    }
}

void MathPanel::showGrid(const WindowTrace& t)
{
    const bool tooLarge = t.window_h > kMaxGridSide || t.window_w > kMaxGridSide ||
                          t.window_h * t.window_w != int(t.taps.size());
    setLabelText(gridSummary_, tooLarge ? tr("window of %1 × %2 cells (%3 values): too large for a grid")
                                              .arg(t.window_h)
                                              .arg(t.window_w)
                                              .arg(t.taps.size())
                                        : QString());
    gridSummary_->parentWidget()->setVisible(tooLarge);
    QList<TapGrid::Cell> cells;
    if (!tooLarge)
        for (int i = 0; i < int(t.taps.size()); ++i) {
            const Tap& tap = t.taps[std::size_t(i)];
            if (!tap.inside)
                cells << TapGrid::Cell{tr("pad"), TapGrid::Cell::Kind::Padding};
            else
                cells << TapGrid::Cell{formatValue(tap.value), i == t.chosen ? TapGrid::Cell::Kind::Chosen
                                                                             : TapGrid::Cell::Kind::Value};
        }
    grid_->setCells(cells, t.window_w);
}

QString MathPanel::headingText()
{
    afterResult_->flush();
    return arithmetic_[heading_];
}
QString MathPanel::operationText()
{
    afterResult_->flush();
    return arithmetic_[operation_];
}
QString MathPanel::divisorText()
{
    afterResult_->flush();
    return divisor_->text();
}
QString MathPanel::chosenText()
{
    afterResult_->flush();
    return arithmetic_[chosen_];
}
QString MathPanel::indexText()
{
    afterResult_->flush();
    return arithmetic_[index_];
}
QString MathPanel::formulaText()
{
    afterResult_->flush();
    return arithmetic_[formula_];
}

} // namespace poolscope::ui
