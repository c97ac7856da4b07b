#pragma once
// The keys of the window as a list, read from its QActions' shortcuts: the key
// overlay and Help > Keyboard Shortcuts both show this, so the keys are written
// down once, where they are bound.
#include <QList>
#include <QString>

class QAction;

namespace poolscope::ui {

struct KeyEntry {
    QString keys; // e.g. "K" or "Ctrl+O", several joined by ", "
    QString what; // the action's text without its mnemonic
};

// One entry per action that has a shortcut, in the given order.
QList<KeyEntry> keyEntries(const QList<QAction*>& actions);

// The entries as an HTML table (keys in bold), for a label or a text browser.
QString keyTableHtml(const QList<KeyEntry>& entries);

} // namespace poolscope::ui
