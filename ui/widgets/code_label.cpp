#include "ui/widgets/code_label.h"

#include <algorithm>
#include <vector>

#include <QEvent>
#include <QFontDatabase>

namespace poolscope::ui {

namespace {

constexpr int kMinimumChars = 16;
const QString kIndent = QStringLiteral("    ");

// Whether a name and its "(" start at `i`.
bool opensCall(const QString& code, qsizetype i)
{
    qsizetype j = i;
    while (j < code.size() && (code[j].isLetterOrNumber() || code[j] == '_' || code[j] == '.'))
        ++j;
    return j > i && j < code.size() && code[j] == '(';
}

// The pieces between allowed breaks: after ", " where the innermost bracket is a
// call's (its "(" follows a name), after a call's "(" whose first argument is a call,
// and after any space of a trailing "# comment".
std::vector<QString> pieces(const QString& code)
{
    std::vector<QString> out;
    std::vector<bool> call; // per open bracket: does it open a call?
    bool comment = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i < code.size(); ++i) {
        const QChar c = code[i];
        if (comment) {
            if (c == ' ' && i + 1 < code.size() && code[i + 1] != ' ') {
                out.push_back(code.mid(start, i - start));
                start = i + 1;
            }
            continue;
        }
        if (c == '#') {
            comment = true;
        } else if (c == '(' || c == '[') {
            const bool afterName = i > 0 && (code[i - 1].isLetterOrNumber() || code[i - 1] == '_');
            call.push_back(c == '(' && afterName);
            if (call.back() && opensCall(code, i + 1)) {
                out.push_back(code.mid(start, i + 1 - start));
                start = i + 1;
            }
        } else if (c == ')' || c == ']') {
            if (!call.empty())
                call.pop_back();
        } else if (c == ' ' && i > 0 && code[i - 1] == ',' && !call.empty() && call.back()) {
            out.push_back(code.mid(start, i - start));
            start = i + 1;
        }
    }
    out.push_back(code.mid(start));
    return out;
}

} // namespace

CodeLabel::CodeLabel(QWidget* parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false); // the breaks are this label's own
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QSizePolicy p(QSizePolicy::Preferred, QSizePolicy::Preferred);
    p.setHeightForWidth(true);
    setSizePolicy(p);
}

void CodeLabel::setCode(const QString& code)
{
    if (code == code_)
        return;
    const int before = heightForWidth(width());
    code_ = code;
    codeLines_.clear();
    rewrap();
    if (heightForWidth(width()) != before)
        updateGeometry();
}

void CodeLabel::setReservedCodes(const QStringList& codes)
{
    if (codes == reserved_)
        return;
    const int before = heightForWidth(width());
    reserved_ = codes;
    reservedLines_.clear();
    if (heightForWidth(width()) != before)
        updateGeometry();
}

int CodeLabel::linesAt(const QString& code, int width) const
{
    return int(wrapped(code, fontMetrics(), width).count('\n')) + 1;
}

QString CodeLabel::wrapped(const QString& code, const QFontMetrics& metrics, int width)
{
    QStringList lines;
    QString line;
    for (const QString& piece : pieces(code)) {
        // A break after "(" took no space out of the code.
        const QString glue = line.endsWith('(') ? QString() : QStringLiteral(" ");
        const QString candidate = line.isEmpty() ? piece : line + glue + piece;
        const QString shown = lines.isEmpty() ? candidate : kIndent + candidate;
        if (line.isEmpty() || metrics.horizontalAdvance(shown) <= width) {
            line = candidate;
        } else {
            lines << line;
            line = piece;
        }
    }
    lines << line;
    for (qsizetype i = 1; i < lines.size(); ++i)
        lines[i].prepend(kIndent);
    return lines.join('\n');
}

int CodeLabel::heightForWidth(int width) const
{
    const QMargins m = contentsMargins();
    const int inner = std::max(1, width - m.left() - m.right() - 2 * margin());
    auto own = codeLines_.find(inner);
    if (own == codeLines_.end())
        own = codeLines_.insert(inner, linesAt(code_, inner));
    auto reserved = reservedLines_.find(inner);
    if (reserved == reservedLines_.end()) {
        int most = 0;
        for (const QString& code : reserved_)
            most = std::max(most, linesAt(code, inner));
        reserved = reservedLines_.insert(inner, most);
    }
    return std::max(*own, *reserved) * fontMetrics().lineSpacing() + m.top() + m.bottom() + 2 * margin();
}

QSize CodeLabel::minimumSizeHint() const
{
    const QMargins m = contentsMargins();
    const int w =
        fontMetrics().horizontalAdvance(QString(kMinimumChars, 'x')) + m.left() + m.right() + 2 * margin();
    return {w, heightForWidth(w)};
}

QSize CodeLabel::sizeHint() const
{
    return minimumSizeHint();
}

void CodeLabel::resizeEvent(QResizeEvent* event)
{
    QLabel::resizeEvent(event);
    rewrap();
}

void CodeLabel::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::ContentsRectChange) {
        forgetHeights();
        rewrap();
        updateGeometry();
    }
}

void CodeLabel::forgetHeights() const
{
    codeLines_.clear();
    reservedLines_.clear();
}

void CodeLabel::rewrap()
{
    const QMargins m = contentsMargins();
    const QString text =
        wrapped(code_, fontMetrics(), std::max(1, width() - m.left() - m.right() - 2 * margin()));
    if (text != QLabel::text())
        setText(text);
}

QFont codeFont(const QFont& base)
{
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (base.pointSizeF() > 0)
        mono.setPointSizeF(base.pointSizeF());
    else
        mono.setPixelSize(base.pixelSize());
    return mono;
}

} // namespace poolscope::ui
