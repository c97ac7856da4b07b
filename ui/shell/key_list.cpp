#include "ui/shell/key_list.h"

#include <QAction>
#include <QRegularExpression>
#include <QStringList>

namespace poolscope::ui {

QList<KeyEntry> keyEntries(const QList<QAction*>& actions)
{
    QList<KeyEntry> out;
    for (const QAction* a : actions) {
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        if (keys.isEmpty())
            continue;
        QString what = a->text();
        what.remove(QRegularExpression(QStringLiteral("&(?!&)"))).replace(QStringLiteral("..."), QString());
        out.append({keys.join(QStringLiteral(", ")), what});
    }
    return out;
}

QString keyTableHtml(const QList<KeyEntry>& entries)
{
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='4'>");
    for (const KeyEntry& e : entries)
        html += QStringLiteral("<tr><td align='right'><b>%1</b></td><td>&nbsp;&nbsp;%2</td></tr>")
                    .arg(e.keys.toHtmlEscaped(), e.what.toHtmlEscaped());
    return html + QStringLiteral("</table>");
}

} // namespace poolscope::ui
