#pragma once
// What each part of the benchmark hands back: its numbers, a few lines for
// people, and the checks that failed (the smoke test fails on those alone).
#include <QJsonObject>
#include <QStringList>

namespace poolscope::bench {

struct PhaseReport {
    QJsonObject json;
    QStringList summary;
    QStringList failures;
};

} // namespace poolscope::bench
