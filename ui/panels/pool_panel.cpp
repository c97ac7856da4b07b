#include "ui/panels/pool_panel.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/spec/spec_limits.h"
#include "ui/model/session.h"
#include "ui/text/display_names.h"
#include "ui/text/pytorch_code.h"
#include "ui/widgets/code_label.h"
#include "ui/widgets/decimal_spin_box.h"
#include "ui/widgets/error_area.h"
#include "ui/widgets/error_label.h"
#include "ui/widgets/pair_editor.h"
#include "ui/widgets/whats_this.h"

namespace poolscope::ui {

namespace {

// A field and its checkbox on one form row.
QWidget* row(QWidget* parent, QWidget* a, QWidget* b)
{
    auto* w = new QWidget(parent);
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(a);
    l->addWidget(b, 1);
    return w;
}

// A pair and the check box that overrides it, one above the other so the pair keeps its width.
QWidget* stacked(QWidget* parent, QWidget* top, QWidget* bottom)
{
    auto* w = new QWidget(parent);
    auto* l = new QVBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(top);
    l->addWidget(bottom);
    return w;
}

constexpr int kReservedErrorLines = 2;

} // namespace

PoolPanel::PoolPanel(Session* session, QWidget* parent) : QWidget(parent), session_(session)
{
    build();
    loadFromSession();
    connect(session_, &Session::parametersChanged, this, &PoolPanel::loadFromSession);
    connect(session_, &Session::errorsChanged, this, [this] { error_->setMessage(session_->poolError()); });
    connect(session_, &Session::resultChanged, this, &PoolPanel::updateCode);
}

void PoolPanel::build()
{
    form_ = new QFormLayout(this);
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    op_ = new QComboBox(this);
    op_->setObjectName("poolOp");
    for (PoolOp op : kAllPoolOps) {
        op_->addItem(poolOpDisplayName(op), int(op));
        op_->setItemData(op_->count() - 1, poolOpDescription(op), Qt::ToolTipRole);
    }
    op_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    op_->setMinimumContentsLength(12);
    op_->setToolTip(tr("The pooling operation that turns each window into one output value (nn.MaxPool2d, "
                       "nn.AvgPool2d, nn.LPPool2d, ...: the PyTorch line below names it)."));
    form_->addRow(tr("Operation"), op_);

    // Right under the op, so it stays in view while the parameters change; the whole
    // width of the form, wrapped between arguments, and lines kept so a longer code
    // does not move the fields either.
    code_ = new CodeLabel(this);
    code_->setObjectName("poolCode");
    code_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    code_->setFont(codeFont(font()));
    code_->setToolTip(tr("The PyTorch code that computes the same output."));
    code_->setWhatsThis(tr("The equivalent PyTorch layer or expression, with every argument that differs "
                           "from PyTorch's default. Select it to copy it."));
    auto* codeCaption = new QLabel(tr("PyTorch"), this);
    codeCaption->setBuddy(code_);
    form_->addRow(stacked(this, codeCaption, code_));

    // Lines kept for it, so the fields below never move when an error comes or goes.
    error_ = new ErrorLabel(this);
    error_->setObjectName("poolError");
    form_->addRow(new ErrorArea(error_, kReservedErrorLines, this));

    kernel_ = new PairEditor("kernel", limits::kPoolKernel, this);
    kernel_->setToolTips(tr("kernel_size: the height and width of the pooling window."));
    form_->addRow(tr("Kernel size"), kernel_);

    stride_ = new PairEditor("stride", limits::kPoolStride, this);
    stride_->setToolTips(tr("stride: how far the window moves between two output cells."));
    strideIsKernel_ = new QCheckBox(tr("same as kernel (stride=None)"), this);
    strideIsKernel_->setObjectName("strideIsKernel");
    strideIsKernel_->setToolTip(tr("stride=None: PyTorch then uses the kernel size as the stride."));
    strideRow_ = stacked(this, stride_, strideIsKernel_);
    form_->addRow(tr("Stride"), strideRow_);

    padding_ = new PairEditor("padding", limits::kPoolPadding, this);
    padding_->setToolTips(tr("padding: implicit cells added on every side (at most half the window)."));
    form_->addRow(tr("Padding"), padding_);

    dilation_ = new PairEditor("dilation", limits::kPoolDilation, this);
    dilation_->setToolTips(tr("dilation: the spacing between the cells a window reads."));
    form_->addRow(tr("Dilation"), dilation_);

    ceil_ = new QCheckBox(tr("ceil_mode"), this);
    ceil_->setObjectName("ceilMode");
    ceil_->setToolTip(tr("Round the output size up, so a last partial window is kept."));
    form_->addRow(QString(), ceil_);

    countIncludePad_ = new QCheckBox(tr("count_include_pad"), this);
    countIncludePad_->setObjectName("countIncludePad");
    countIncludePad_->setToolTip(tr("Count the padding zeros in the divisor of an average."));
    form_->addRow(QString(), countIncludePad_);

    divisorOn_ = new QCheckBox(tr("divisor_override"), this);
    divisorOn_->setObjectName("divisorOverrideOn");
    divisorOn_->setToolTip(tr("Divide every window's sum by a fixed number instead of its cell count."));
    divisor_ = new QSpinBox(this);
    divisor_->setObjectName("divisorOverride");
    divisor_->setRange(limits::kDivisorOverride.lo, limits::kDivisorOverride.hi);
    divisor_->setValue(1);
    divisor_->setToolTip(tr("The fixed divisor used for every window's sum."));
    divisorRow_ = row(this, divisorOn_, divisor_);
    form_->addRow(QString(), divisorRow_);

    p_ = new DecimalSpinBox(this);
    p_->setObjectName("normType");
    p_->setRange(limits::kNormType.lo, limits::kNormType.hi);
    p_->setDecimals(2);
    p_->setSingleStep(0.5);
    p_->setToolTip(tr("norm_type p of LP pooling: 1 is a sum, large p approaches max."));
    form_->addRow(tr("p (norm_type)"), p_);

    alpha_ = new DecimalSpinBox(this);
    alpha_->setObjectName("alpha");
    alpha_->setRange(limits::kAlpha.lo, limits::kAlpha.hi);
    alpha_->setDecimals(2);
    alpha_->setSingleStep(0.05);
    alpha_->setToolTip(tr("Weight of max in mixed pooling: alpha * max + (1 - alpha) * average."));
    form_->addRow(tr("alpha"), alpha_);

    train_ = new QCheckBox(tr("training mode (sample)"), this);
    train_->setObjectName("train");
    train_->setToolTip(
        tr("module.train() or .eval(): in training one value is drawn at random; in evaluation the "
           "expectation is used."));
    form_->addRow(QString(), train_);

    seed_ = new QSpinBox(this);
    seed_->setObjectName("seed");
    seed_->setRange(0, int(limits::kMaxSeed));
    seed_->setToolTip(
        tr("Seed of the random draws (as torch.manual_seed), so the same seed always gives the same "
           "picture."));
    form_->addRow(tr("Seed"), seed_);

    outputSize_ = new PairEditor("outputSize", limits::kPoolOutputSize, this);
    outputSize_->setValue({7, 7});
    outputSize_->setToolTips(tr("output_size: the height and width the output must have."));
    form_->addRow(tr("Output size"), outputSize_);

    ratioOn_ = new QCheckBox(tr("output_ratio"), this);
    ratioOn_->setObjectName("outputRatioOn");
    ratioOn_->setToolTip(tr("Give the output size as a fraction of the input instead."));
    ratio_ = new DecimalSpinBox(this);
    ratio_->setObjectName("outputRatio");
    ratio_->setRange(limits::kOutputRatio.lo, limits::kOutputRatio.hi);
    ratio_->setDecimals(2);
    ratio_->setSingleStep(0.05);
    ratio_->setValue(0.5);
    ratio_->setToolTip(tr("Output size = floor(input size * ratio), with the ratio in (0, 1)."));
    ratioRow_ = row(this, ratioOn_, ratio_);
    form_->addRow(QString(), ratioRow_);

    blur_ = new QSpinBox(this);
    blur_->setObjectName("blurSize");
    blur_->setRange(limits::kBlurSize.lo, limits::kBlurSize.hi);
    blur_->setToolTip(
        tr("filt_size of BlurPool's binomial filter: 2 is [1 1], 3 is [1 2 1], 5 is [1 4 6 4 1]."));
    form_->addRow(tr("Blur size"), blur_);

    fillWhatsThis(this);

    connect(op_, &QComboBox::currentIndexChanged, this, &PoolPanel::apply);
    for (PairEditor* e : {kernel_, stride_, padding_, dilation_, outputSize_})
        connect(e, &PairEditor::changed, this, &PoolPanel::apply);
    for (QCheckBox* c : {strideIsKernel_, ceil_, countIncludePad_, divisorOn_, train_, ratioOn_})
        connect(c, &QCheckBox::toggled, this, &PoolPanel::apply);
    for (QSpinBox* s : {divisor_, seed_, blur_})
        connect(s, &QSpinBox::valueChanged, this, &PoolPanel::apply);
    for (QDoubleSpinBox* s : {p_, alpha_, ratio_})
        connect(s, &QDoubleSpinBox::valueChanged, this, &PoolPanel::apply);
}

PoolSpec PoolPanel::specFromControls() const
{
    PoolSpec s = session_->pool(); // keeps fields without a control (fractional samples)
    s.op = PoolOp(op_->currentData().toInt());
    const PoolOpTraits t = pool_op_traits(s.op);
    s.kernel = kernel_->value();
    s.stride = strideIsKernel_->isChecked() ? std::nullopt : std::optional<Size2>(stride_->value());
    s.padding = padding_->value();
    s.dilation = dilation_->value();
    s.ceil_mode = ceil_->isChecked();
    s.count_include_pad = countIncludePad_->isChecked();
    s.divisor_override = divisorOn_->isChecked() ? std::optional<int>(divisor_->value()) : std::nullopt;
    s.norm_type = p_->value();
    s.alpha = alpha_->value();
    s.train = train_->isChecked();
    s.seed = std::uint64_t(seed_->value());
    s.blur_size = blur_->value();
    const bool ratio = t.output_ratio && ratioOn_->isChecked();
    s.output_size = t.output_size && !ratio ? std::optional<Size2>(outputSize_->value()) : std::nullopt;
    s.output_ratio =
        ratio ? std::optional<std::array<double, 2>>({ratio_->value(), ratio_->value()}) : std::nullopt;
    return s;
}

void PoolPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // The code's face is set, so it follows the text size (Ctrl+=, Ctrl+-) from here.
    if (event->type() == QEvent::FontChange && code_)
        code_->setFont(codeFont(font()));
}

