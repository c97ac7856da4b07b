#include "ui/app_settings.h"

#include <QSettings>

#include "ui/display_names.h"

namespace poolscope::ui {

namespace {

QString pairText(Size2 v)
{
    return QString("%1,%2").arg(v.h).arg(v.w);
}

std::optional<Size2> parsePair(const QVariant& v)
{
    const QStringList parts = v.toString().split(',');
    if (parts.size() != 2)
        return std::nullopt;
    bool okH = false, okW = false;
    const int h = parts[0].toInt(&okH), w = parts[1].toInt(&okW);
    if (!okH || !okW)
        return std::nullopt;
    return Size2{h, w};
}

// Reads key as T into *out when present and valid; false when it is not.
template <class T> bool read(const QSettings& s, const QString& key, T* out)
{
    const QVariant v = s.value(key);
    if (!v.isValid() || !v.canConvert<T>())
        return false;
    *out = v.value<T>();
    return true;
}

} // namespace

AppSettings::AppSettings(QSettings* store) : s_(store)
{
}

QByteArray AppSettings::windowGeometry() const
{
    return s_->value("window/geometry").toByteArray();
}
void AppSettings::setWindowGeometry(const QByteArray& g)
{
    s_->setValue("window/geometry", g);
}
QByteArray AppSettings::windowState() const
{
    return s_->value("window/state").toByteArray();
}
void AppSettings::setWindowState(const QByteArray& st)
{
    s_->setValue("window/state", st);
}

ThemeKind AppSettings::theme() const
{
    return s_->value("view/theme").toString() == "dark" ? ThemeKind::Dark : ThemeKind::Light;
}
void AppSettings::setTheme(ThemeKind t)
{
    s_->setValue("view/theme", t == ThemeKind::Dark ? "dark" : "light");
}

bool AppSettings::showValues() const
{
    return s_->value("view/showValues", true).toBool();
}
void AppSettings::setShowValues(bool on)
{
    s_->setValue("view/showValues", on);
}

std::optional<double> AppSettings::speed() const
{
    bool ok = false;
    const double v = s_->value("animation/speed").toDouble(&ok);
    return ok && v > 0 ? std::optional<double>(v) : std::nullopt;
}
void AppSettings::setSpeed(double stepsPerSecond)
{
    s_->setValue("animation/speed", stepsPerSecond);
}

std::optional<PoolSpec> AppSettings::pool() const
{
    s_->beginGroup("pool");
    const auto op = parse_pool_op(s_->value("op").toString().toStdString());
    const auto kernel = parsePair(s_->value("kernel"));
    if (!op || !kernel) {
        s_->endGroup();
        return std::nullopt;
    }
    PoolSpec p;
    p.op = *op;
    p.kernel = *kernel;
    p.stride = parsePair(s_->value("stride")); // absent: stride=None
    p.padding = parsePair(s_->value("padding")).value_or(p.padding);
    p.dilation = parsePair(s_->value("dilation")).value_or(p.dilation);
    read(*s_, "ceilMode", &p.ceil_mode);
    read(*s_, "countIncludePad", &p.count_include_pad);
    int divisor = 0;
    if (read(*s_, "divisorOverride", &divisor))
        p.divisor_override = divisor;
    read(*s_, "normType", &p.norm_type);
    read(*s_, "alpha", &p.alpha);
    qulonglong seed = 0;
    if (read(*s_, "seed", &seed))
        p.seed = seed;
    read(*s_, "train", &p.train);
    p.output_size = parsePair(s_->value("outputSize"));
    double ratio = 0;
    if (read(*s_, "outputRatio", &ratio))
        p.output_ratio = std::array<double, 2>{ratio, ratio};
    read(*s_, "blurSize", &p.blur_size);
    s_->endGroup();
    return p;
}

void AppSettings::setPool(const PoolSpec& p)
{
    s_->remove("pool"); // optional fields must disappear when unset
    s_->beginGroup("pool");
    s_->setValue("op", toQString(pool_op_name(p.op)));
    s_->setValue("kernel", pairText(p.kernel));
    if (p.stride)
        s_->setValue("stride", pairText(*p.stride));
    s_->setValue("padding", pairText(p.padding));
    s_->setValue("dilation", pairText(p.dilation));
    s_->setValue("ceilMode", p.ceil_mode);
    s_->setValue("countIncludePad", p.count_include_pad);
    if (p.divisor_override)
        s_->setValue("divisorOverride", *p.divisor_override);
    s_->setValue("normType", p.norm_type);
    s_->setValue("alpha", p.alpha);
    s_->setValue("seed", qulonglong(p.seed));
    s_->setValue("train", p.train);
    if (p.output_size)
        s_->setValue("outputSize", pairText(*p.output_size));
    if (p.output_ratio)
        s_->setValue("outputRatio", (*p.output_ratio)[0]);
    s_->setValue("blurSize", p.blur_size);
    s_->endGroup();
}

std::optional<ConvSpec> AppSettings::conv() const
{
    s_->beginGroup("conv");
    ConvSpec c;
    const auto kernel = parsePair(s_->value("kernel"));
    const QStringList presetNames = s_->value("presets").toString().split(',', Qt::SkipEmptyParts);
    std::vector<KernelPreset> presets;
    for (const QString& name : presetNames)
        if (auto k = parse_kernel_preset(name.toStdString()))
            presets.push_back(*k);
    if (!kernel || presets.empty() || presets.size() != std::size_t(presetNames.size())) {
        s_->endGroup();
        return std::nullopt;
    }
    c.kernel = *kernel;
    c.presets = presets;
    read(*s_, "outChannels", &c.out_channels);
    c.stride = parsePair(s_->value("stride")).value_or(c.stride);
    c.padding = parsePair(s_->value("padding")).value_or(c.padding);
    read(*s_, "paddingSame", &c.padding_same);
    c.dilation = parsePair(s_->value("dilation")).value_or(c.dilation);
    if (auto m = parse_padding_mode(s_->value("paddingMode").toString().toStdString()))
        c.padding_mode = *m;
    if (auto a = parse_activation(s_->value("activation").toString().toStdString()))
        c.activation = *a;
    read(*s_, "negativeSlope", &c.negative_slope);
    read(*s_, "bias", &c.bias);
    qulonglong seed = 0;
    if (read(*s_, "seed", &seed))
        c.seed = seed;
    s_->endGroup();
    return c;
}

void AppSettings::setConv(const ConvSpec& c)
{
    QStringList presets;
    for (KernelPreset k : c.presets)
        presets << toQString(kernel_preset_name(k));
    s_->remove("conv");
    s_->beginGroup("conv");
    s_->setValue("outChannels", c.out_channels);
    s_->setValue("kernel", pairText(c.kernel));
    s_->setValue("stride", pairText(c.stride));
    s_->setValue("padding", pairText(c.padding));
    s_->setValue("paddingSame", c.padding_same);
    s_->setValue("dilation", pairText(c.dilation));
    s_->setValue("paddingMode", toQString(padding_mode_name(c.padding_mode)));
    s_->setValue("presets", presets.join(','));
    s_->setValue("activation", toQString(activation_name(c.activation)));
    s_->setValue("negativeSlope", c.negative_slope);
    s_->setValue("bias", c.bias);
    s_->setValue("seed", qulonglong(c.seed));
    s_->endGroup();
}

std::optional<bool> AppSettings::convEnabled() const
{
    bool on = true;
    return read(*s_, "convEnabled", &on) ? std::optional<bool>(on) : std::nullopt;
}
void AppSettings::setConvEnabled(bool on)
{
    s_->setValue("convEnabled", on);
}

QStringList AppSettings::recentFiles() const
{
    return s_->value("recentFiles").toStringList();
}

void AppSettings::addRecentFile(const QString& path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    s_->setValue("recentFiles", files);
}

void AppSettings::removeRecentFile(const QString& path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    s_->setValue("recentFiles", files);
}

void AppSettings::sync()
{
    s_->sync();
}

} // namespace poolscope::ui
