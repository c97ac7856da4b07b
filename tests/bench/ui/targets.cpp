#include "targets.h"

namespace poolscope::bench {

namespace {

constexpr double kChangeP95Ms = 16, kMinFps = 59.5, kMaxDroppedPct = 1, kLaunchMs = 1000, kRssMiB = 400;

} // namespace

QJsonArray checkTargets(const QJsonObject& report, QStringList* lines)
{
    QJsonArray out;
    const auto add = [&](const QString& goal, double value, double limit, bool atMost) {
        const bool met = atMost ? value <= limit : value >= limit;
        out.append(QJsonObject{{"goal", goal}, {"value", value}, {"limit", limit}, {"met", met}});
        *lines << QStringLiteral("%1: %2 (%3 %4) %5")
                      .arg(goal)
                      .arg(value, 0, 'f', 1)
                      .arg(atMost ? QStringLiteral("<=") : QStringLiteral(">="))
                      .arg(limit)
                      .arg(met ? QStringLiteral("met") : QStringLiteral("MISSED"));
    };
    const QJsonObject setup = report["setup"].toObject();
    const bool fullSize =
        setup["input"].toString() == QLatin1String("1920x1080 RGB") && setup["conv_channels"].toInt() == 8;
    if (fullSize && report.contains("latency"))
        add(QStringLiteral("change-to-frame p95 ms"),
            report["latency"].toObject()["total_ms"].toObject()["p95"].toDouble(), kChangeP95Ms, true);
    if (fullSize && report.contains("animation")) {
        const QJsonObject a = report["animation"].toObject();
        if (a["speed_steps_per_s"].toDouble() == 1000) {
            add(QStringLiteral("animation mean fps"), a["mean_fps"].toDouble(), kMinFps, false);
            add(QStringLiteral("animation dropped %"), a["dropped_pct"].toDouble(), kMaxDroppedPct, true);
        }
    }
    if (report.contains("launch"))
        add(QStringLiteral("launch to first frame, median ms"),
            report["launch"].toObject()["first_frame_ms"].toObject()["p50"].toDouble(), kLaunchMs, true);
    const QJsonObject m = report["memory"].toObject();
    if (m["input"].toString().startsWith(QLatin1String("3840x2160 RGB, conv 16 channels")))
        add(QStringLiteral("RSS at 4K x 16 channels, MiB"), m["rss_mib"].toDouble(), kRssMiB, true);
    return out;
}

} // namespace poolscope::bench
