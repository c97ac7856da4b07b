#include "ui/text/term_breaks.h"

#include <algorithm>
#include <climits>
#include <vector>

#include <QFontMetricsF>
#include <QStringList>

namespace poolscope::ui {

namespace {

constexpr QChar kNoBreakSpace(0x00A0);
// Qt may still break after "-" or "+" before a no-break space; a word joiner forbids it.
constexpr QChar kWordJoiner(0x2060);
constexpr int kNever = INT_MAX;

bool isOperator(QChar c)
{
    return QStringView(u"+-−=/").contains(c); // not × or ·: a product stays one term
}

// For each character of `line`: kNever, or the depth at which a break may
// follow this space (0: top level, or a list's ", ").
std::vector<int> breakLevels(const QString& line)
{
    std::vector<int> level(std::size_t(line.size()), kNever);
    int depth = 0;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == '(' || c == '[')
            ++depth;
        else if (c == ')' || c == ']')
            depth = std::max(0, depth - 1);
        if (c != ' ')
            continue;
        const QChar prev = i > 0 ? line[i - 1] : QChar();
        const QChar next = i + 1 < line.size() ? line[i + 1] : QChar();
        const QChar after = i + 2 < line.size() ? line[i + 2] : QChar(' ');
        if (prev == ',' || prev == ' ' || next == ' ')
            level[std::size_t(i)] = 0; // a list's separator, or a gap before a remark
        else if (isOperator(next) && after == ' ')
            level[std::size_t(i)] = depth; // before an operator: it starts the next line
        else if (prev == '=' && line.indexOf(" = ") == i - 2 &&
                 std::none_of(line.begin(), line.begin() + i, [](QChar ch) { return ch.isDigit(); }))
            level[std::size_t(i)] = 0; // after a name's "=": "H_out =" above its formula
    }
    return level;
}

// The line with breaks at depth <= `maxLevel` only, and whether every piece fits.
QString withBreaks(const QString& line, const std::vector<int>& level, int maxLevel, const QFontMetricsF& fm,
                   qreal width, bool* fits)
{
    QString out;
    out.reserve(line.size() + 8);
    qsizetype start = 0;
    *fits = true;
    for (qsizetype i = 0; i <= line.size(); ++i) {
        const bool end = i == line.size();
        if (!end && line[i] != ' ') {
            out += line[i];
            continue;
        }
        if (end || level[std::size_t(i)] <= maxLevel) {
            if (width > 0 && fm.horizontalAdvance(line.mid(start, i - start)) > width)
                *fits = false;
            start = i + 1;
            if (!end)
                out += ' ';
        } else {
            if (i > 0 && isOperator(line[i - 1]))
                out += kWordJoiner;
            out += kNoBreakSpace;
        }
    }
    return out;
}

// Prose: breaks between words, but not between a word (or an operator) and the
// number it names.
QString wordsWithTheirNumbers(const QString& line)
{
    QString out;
    out.reserve(line.size() + 8);
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar prev = i > 0 ? line[i - 1] : QChar();
        const QChar next = i + 1 < line.size() ? line[i + 1] : QChar();
        const bool number =
            next.isDigit() || ((next == '-' || next == u'−') && i + 2 < line.size() && line[i + 2].isDigit());
        const bool afterOperator = isOperator(prev) || prev == '*';
        if (line[i] == ' ' && (prev.isLetter() || afterOperator) && number) {
            if (afterOperator)
                out += kWordJoiner;
            out += kNoBreakSpace;
        } else {
            out += line[i];
        }
    }
    return out;
}

QString keepLineWhole(const QString& line, const QFontMetricsF& fm, qreal width)
{
    const std::vector<int> level = breakLevels(line);
    int deepest = 0;
    for (int l : level)
        if (l != kNever)
            deepest = std::max(deepest, l);
    for (int maxLevel = width > 0 ? 0 : deepest; maxLevel <= deepest; ++maxLevel) {
        bool fits = false;
        const QString out = withBreaks(line, level, maxLevel, fm, width, &fits);
        if (fits || width <= 0)
            return out;
    }
    return wordsWithTheirNumbers(line);
}

} // namespace

QString keepTermsWhole(const QString& text, const QFontMetricsF& metrics, qreal width)
{
    QStringList lines = text.split('\n');
    for (QString& line : lines)
        line = keepLineWhole(line, metrics, width);
    return lines.join('\n');
}

QString plainArithmetic(const QString& shown)
{
    QString s = shown;
    return s.replace(kNoBreakSpace, ' ').remove(kWordJoiner);
}

} // namespace poolscope::ui