QString PoolPanel::pytorchCode() const
{
    return code_->code();
}

void PoolPanel::apply()
{
    if (loading_)
        return;
    if (strideIsKernel_->isChecked())
        stride_->setValue(kernel_->value()); // show what stride=None means
    updateEnabled();
    session_->setPool(specFromControls());
}

void PoolPanel::loadFromSession()
{
    loading_ = true;
    const PoolSpec& s = session_->pool();
    op_->setCurrentIndex(std::max(0, op_->findData(int(s.op))));
    kernel_->setValue(s.kernel);
    strideIsKernel_->setChecked(!s.stride.has_value());
    stride_->setValue(s.effective_stride());
    padding_->setValue(s.padding);
    dilation_->setValue(s.dilation);
    ceil_->setChecked(s.ceil_mode);
    countIncludePad_->setChecked(s.count_include_pad);
    divisorOn_->setChecked(s.divisor_override.has_value());
    if (s.divisor_override)
        divisor_->setValue(*s.divisor_override);
    p_->setValue(s.norm_type);
    alpha_->setValue(s.alpha);
    train_->setChecked(s.train);
    seed_->setValue(int(std::min(s.seed, limits::kMaxSeed)));
    if (s.output_size)
        outputSize_->setValue(*s.output_size);
    ratioOn_->setChecked(s.output_ratio.has_value());
    if (s.output_ratio)
        ratio_->setValue((*s.output_ratio)[0]);
    blur_->setValue(s.blur_size);
    loading_ = false;
    updateEnabled();
    updateCode();
    error_->setMessage(session_->poolError());
}

