#pragma once
// The goals the numbers are read against. Informational: a benchmark on a shared
// machine never fails on a time.
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace poolscope::bench {

// One entry per goal whose part ran at the goal's own sizes:
// [{"goal", "value", "limit", "met"}], and a line each for people.
QJsonArray checkTargets(const QJsonObject& report, QStringList* lines);

} // namespace poolscope::bench
