#include "ui/export/export_name.h"

#include <QFileInfo>
#include <QStringList>

namespace poolscope::ui {

namespace {

QString pair(Size2 s)
{
    return s.h == s.w ? QString::number(s.h) : QStringLiteral("%1x%2").arg(s.h).arg(s.w);
}

// The shortest text that reads back as the same number: 0.5, not 0.500000.
QString number(double v)
{
    return QString::number(v, 'g', 6);
}

QString parameters(const PoolSpec& spec)
{
    const PoolOpTraits t = pool_op_traits(spec.op);
    QString p;
    if (t.kernel) {
        p += QLatin1Char('k') + pair(spec.kernel);
    }
    if (t.sliding) {
        p += QLatin1Char('s') + pair(spec.effective_stride());
        if (t.padding && (spec.padding.h != 0 || spec.padding.w != 0)) {
            p += QLatin1Char('p') + pair(spec.padding);
        }
        if (t.dilation && (spec.dilation.h != 1 || spec.dilation.w != 1)) {
            p += QLatin1Char('d') + pair(spec.dilation);
        }
    }
    QStringList extras;
    if (t.ceil_mode && spec.ceil_mode) {
        extras << QStringLiteral("ceil");
    }
    if (t.output_ratio && spec.output_ratio) {
        const auto& r = *spec.output_ratio;
        extras << QStringLiteral("ratio") +
                      (r[0] == r[1] ? number(r[0]) : number(r[0]) + QLatin1Char('x') + number(r[1]));
    } else if (t.output_size && spec.output_size) {
        extras << QStringLiteral("out") + pair(*spec.output_size);
    }
    if (t.norm_type) {
        extras << QStringLiteral("norm") + number(spec.norm_type);
    }
    if (t.alpha) {
        extras << QStringLiteral("alpha") + number(spec.alpha);
    }
    if (t.blur_size) {
        extras << QStringLiteral("blur") + QString::number(spec.blur_size);
    }
    if (t.train && spec.train) {
        extras << QStringLiteral("train");
    }
    if (!extras.isEmpty()) {
        p += (p.isEmpty() ? QString() : QStringLiteral("-")) + extras.join(QLatin1Char('-'));
    }
    return p;
}

} // namespace

QString safeFileStem(const QString& text)
{
    QString out;
    bool dash = false;
    for (const QChar c : text) {
        const bool safe = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                          (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                          (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') ||
                          c == QLatin1Char('_') || c == QLatin1Char('-');
        if (safe && c != QLatin1Char('-')) {
            if (dash && !out.isEmpty()) {
                out += QLatin1Char('-');
            }
            dash = false;
            out += c;
        } else {
            dash = true;
        }
    }
    // A leading dot would hide the file; a dangling '-' or '.' reads as a typo.
    const auto edge = [](QChar c) { return c == QLatin1Char('.') || c == QLatin1Char('-'); };
    while (!out.isEmpty() && edge(out.back())) {
        out.chop(1);
    }
    while (!out.isEmpty() && edge(out.front())) {
        out.remove(0, 1);
    }
    return out.isEmpty() ? QStringLiteral("poolscope") : out;
}

QString exportBaseName(const QString& inputName, int height, int width, const PoolSpec& spec)
{
    QString input = QFileInfo(inputName).completeBaseName();
    if (input.isEmpty()) {
        input = inputName;
    }
    const auto op = pool_op_name(spec.op);
    QStringList parts{safeFileStem(input)};
    if (height > 0 && width > 0) {
        parts << QStringLiteral("%1x%2").arg(height).arg(width);
    }
    parts << QString::fromLatin1(op.data(), qsizetype(op.size()));
    const QString p = parameters(spec);
    if (!p.isEmpty()) {
        parts << p;
    }
    return safeFileStem(parts.join(QLatin1Char('-')));
}

} // namespace poolscope::ui
