#pragma once
// What the application remembers between runs, over a QSettings store: window
// layout, the last parameters, theme, display options and recent files. Values
// that cannot be read back (edited by hand, other versions) are ignored field by
// field and named, never fatal.
#include <optional>

#include <QByteArray>
#include <QStringList>

#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"
#include "ui/shell/theme.h"

class QSettings;

namespace poolscope::ui {

class AppSettings {
public:
    // The store is not owned and must outlive this object.
    explicit AppSettings(QSettings* store);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& g);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& s);

    ThemeKind theme() const;
    void setTheme(ThemeKind t);
    bool showValues() const;
    void setShowValues(bool on);
    // The text size, as a factor of the classroom size; nothing when not saved or
    // out of range (a line in *problems).
    static constexpr double kMinTextScale = 0.7, kMaxTextScale = 2.5;
    std::optional<double> textScale(QStringList* problems = nullptr) const;
    void setTextScale(double scale);
    // The window was in presentation mode when it closed.
    bool presentation() const;
    void setPresentation(bool on);
    bool revealAsItGoes() const; // output cells fill in as the window passes
    void setRevealAsItGoes(bool on);
    bool burnArithmetic() const; // exports carry the window's arithmetic
    void setBurnArithmetic(bool on);
    // Nothing when not saved; out of range: nothing, and a line in *problems.
    std::optional<double> speed(QStringList* problems = nullptr) const;
    void setSpeed(double stepsPerSecond);

    // The saved parameters read over `defaults` field by field (core/spec_json.h):
    // each field that cannot be used keeps its default and adds a line to *problems.
    // Nothing when none were saved.
    std::optional<PoolSpec> pool(const PoolSpec& defaults, QStringList* problems = nullptr) const;
    void setPool(const PoolSpec& p);
    std::optional<ConvSpec> conv(const ConvSpec& defaults, QStringList* problems = nullptr) const;
    void setConv(const ConvSpec& c);
    std::optional<bool> convEnabled() const;
    void setConvEnabled(bool on);

    // Resource limits: images over maxPixels are refused before decoding, parameters
    // needing more than maxMemoryMiB are refused before allocating. Nothing when not
    // saved; out of range: nothing, and a line in *problems.
    static constexpr long long kMinPixels = 1'000'000, kMaxPixels = 10'000'000'000;
    static constexpr double kMinMemoryMiB = 64, kMaxMemoryMiB = 1 << 20;
    std::optional<long long> maxPixels(QStringList* problems = nullptr) const;
    std::optional<double> maxMemoryMiB(QStringList* problems = nullptr) const;
    void setResourceLimits(long long maxPixels, double maxMemoryMiB);

    static constexpr int kMaxRecentFiles = 8;
    QStringList recentFiles() const;
    // Moves `path` to the front, dropping duplicates and the oldest beyond the limit.
    void addRecentFile(const QString& path);
    void removeRecentFile(const QString& path);

    void sync();

private:
    QSettings* s_;
};

} // namespace poolscope::ui
