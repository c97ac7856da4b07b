#pragma once
// What the application remembers between runs, over a QSettings store: window
// layout, the last parameters, theme, display options and recent files. Values
// that cannot be read back (edited by hand, older versions) are ignored, never fatal.
#include <optional>

#include <QByteArray>
#include <QStringList>

#include "core/conv_spec.h"
#include "core/pool_spec.h"
#include "ui/theme.h"

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
    std::optional<double> speed() const;
    void setSpeed(double stepsPerSecond);

    std::optional<PoolSpec> pool() const;
    void setPool(const PoolSpec& p);
    std::optional<ConvSpec> conv() const;
    void setConv(const ConvSpec& c);
    std::optional<bool> convEnabled() const;
    void setConvEnabled(bool on);

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
