#include "ui/shell/app_settings.h"

#include <QObject>
#include <QSettings>

#include "core/document/spec_json.h"
#include "core/spec/spec_limits.h"

namespace poolscope::ui {

namespace {

// Parameters are stored as one JSON text each, the format of saved sessions, so
// both are read by the same field-by-field checks.
template <class Spec, class Read>
std::optional<Spec> readSpec(const QSettings& s, const QString& key, const Spec& defaults,
                             QStringList* problems, Read read)
{
    const QVariant v = s.value(key);
    if (!v.isValid())
        return std::nullopt;
    Spec spec = defaults;
    Problems found;
    try {
        read(nlohmann::json::parse(v.toString().toStdString()), spec, found, key.toStdString());
    } catch (const nlohmann::json::exception&) {
        found.push_back(key.toStdString() + ": the saved value is not JSON; defaults used");
    }
    if (problems)
        for (const std::string& p : found)
            problems->append(QString::fromStdString(p));
    return spec;
}

// A number in [lo, hi] under key, or nothing (and a problem when present but unusable).
std::optional<double> readNumber(const QSettings& s, const QString& key, double lo, double hi,
                                 QStringList* problems)
{
    const QVariant v = s.value(key);
    if (!v.isValid())
        return std::nullopt;
    bool ok = false;
    const double d = v.toDouble(&ok);
    if (ok && d >= lo && d <= hi)
        return d;
    if (problems)
        problems->append(QString("%1: \"%2\" is not a number in %3..%4; ignored")
                             .arg(key, v.toString().left(40))
                             .arg(lo, 0, 'g', 12)
                             .arg(hi, 0, 'g', 12));
    return std::nullopt;
}

QString jsonText(const nlohmann::ordered_json& j)
{
    return QString::fromStdString(j.dump());
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
std::optional<double> AppSettings::textScale(QStringList* problems) const
{
    if (!s_->contains("view/textScale"))
        return std::nullopt;
    bool ok = false;
    const double v = s_->value("view/textScale").toDouble(&ok);
    if (!ok || !(v >= kMinTextScale && v <= kMaxTextScale)) {
        if (problems)
            *problems << QObject::tr("text size %1 (from %2 to %3)")
                             .arg(s_->value("view/textScale").toString())
                             .arg(kMinTextScale)
                             .arg(kMaxTextScale);
        return std::nullopt;
    }
    return v;
}

void AppSettings::setTextScale(double scale)
{
    s_->setValue("view/textScale", scale);
}

bool AppSettings::presentation() const
{
    return s_->value("view/presentation", false).toBool();
}

void AppSettings::setPresentation(bool on)
{
    s_->setValue("view/presentation", on);
}

bool AppSettings::revealAsItGoes() const
{
    return s_->value("view/revealAsItGoes", false).toBool();
}

void AppSettings::setRevealAsItGoes(bool on)
{
    s_->setValue("view/revealAsItGoes", on);
}

bool AppSettings::burnArithmetic() const
{
    return s_->value("export/arithmetic", false).toBool();
}

void AppSettings::setBurnArithmetic(bool on)
{
    s_->setValue("export/arithmetic", on);
}

void AppSettings::setShowValues(bool on)
{
    s_->setValue("view/showValues", on);
}

std::optional<double> AppSettings::speed(QStringList* problems) const
{
    return readNumber(*s_, "animation/speed", limits::kAnimationSpeed.lo, limits::kAnimationSpeed.hi,
                      problems);
}
void AppSettings::setSpeed(double stepsPerSecond)
{
    s_->setValue("animation/speed", stepsPerSecond);
}

std::optional<PoolSpec> AppSettings::pool(const PoolSpec& defaults, QStringList* problems) const
{
    return readSpec(*s_, "pool", defaults, problems, read_pool_spec);
}

void AppSettings::setPool(const PoolSpec& p)
{
    s_->setValue("pool", jsonText(pool_spec_json(p)));
}

std::optional<ConvSpec> AppSettings::conv(const ConvSpec& defaults, QStringList* problems) const
{
    return readSpec(*s_, "conv", defaults, problems, read_conv_spec);
}

void AppSettings::setConv(const ConvSpec& c)
{
    s_->setValue("conv", jsonText(conv_spec_json(c)));
}

std::optional<bool> AppSettings::convEnabled() const
{
    const QVariant v = s_->value("convEnabled");
    if (v.typeId() == QMetaType::Bool)
        return v.toBool();
    // An INI file gives text back; anything but the two words is not a choice.
    if (v.toString() == "true" || v.toString() == "false")
        return v.toString() == "true";
    return std::nullopt;
}
void AppSettings::setConvEnabled(bool on)
{
    s_->setValue("convEnabled", on);
}

std::optional<long long> AppSettings::maxPixels(QStringList* problems) const
{
    const auto v = readNumber(*s_, "limits/maxPixels", double(kMinPixels), double(kMaxPixels), problems);
    return v ? std::optional<long long>((long long)*v) : std::nullopt;
}

std::optional<double> AppSettings::maxMemoryMiB(QStringList* problems) const
{
    return readNumber(*s_, "limits/maxMemoryMiB", kMinMemoryMiB, kMaxMemoryMiB, problems);
}

void AppSettings::setResourceLimits(long long maxPixels, double maxMemoryMiB)
{
    s_->setValue("limits/maxPixels", maxPixels);
    s_->setValue("limits/maxMemoryMiB", maxMemoryMiB);
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
