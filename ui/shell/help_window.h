#pragma once
// Help inside the app: the user guide (docs/USER_GUIDE.md, embedded at build
// time with its pictures) in a window of its own beside the main one, and the
// list of keys read from the window's actions.
#include <QDialog>
#include <QList>

class QAction;
class QTextBrowser;

namespace poolscope::ui {

class HelpWindow : public QDialog {
    Q_OBJECT
public:
    // The embedded guide, for the window and the tests.
    static const char* const kGuideUrl;

    explicit HelpWindow(QWidget* parent = nullptr);
    QTextBrowser* browser() const { return browser_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Pictures as wide as the text at most: no sideways scrolling.
    void fitImages();

    QTextBrowser* browser_;
};

// A window listing every key of `actions` (their shortcuts, as bound).
class ShortcutsWindow : public QDialog {
    Q_OBJECT
public:
    ShortcutsWindow(const QList<QAction*>& actions, QWidget* parent = nullptr);
    QTextBrowser* browser() const { return browser_; }

private:
    QTextBrowser* browser_;
};

} // namespace poolscope::ui
