#include "ui/panels/conv_panel.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QStandardItemModel>
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

const std::vector<FilterBank>& filterBanks()
{
    using K = KernelPreset;
    static const std::vector<FilterBank> banks{
        {QObject::tr("Edges + blur"), {K::SobelX, K::SobelY, K::Laplacian, K::Gaussian}},
        {QObject::tr("Edges"), {K::SobelX, K::SobelY}},
        {QObject::tr("Identity"), {K::Identity}},
        {QObject::tr("Blur"), {K::Box, K::Gaussian}},
        {QObject::tr("Sharpen, emboss, outline"), {K::Sharpen, K::Emboss, K::Outline}},
        {QObject::tr("Every preset"),
         {K::Identity, K::Box, K::Gaussian, K::Sharpen, K::SobelX, K::SobelY, K::Laplacian, K::Emboss,
          K::Outline}},
        {QObject::tr("Random (untrained)"), {K::Random}},
    };
    return banks;
}

ConvPanel::ConvPanel(Session* session, QWidget* parent) : QWidget(parent), session_(session)
{
    build();
    loadFromSession();
    connect(session_, &Session::parametersChanged, this, &ConvPanel::loadFromSession);
    connect(session_, &Session::errorsChanged, this, [this] { error_->setMessage(session_->convError()); });
    connect(session_, &Session::inputChanged, this, &ConvPanel::updateCode);
}

