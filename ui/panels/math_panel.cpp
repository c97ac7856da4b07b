#include "ui/panels/math_panel.h"

#include <algorithm>
#include <climits>

#include <QFrame>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/model/session.h"
#include "ui/panels/refresh_later.h"
#include "ui/text/display_names.h"
#include "ui/text/math_text.h"
#include "ui/widgets/label_holder.h"

namespace poolscope::ui {

namespace {

QLabel* textLabel(QWidget* parent, const char* name)
{
    auto* l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setTextFormat(Qt::PlainText);
    return l;
}

} // namespace

MathPanel::MathPanel(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), heading_(textLabel(this, "mathHeading")), grid_(new QLabel(this)),
      operation_(textLabel(this, "mathOperation")), divisor_(textLabel(this, "mathDivisor")),
      chosen_(textLabel(this, "mathChosen")), index_(textLabel(this, "mathIndex")),
      formula_(textLabel(this, "mathFormula"))
{
    QFont bold = heading_->font();
    bold.setBold(true);
    heading_->setFont(bold);
    grid_->setObjectName("mathGrid");
    grid_->setTextFormat(Qt::RichText);
    grid_->setWordWrap(true); // the summary of a large window must not widen the panel
    grid_->setToolTip(
        tr("The values the window reads; the chosen cell is highlighted, padding is shown as 'pad'."));
    heading_->setToolTip(tr("The output cell the animation or the mouse points at, and its value."));
    chosen_->setToolTip(tr("The input cell whose value the window's result is."));
    operation_->setToolTip(tr("The pooling operation written out with this window's numbers."));
    divisor_->setToolTip(tr("Why an average divides by this number."));
    index_->setToolTip(tr("The flat index PyTorch returns with return_indices=True."));
    formula_->setToolTip(tr("PyTorch's output-size formula with the current numbers."));

    for (QLabel* l : {heading_, grid_, operation_, divisor_, chosen_, index_, formula_})
        l->setWhatsThis(l->toolTip());

    auto* layout = new QVBoxLayout(this);
    const auto hold = [&](QLabel* l) {
        layout->addWidget(new LabelHolder(l, LabelHolder::Selection::OnPress));
    };
    hold(heading_);
    hold(grid_);
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
        for (QLabel* l : {heading_, grid_, operation_, divisor_, chosen_, index_})
            setLabelText(l, QString());
        return;
    }
    setLabelText(heading_, tr("Output row %1, column %2 of channel %3 = %4")
                               .arg(t->oy)
                               .arg(t->ox)
                               .arg(t->channel)
                               .arg(formatValue(t->result)));
    setLabelText(grid_, gridHtml(*t));
    const TraceExplanation e = explainTrace(*t, r->pool, r->poolInputShape.width);
    setLabelText(operation_, e.operation);
    setLabelText(divisor_, e.divisorNote);
    setLabelText(chosen_, e.chosen);
    setLabelText(index_, e.index);
    for (QLabel* l : {divisor_, chosen_, index_})
        l->parentWidget()->setVisible(!l->text().isEmpty());
}

void MathPanel::refreshFormula()
{
    auto r = session_->result();
    if (!r) {
        setLabelText(formula_, QString());
        return;
    }
    QStringList lines{tr("Output size:"), "H_out = " + toQString(r->shape.formula_h),
                      "W_out = " + toQString(r->shape.formula_w)};
    for (const std::string& note : r->shape.notes)
        lines << toQString(note);
    if (r->shape.cells_never_read > 0)
        lines << tr("%n input cell(s) are never read by any window.", nullptr,
                    int(std::min<long long>(r->shape.cells_never_read, INT_MAX)));
    setLabelText(formula_, lines.join('\n'));
}

QString MathPanel::gridHtml(const WindowTrace& t) const
{
    if (t.window_h > kMaxGridSide || t.window_w > kMaxGridSide ||
        t.window_h * t.window_w != int(t.taps.size()))
        return tr("<i>window of %1 × %2 cells (%3 values): too large for a grid</i>")
            .arg(t.window_h)
            .arg(t.window_w)
            .arg(t.taps.size());
    const QPalette pal = palette();
    const QString hiBack = pal.color(QPalette::Highlight).name();
    const QString hiText = pal.color(QPalette::HighlightedText).name();
    const QString dim = pal.color(QPalette::Disabled, QPalette::WindowText).name();
    QString html = QString("<table border='1' cellspacing='0' cellpadding='5' style='border-color:%1; "
                           "border-style:solid'>")
                       .arg(dim);
    for (int ky = 0; ky < t.window_h; ++ky) {
        html += "<tr>";
        for (int kx = 0; kx < t.window_w; ++kx) {
            const int i = ky * t.window_w + kx;
            const Tap& tap = t.taps[std::size_t(i)];
            if (!tap.inside)
                html += QString("<td align='center' style='color:%1'><i>pad</i></td>").arg(dim);
            else if (i == t.chosen)
                html += QString("<td align='right' style='background:%1; color:%2'><b>%3</b></td>")
                            .arg(hiBack, hiText, formatValue(tap.value));
            else
                html += QString("<td align='right'>%1</td>").arg(formatValue(tap.value));
        }
        html += "</tr>";
    }
    return html + "</table>";
}

QString MathPanel::headingText()
{
    afterResult_->flush();
    return heading_->text();
}
QString MathPanel::operationText()
{
    afterResult_->flush();
    return operation_->text();
}
QString MathPanel::divisorText()
{
    afterResult_->flush();
    return divisor_->text();
}
QString MathPanel::chosenText()
{
    afterResult_->flush();
    return chosen_->text();
}
QString MathPanel::indexText()
{
    afterResult_->flush();
    return index_->text();
}
QString MathPanel::formulaText()
{
    afterResult_->flush();
    return formula_->text();
}

} // namespace poolscope::ui