void PoolPanel::setRowEnabled(QWidget* field, bool on)
{
    field->setEnabled(on);
    if (QWidget* label = form_->labelForField(field))
        label->setEnabled(on);
}

void PoolPanel::updateEnabled()
{
    const PoolOpTraits t = pool_op_traits(PoolOp(op_->currentData().toInt()));
    setRowEnabled(kernel_, t.kernel);
    setRowEnabled(strideRow_, t.sliding);
    stride_->setEnabled(t.sliding && !strideIsKernel_->isChecked());
    setRowEnabled(padding_, t.padding);
    setRowEnabled(dilation_, t.dilation);
    setRowEnabled(ceil_, t.ceil_mode);
    setRowEnabled(countIncludePad_, t.avg_divisor);
    setRowEnabled(divisorRow_, t.avg_divisor);
    divisor_->setEnabled(t.avg_divisor && divisorOn_->isChecked());
    setRowEnabled(p_, t.norm_type);
    setRowEnabled(alpha_, t.alpha);
    setRowEnabled(train_, t.train);
    const bool train = t.train && train_->isChecked();
    // Stochastic reads the seed only when it samples.
    setRowEnabled(seed_, t.seed && (!t.train || train));
    const bool ratio = t.output_ratio && ratioOn_->isChecked();
    setRowEnabled(outputSize_, t.output_size && !ratio);
    setRowEnabled(ratioRow_, t.output_ratio);
    ratio_->setEnabled(ratio);
    setRowEnabled(blur_, t.blur_size);
}

void PoolPanel::updateCode()
{
    auto r = session_->result();
    const int channels = r ? r->channels() : session_->input().channels();
    code_->setCode(pytorchPoolCode(effective_spec(session_->pool()), channels));
    // The height of the longest op's code, so choosing another op moves no field.
    QStringList all;
    for (PoolOp op : kAllPoolOps) {
        PoolSpec s = session_->pool();
        s.op = op;
        all << pytorchPoolCode(effective_spec(s), channels);
    }
    code_->setReservedCodes(all);
}

} // namespace poolscope::ui