void ConvPanel::build()
{
    form_ = new QFormLayout(this);
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    enabled_ = new QCheckBox(tr("Convolve before pooling"), this);
    enabled_->setObjectName("convEnabled");
    enabled_->setToolTip(
        tr("An nn.Conv2d (and activation) before the pool; when off, the input image itself is pooled."));
    form_->addRow(enabled_);

    // Lines kept for it, so the fields below never move when an error comes or goes.
    error_ = new ErrorLabel(this);
    error_->setObjectName("convError");
    form_->addRow(new ErrorArea(error_, 2, this));

    bank_ = new QComboBox(this);
    bank_->setObjectName("convBank");
    for (const FilterBank& b : filterBanks()) {
        QStringList names;
        for (KernelPreset k : b.presets)
            names << presetDisplayName(k);
        bank_->addItem(b.name);
        bank_->setItemData(bank_->count() - 1, names.join(", "), Qt::ToolTipRole);
    }
    bank_->addItem(tr("Custom"));
    bank_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    bank_->setMinimumContentsLength(12);
    bank_->setToolTip(
        tr("The filters of the output channels (PyTorch: the Conv2d weights). Channels past the bank get "
           "filters of their own: oriented edges, Gabor filters, ridges, a center-surround."));
    form_->addRow(tr("Filters"), bank_);

    outChannels_ = new QSpinBox(this);
    outChannels_->setObjectName("convOutChannels");
    outChannels_->setRange(limits::kConvOutChannels.lo, limits::kConvOutChannels.hi);
    outChannels_->setToolTip(tr("out_channels: how many feature maps the convolution produces."));
    form_->addRow(tr("Out channels"), outChannels_);

    kernel_ = new PairEditor("convKernel", limits::kConvKernel, this);
    kernel_->setToolTips(
        tr("kernel_size: the height and width of each filter (Sobel and Laplacian at 3, 5 or 7; "
           "sharpen, emboss and outline at 3 only)."));
    form_->addRow(tr("Kernel size"), kernel_);

    stride_ = new PairEditor("convStride", limits::kConvStride, this);
    stride_->setToolTips(tr("stride: how far the filter moves between two output cells."));
    form_->addRow(tr("Stride"), stride_);

    padding_ = new PairEditor("convPadding", limits::kConvPadding, this);
    padding_->setToolTips(tr("padding: cells added on every side before filtering."));
    same_ = new QCheckBox(tr("same (keep the size)"), this);
    same_->setObjectName("convPaddingSame");
    same_->setToolTip(tr("padding='same': pad so the output keeps the input size; PyTorch allows it at "
                         "stride 1 only, so the stride is then not used."));
    paddingRow_ = new QWidget(this);
    auto* pr = new QVBoxLayout(paddingRow_);
    pr->setContentsMargins(0, 0, 0, 0);
    pr->addWidget(padding_);
    pr->addWidget(same_);
    form_->addRow(tr("Padding"), paddingRow_);

    paddingMode_ = new QComboBox(this);
    paddingMode_->setObjectName("convPaddingMode");
    for (PaddingMode m :
         {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate, PaddingMode::Circular})
        paddingMode_->addItem(paddingModeDisplayName(m), int(m));
    paddingMode_->setToolTip(
        tr("padding_mode: what the added cells contain (zeros, mirrored, repeated or wrapped)."));
    form_->addRow(tr("Padding mode"), paddingMode_);

    dilation_ = new PairEditor("convDilation", limits::kConvDilation, this);
    dilation_->setToolTips(tr("dilation: the spacing between the cells a filter reads."));
    form_->addRow(tr("Dilation"), dilation_);

    activation_ = new QComboBox(this);
    activation_->setObjectName("convActivation");
    for (Activation a : {Activation::None, Activation::ReLU, Activation::LeakyReLU, Activation::Sigmoid,
                         Activation::Tanh, Activation::Abs})
        activation_->addItem(activationDisplayName(a), int(a));
    activation_->setToolTip(
        tr("The non-linearity applied to the convolution output before pooling (nn.ReLU, nn.LeakyReLU, "
           "nn.Sigmoid, nn.Tanh, torch.abs)."));
    form_->addRow(tr("Activation"), activation_);

    slope_ = new DecimalSpinBox(this);
    slope_->setObjectName("convNegativeSlope");
    slope_->setRange(limits::kNegativeSlope.lo, limits::kNegativeSlope.hi);
    slope_->setDecimals(3);
    slope_->setSingleStep(0.01);
    slope_->setToolTip(tr("negative_slope of Leaky ReLU: how much of a negative value is kept."));
    form_->addRow(tr("Negative slope"), slope_);

    bias_ = new DecimalSpinBox(this);
    bias_->setObjectName("convBias");
    bias_->setRange(limits::kConvBias.lo, limits::kConvBias.hi);
    bias_->setDecimals(2);
    bias_->setSingleStep(0.1);
    bias_->setToolTip(tr("bias of nn.Conv2d: a number added to every output channel before the activation."));
    form_->addRow(tr("Bias"), bias_);

    seed_ = new QSpinBox(this);
    seed_->setObjectName("convSeed");
    seed_->setRange(0, int(limits::kMaxSeed));
    seed_->setToolTip(
        tr("Seed of the random filters (as torch.manual_seed), so the same seed gives the same filters."));
    form_->addRow(tr("Seed"), seed_);

    // The whole width of the form, wrapped between arguments: a long line never widens it.
    code_ = new CodeLabel(this);
    code_->setObjectName("convCode");
    code_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    code_->setFont(codeFont(font()));
    code_->setToolTip(tr("The PyTorch code that computes the same feature maps."));
    code_->setWhatsThis(tr("The equivalent nn.Conv2d layer and activation, with every argument that differs "
                           "from PyTorch's default. Select it to copy it."));
    auto* codeCaption = new QLabel(tr("PyTorch"), this);
    codeCaption->setBuddy(code_);
    auto* codeRow = new QWidget(this);
    auto* cl = new QVBoxLayout(codeRow);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->addWidget(codeCaption);
    cl->addWidget(code_);
    form_->addRow(codeRow);

    fillWhatsThis(this);

    connect(enabled_, &QCheckBox::toggled, this, [this](bool on) {
        if (loading_)
            return;
        updateEnabled();
        session_->setConvEnabled(on);
    });
    connect(bank_, &QComboBox::activated, this, &ConvPanel::applyBank);
    connect(outChannels_, &QSpinBox::valueChanged, this, &ConvPanel::apply);
    for (PairEditor* e : {kernel_, stride_, padding_, dilation_})
        connect(e, &PairEditor::changed, this, &ConvPanel::apply);
    connect(same_, &QCheckBox::toggled, this, &ConvPanel::apply);
    for (QComboBox* c : {paddingMode_, activation_})
        connect(c, &QComboBox::currentIndexChanged, this, &ConvPanel::apply);
    for (QDoubleSpinBox* s : {slope_, bias_})
        connect(s, &QDoubleSpinBox::valueChanged, this, &ConvPanel::apply);
    connect(seed_, &QSpinBox::valueChanged, this, &ConvPanel::apply);
}

