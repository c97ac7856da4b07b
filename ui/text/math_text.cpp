#include "ui/text/math_text.h"

#include <cmath>
#include <functional>

#include <QStringList>

namespace poolscope::ui {

namespace {

// Joins terms, eliding the middle of long lists: "a, b, c, …, y, z".
QString joinTerms(const QStringList& terms, const QString& sep)
{
    if (terms.size() <= kMaxListedTerms)
        return terms.join(sep);
    const int head = kMaxListedTerms - 3;
    return terms.mid(0, head).join(sep) + sep + QString::fromUtf8("…") + sep +
           terms.mid(terms.size() - 2).join(sep);
}

QStringList tapTerms(const WindowTrace& t, bool insideOnly, const std::function<QString(const Tap&)>& term)
{
    QStringList out;
    for (const Tap& tap : t.taps)
        if (tap.inside || !insideOnly)
            out << term(tap);
    return out;
}

QString value(const Tap& tap)
{
    return formatValue(tap.value);
}

// Divisors are counts (or an integer override): "4", not "4.000".
QString formatDivisor(double d)
{
    return QString::number(d, 'g', 10);
}

int insideCount(const WindowTrace& t)
{
    int n = 0;
    for (const Tap& tap : t.taps)
        n += tap.inside ? 1 : 0;
    return n;
}

QString countSuffix(int n)
{
    return n > kMaxListedTerms ? QString("   (%1 values)").arg(n) : QString();
}

QString extremum(const WindowTrace& t, const char* fn)
{
    const QStringList terms = tapTerms(t, true, value);
    QString s = QString("%1(%2) = %3").arg(fn, joinTerms(terms, ", "), formatValue(t.result)) +
                countSuffix(int(terms.size()));
    const int padded = int(t.taps.size()) - insideCount(t);
    if (padded > 0)
        s += QString("\n%1 padding tap%2 skipped (they act as %3∞)")
                 .arg(padded)
                 .arg(padded == 1 ? "" : "s")
                 .arg(QString(fn) == "max" ? "−" : "+");
    return s;
}

QString average(const WindowTrace& t)
{
    const QStringList terms =
        tapTerms(t, false, [](const Tap& tap) { return tap.inside ? value(tap) : "0"; });
    return QString("(%1) / %2 = %3")
               .arg(joinTerms(terms, " + "), formatDivisor(t.divisor), formatValue(t.result)) +
           countSuffix(int(terms.size()));
}

QString plural(int n, const char* word)
{
    return QString("%1 %2%3").arg(n).arg(word).arg(n == 1 ? "" : "s");
}

QString divisorNote(const WindowTrace& t, const PoolSpec& spec)
{
    const int taps = int(t.taps.size());
    const int inside = insideCount(t);
    const int padding = taps - inside;
    const QString d = formatDivisor(t.divisor);
    if (spec.divisor_override)
        return QString("divisor_override=%1: the divisor is %1 whatever the window covers")
            .arg(*spec.divisor_override);
    if (!spec.count_include_pad) {
        if (padding == 0)
            return QString("count_include_pad=False, but all %1 taps lie inside the image: divisor = %2")
                .arg(taps)
                .arg(d);
        return QString("count_include_pad=False: %1 of %2 taps are padding, divisor = %3")
            .arg(padding)
            .arg(taps)
            .arg(d);
    }
    if (t.divisor < taps)
        return QString("count_include_pad=True, but the ceil_mode overhang past the padding never counts: "
                       "divisor = %1 of %2 taps")
            .arg(d)
            .arg(taps);
    if (padding == 0)
        return QString("all %1 taps lie inside the image: divisor = %2").arg(taps).arg(d);
    return QString("count_include_pad=True: %1 of %2 taps are padding zeros and still count, divisor = %3")
        .arg(padding)
        .arg(taps)
        .arg(d);
}

QString weighted(const WindowTrace& t, const QString& lead)
{
    QStringList terms;
    for (const Tap& tap : t.taps)
        if (tap.weight != 0.0)
            terms << QString("%1×%2").arg(formatValue(tap.weight), value(tap));
    if (terms.isEmpty())
        return lead + QString("no tap carries any weight, the output is %1").arg(formatValue(t.result));
    return QString("%1%2 = %3").arg(lead, joinTerms(terms, " + "), formatValue(t.result)) +
           countSuffix(int(terms.size()));
}

// The root LP takes last, by name where it has one.
QString lpRoot(double p)
{
    if (p == 2)
        return "square root";
    if (p == 3)
        return "cube root";
    return QString("power 1/%1").arg(QString::number(p, 'g', 6));
}

// Why an LP window on negative inputs gives a negative result or NaN, where the
// literature's (Σ|x|^p)^(1/p) would not; empty otherwise.
QString lpSignNote(const WindowTrace& t)
{
    bool negative = false, nan = false;
    for (const Tap& tap : t.taps) {
        negative = negative || (tap.inside && tap.value < 0);
        nan = nan || (tap.inside && std::isnan(tap.value));
    }
    if (!negative || nan)
        return {};
    const QString p = QString::number(t.p, 'g', 6);
    const QString why = "(PyTorch's lp_pool2d raises x, not |x|, to p; in a network LP pooling follows a "
                        "ReLU, where inputs are ≥ 0)";
    if (std::isnan(t.lp_sum))
        return QString("x^%1 of a negative x is NaN, so the sum of x^%1 and the result are NaN %2")
            .arg(p, why);
    if (t.lp_sum < 0 && t.p == 1 && t.result < 0)
        return QString("the sum of x^1 is negative, and so is the result %1").arg(why);
    if (t.lp_sum < 0 && std::isnan(t.result))
        return QString("the sum of x^%1 is negative, so its %2 is NaN %3").arg(p, lpRoot(t.p), why);
    return {};
}

QString lp(const WindowTrace& t)
{
    const QString p = QString::number(t.p, 'g', 6);
    const QStringList terms = tapTerms(t, true, [&](const Tap& tap) { return value(tap) + "^" + p; });
    QString s = QString("(%1)^(1/%2) = %3^(1/%2) = %4")
                    .arg(joinTerms(terms, " + "), p, formatValue(t.lp_sum), formatValue(t.result)) +
                countSuffix(int(terms.size()));
    const QString note = lpSignNote(t);
    if (!note.isEmpty())
        s += "\n" + note;
    return s;
}

QString stochastic(const WindowTrace& t, const PoolSpec& spec)
{
    double sum = 0;
    for (const Tap& tap : t.taps)
        if (tap.inside)
            sum += std::max(0.0, double(tap.value));
    if (spec.train) {
        if (t.chosen < 0 || t.chosen >= int(t.taps.size()))
            return QString("train: no value is positive (Σa = %1), so nothing can be drawn: the output is %2")
                .arg(formatValue(sum), formatValue(t.result));
        const Tap& c = t.taps[std::size_t(t.chosen)];
        const double p = sum > 0 ? std::max(0.0, double(c.value)) / sum : 0.0;
        return QString("train: one tap drawn with probability pᵢ = aᵢ / Σa (Σa = %1, seed %2)\n"
                       "drawn: %3 with p = %4, so the output is %5")
            .arg(formatValue(sum))
            .arg(spec.seed)
            .arg(value(c), formatValue(p), formatValue(t.result));
    }
    return weighted(t, QString("eval: Σ pᵢ·aᵢ with pᵢ = aᵢ / Σa (Σa = %1):\n").arg(formatValue(sum)));
}

} // namespace

QString formatValue(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "∞" : "−∞";
    const double a = std::abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e5))
        return QString::number(v, 'g', 3);
    return QString::number(v, 'f', 3);
}

