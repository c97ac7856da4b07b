#include "ui/panels/shape_panel.h"

#include <algorithm>
#include <cmath>

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QVBoxLayout>

#include "core/shape/coverage.h"
#include "ui/model/session.h"
#include "ui/panels/refresh_later.h"
#include "ui/text/shape_facts.h"
#include "ui/widgets/label_holder.h"

namespace poolscope::ui {

namespace {

QString count(long long n)
{
    return QLocale(QLocale::English).toString(n);
}

QString shape(const StageShape& s)
{
    return QString::fromUtf8("%1 × %2 × %3").arg(s.c).arg(s.h).arg(s.w);
}

// Two decimals for small ratios (4.00x, 3.48x), whole numbers once they are large.
QString ratio(double r)
{
    if (r >= 100)
        return QLocale(QLocale::English).toString(r, 'f', 0);
    return QString::number(r, 'f', r < 10 ? 2 : 1);
}

} // namespace

// Two bars, dense-layer weights before and after pooling, on one linear scale.
class DenseBars : public QWidget {
public:
    explicit DenseBars(QWidget* parent) : QWidget(parent)
    {
        setMinimumHeight(fontMetrics().height() * 3);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    void setValues(long long before, long long after)
    {
        before_ = before;
        after_ = after;
        update();
    }
    QSize sizeHint() const override { return {200, fontMetrics().height() * 3}; }

protected:
    void paintEvent(QPaintEvent*) override
    {
        if (before_ <= 0)
            return;
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const int rowH = height() / 2;
        const int labelW = fontMetrics().horizontalAdvance(tr("before")) + fontMetrics().averageCharWidth();
        const double full = std::max(1, width() - labelW);
        const QColor barColor = palette().color(QPalette::Highlight);
        const auto bar = [&](int row, const QString& label, long long v) {
            const QRectF r(labelW, row * rowH + rowH * 0.15, full * double(v) / double(before_), rowH * 0.7);
            p.setPen(palette().color(QPalette::WindowText));
            p.drawText(QRect(0, row * rowH, labelW, rowH), Qt::AlignVCenter | Qt::AlignLeft, label);
            p.setPen(Qt::NoPen);
            p.setBrush(barColor);
            p.drawRoundedRect(r.adjusted(0, 0, std::max(0.0, 2.0 - r.width()), 0), 3, 3);
        };
        bar(0, tr("before"), before_);
        bar(1, tr("after"), after_);
    }

private:
    long long before_ = 0, after_ = 0;
};

ShapePanel::ShapePanel(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), inputShape_(new QLabel(this)), convShape_(new QLabel(this)),
      poolShape_(new QLabel(this)), params_(new QLabel(this)), compression_(new QLabel(this)),
      dense_(new QLabel(this)), bars_(new DenseBars(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* grid = new QGridLayout;
    const auto addStage = [&](int row, const QString& name, QLabel* value, const QString& tip) {
        auto* label = new QLabel(name, this);
        label->setToolTip(tip);
        value->setToolTip(tip);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        grid->addWidget(label, row, 0, Qt::AlignTop);
        grid->addWidget(new LabelHolder(value, LabelHolder::Selection::OnPress), row,
                        1); // new texts with every result
    };
    addStage(0, tr("Input"), inputShape_, tr("Channels x height x width of the image as loaded."));
    addStage(1, tr("Convolution"), convShape_, tr("Shape of the feature maps the convolution produces."));
    addStage(2, tr("Pooling"), poolShape_,
             tr("Shape of the pooled maps: the channels stay, the grid shrinks."));
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);

    coverage_ = new QLabel;
    coverage_->setObjectName("coverageHistogram");
    coverage_->hide(); // until the coverage view is shown
    coverage_->setToolTip(tr("How many input cells each number of windows reads (Lab > Coverage)."));
    for (QLabel* l : {params_, compression_, dense_, coverage_}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    inputShape_->setObjectName("inputShape");
    convShape_->setObjectName("convShape");
    poolShape_->setObjectName("poolShape");
    params_->setObjectName("parameterCount");
    compression_->setObjectName("compression");
    dense_->setObjectName("denseLayer");
    params_->setToolTip(
        tr("Learned numbers in each stage: the filters' weights and biases; pooling learns nothing."));
    compression_->setToolTip(tr("How many pool input cells become one output cell."));
    dense_->setToolTip(
        tr("Parameters a fully connected layer to 10 classes would need on the flattened maps."));
    bars_->setToolTip(dense_->toolTip());
    layout->addWidget(new LabelHolder(params_, LabelHolder::Selection::OnPress));
    layout->addWidget(new LabelHolder(compression_, LabelHolder::Selection::OnPress));
    layout->addWidget(new LabelHolder(dense_, LabelHolder::Selection::OnPress));
    layout->addWidget(bars_);
    layout->addWidget(new LabelHolder(coverage_, LabelHolder::Selection::OnPress));
    layout->addStretch(1);

    afterResult_ = new RefreshLater([this] { refresh(); }, this);
    connect(session_, &Session::resultChanged, afterResult_, &RefreshLater::request);
    connect(session_, &Session::focusedChannelChanged, afterResult_, &RefreshLater::request);
    connect(session_, &Session::labViewChanged, afterResult_, &RefreshLater::request);
    refresh();
}

void ShapePanel::refresh()
{
    auto r = session_->result();
    if (!r)
        return;
    const ShapeFacts f = shapeFacts(*r);
    setLabelText(inputShape_, shape(f.input));
    setLabelText(convShape_, f.convEnabled ? shape(f.conv) : tr("off"));
    setLabelText(poolShape_, shape(f.pool));

    if (f.convEnabled)
        setLabelText(params_, tr("Parameters: convolution %1 × %2 × %3 × %4 weights + %5 biases = %6; "
                                 "pooling has 0 parameters (only hyperparameters).")
                                  .arg(r->weights.out_channels)
                                  .arg(r->weights.in_channels)
                                  .arg(r->weights.kernel.h)
                                  .arg(r->weights.kernel.w)
                                  .arg(f.convBiases)
                                  .arg(count(f.convParameters())));
    else
        setLabelText(params_, tr("Parameters: pooling has 0 parameters (only hyperparameters)."));

    setLabelText(compression_, tr("Compression: %1 → %2 cells per channel, %3× fewer (%4 → %5 in all).")
                                   .arg(count((long long)f.conv.h * f.conv.w))
                                   .arg(count((long long)f.pool.h * f.pool.w))
                                   .arg(ratio(f.compression()))
                                   .arg(count(f.conv.cells()))
                                   .arg(count(f.pool.cells())));

    const long long before = ShapeFacts::denseParameters(f.conv.cells(), kDenseClasses);
    const long long after = ShapeFacts::denseParameters(f.pool.cells(), kDenseClasses);
    setLabelText(dense_, tr("A dense layer to %1 classes needs %2 × %1 + %1 = %3 parameters before pooling, "
                            "%4 × %1 + %1 = %5 after: %6× fewer.")
                             .arg(kDenseClasses)
                             .arg(count(f.conv.cells()))
                             .arg(count(before))
                             .arg(count(f.pool.cells()))
                             .arg(count(after))
                             .arg(ratio(after ? double(before) / double(after) : 0.0)));
    bars_->setValues(before, after);

    const auto coverage = session_->labView() == LabView::Coverage ? session_->coverage() : nullptr;
    coverage_->setVisible(coverage != nullptr);
    if (coverage) {
        QStringList parts;
        for (std::size_t k = 0; k < coverage->histogram.size(); ++k)
            if (coverage->histogram[k] > 0)
                parts << (k == 0
                              ? tr("by 0 windows: %1 cells (never read)").arg(count(coverage->histogram[k]))
                              : tr("by %1: %2").arg(k).arg(count(coverage->histogram[k])));
        setLabelText(coverage_, tr("Coverage, cells read %1.").arg(parts.join(QStringLiteral("; "))));
    }
}

QString ShapePanel::summaryText()
{
    afterResult_->flush();
    return QStringList{tr("Input") + " " + inputShape_->text(),
                       tr("Convolution") + " " + convShape_->text(),
                       tr("Pooling") + " " + poolShape_->text(),
                       params_->text(),
                       compression_->text(),
                       dense_->text()}
               .join('\n') +
           (coverage_->isVisibleTo(this) ? QStringLiteral("\n") + coverage_->text() : QString());
}

} // namespace poolscope::ui