ConvSpec ConvPanel::specFromControls() const
{
    ConvSpec c = session_->conv(); // keeps the presets and custom weights
    const int bank = bank_->currentIndex();
    if (bank >= 0 && bank < int(filterBanks().size()))
        c.presets = filterBanks()[std::size_t(bank)].presets;
    c.out_channels = outChannels_->value();
    c.kernel = kernel_->value();
    c.stride = stride_->value();
    c.padding = padding_->value();
    c.padding_same = same_->isChecked();
    c.padding_mode = PaddingMode(paddingMode_->currentData().toInt());
    c.dilation = dilation_->value();
    c.activation = Activation(activation_->currentData().toInt());
    c.negative_slope = float(slope_->value());
    c.bias = float(bias_->value());
    c.seed = std::uint64_t(seed_->value());
    return c;
}

void ConvPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // The code's face is set, so it follows the text size (Ctrl+=, Ctrl+-) from here.
    if (event->type() == QEvent::FontChange && code_)
        code_->setFont(codeFont(font()));
}

QString ConvPanel::pytorchCode() const
{
    return code_->code();
}

void ConvPanel::apply()
{
    if (loading_)
        return;
    updateEnabled();
    session_->setConv(specFromControls());
}

void ConvPanel::applyBank(int index)
{
    if (index < 0 || index >= int(filterBanks().size()))
        return;
    loading_ = true;
    // One channel per filter of the bank: every filter shows up once.
    outChannels_->setValue(int(filterBanks()[std::size_t(index)].presets.size()));
    loading_ = false;
    apply();
}

void ConvPanel::loadFromSession()
{
    loading_ = true;
    const ConvSpec& c = session_->conv();
    enabled_->setChecked(session_->convEnabled());
    const auto& banks = filterBanks();
    auto it =
        std::find_if(banks.begin(), banks.end(), [&](const FilterBank& b) { return b.presets == c.presets; });
    bank_->setCurrentIndex(it == banks.end() || c.custom ? int(banks.size()) : int(it - banks.begin()));
    outChannels_->setValue(c.out_channels);
    kernel_->setValue(c.kernel);
    stride_->setValue(c.stride);
    padding_->setValue(c.padding);
    same_->setChecked(c.padding_same);
    paddingMode_->setCurrentIndex(std::max(0, paddingMode_->findData(int(c.padding_mode))));
    dilation_->setValue(c.dilation);
    activation_->setCurrentIndex(std::max(0, activation_->findData(int(c.activation))));
    slope_->setValue(c.negative_slope);
    bias_->setValue(c.bias);
    seed_->setValue(int(std::min(c.seed, limits::kMaxSeed)));
    loading_ = false;
    updateEnabled();
    updateCode();
    error_->setMessage(session_->convError());
}

void ConvPanel::setRowEnabled(QWidget* field, bool on)
{
    field->setEnabled(on);
    if (QWidget* label = form_->labelForField(field))
        label->setEnabled(on);
}

void ConvPanel::updateEnabled()
{
    const bool on = enabled_->isChecked();
    for (QWidget* w : std::initializer_list<QWidget*>{bank_, outChannels_, kernel_, stride_, paddingRow_,
                                                      paddingMode_, dilation_, activation_, bias_, code_})
        setRowEnabled(w, on);
    // 'same' pads from the kernel at stride 1: the stride and padding typed are kept but not read.
    padding_->setEnabled(on && !same_->isChecked());
    setRowEnabled(stride_, on && !same_->isChecked());
    setRowEnabled(slope_, on && Activation(activation_->currentData().toInt()) == Activation::LeakyReLU);
    const ConvSpec c = specFromControls();
    const bool random =
        std::find(c.presets.begin(), c.presets.end(), KernelPreset::Random) != c.presets.end();
    setRowEnabled(seed_, on && random && !c.custom);
    // The "Custom" entry only describes a spec that came from elsewhere.
    if (auto* model = qobject_cast<QStandardItemModel*>(bank_->model()))
        if (QStandardItem* item = model->item(bank_->count() - 1))
            item->setEnabled(false);
}

void ConvPanel::updateCode()
{
    const QString code =
        pytorchConvCode(effective_spec(session_->conv()), std::max(1, session_->input().channels()));
    code_->setCode(session_->convEnabled() ? code : tr("# no convolution: the input is pooled"));
}

} // namespace poolscope::ui
