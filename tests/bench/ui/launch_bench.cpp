#include "launch_bench.h"

#include <vector>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include "stats.h"

namespace poolscope::bench {

PhaseReport runLaunch(const LaunchOptions& options)
{
    PhaseReport report;
    std::vector<double> reported, wall;
    QJsonArray runs;
    // The line the program prints (app/first_frame_report.cpp).
    static const QRegularExpression line(QStringLiteral("first frame ([0-9.]+) ms after process start"));
    for (int i = 0; i < options.runs; ++i) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        QElapsedTimer clock;
        clock.start();
        p.start(options.program, {QStringLiteral("--no-settings"), QStringLiteral("--report-first-frame")});
        const bool finished = p.waitForFinished(options.timeoutMs);
        const double wallMs = double(clock.nsecsElapsed()) / 1e6;
        const QString err = QString::fromLocal8Bit(p.readAllStandardError());
        const auto m = line.match(err);
        if (!finished || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0 || !m.hasMatch()) {
            if (!finished)
                p.kill();
            report.failures << QStringLiteral("launch %1: %2 (exit %3): %4")
                                   .arg(i)
                                   .arg(finished ? QStringLiteral("no first-frame line")
                                                 : QStringLiteral("timed out"))
                                   .arg(p.exitCode())
                                   .arg(err.trimmed().left(300));
            continue;
        }
        reported.push_back(m.captured(1).toDouble());
        wall.push_back(wallMs);
        runs.append(QJsonObject{{"first_frame_ms", rounded(reported.back(), 1)},
                                {"start_to_exit_ms", rounded(wallMs, 1)}});
    }
    const Summary s = summarize(reported), w = summarize(wall);
    report.json = QJsonObject{
        {"program", options.program},
        {"runs", runs},
        {"first_frame_ms", toJson(s)},
        {"start_to_exit_ms", toJson(w)},
    };
    report.summary << QStringLiteral("first frame after process start, %1 runs: median %2 ms, max %3 ms "
                                     "(start to exit as seen from here: median %4 ms)")
                          .arg(s.count)
                          .arg(s.p50, 0, 'f', 0)
                          .arg(s.max, 0, 'f', 0)
                          .arg(w.p50, 0, 'f', 0);
    return report;
}

} // namespace poolscope::bench