TraceExplanation explainTrace(const WindowTrace& t, const PoolSpec& spec, int inputWidth)
{
    TraceExplanation e;
    switch (t.op) {
    case PoolOp::Max:
    case PoolOp::AdaptiveMax:
    case PoolOp::GlobalMax:
    case PoolOp::FractionalMax:
        e.operation = extremum(t, "max");
        break;
    case PoolOp::Min:
        e.operation = extremum(t, "min");
        break;
    case PoolOp::Avg:
        e.operation = average(t);
        e.divisorNote = divisorNote(t, spec);
        break;
    case PoolOp::AdaptiveAvg:
    case PoolOp::GlobalAvg:
        e.operation = average(t);
        e.divisorNote = QString("adaptive bins have no padding: divisor = the bin's %1")
                            .arg(plural(int(t.taps.size()), "cell"));
        break;
    case PoolOp::Lp:
        e.operation = lp(t);
        break;
    case PoolOp::Mixed:
        e.operation = QString("α·max + (1−α)·avg = %1 × %2 + %3 × %4 = %5")
                          .arg(formatValue(spec.alpha), formatValue(t.max_part),
                               formatValue(1.0 - spec.alpha), formatValue(t.avg_part), formatValue(t.result));
        e.divisorNote = "avg part: " + divisorNote(t, spec);
        break;
    case PoolOp::SoftPool:
        e.operation = weighted(t, "Σ wᵢ·aᵢ with wᵢ = e^aᵢ / Σ e^a:\n");
        break;
    case PoolOp::Stochastic:
        e.operation = stochastic(t, spec);
        break;
    case PoolOp::BlurPool:
        e.operation = weighted(t, "binomial blur of the stride-1 max map, Σ wᵢ·mᵢ:\n");
        break;
    }
    if (t.chosen >= 0 && t.chosen < int(t.taps.size())) {
        const Tap& c = t.taps[std::size_t(t.chosen)];
        e.chosen = QString("chosen: input row %1, column %2 = %3").arg(c.y).arg(c.x).arg(value(c));
    }
    if (t.index >= 0) {
        const long long y = t.index / inputWidth, x = t.index % inputWidth;
        e.index = QString("PyTorch index = row × W + column = %1 × %2 + %3 = %4")
                      .arg(y)
                      .arg(inputWidth)
                      .arg(x)
                      .arg(t.index);
    }
    return e;
}

} // namespace poolscope::ui
