// Help inside the app: F1 opens the embedded user guide, whose headings are
// there and whose picture loads from the resources; Help > Keyboard Shortcuts
// lists the keys the window's actions are bound to.
#include <QAction>
#include <QMenuBar>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QtTest>

#include "tests/ui/window_fixture.h"
#include "ui/animation/animation_clock.h"
#include "ui/model/session.h"
#include "ui/shell/help_window.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"
#include "ui/stage/stage_view.h"

using namespace poolscope::ui;

namespace {

struct Fixture : WindowFixture {
    Fixture() : WindowFixture(QSize(1280, 720)) {}
};

QTextImageFormat firstImageFormat(QTextBrowser* browser)
{
    QTextDocument* doc = browser->document();
    for (QTextBlock b = doc->begin(); b != doc->end(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (const QTextCharFormat f = it.fragment().charFormat(); f.isImageFormat())
                return f.toImageFormat();
    return {};
}

// The first image of the document, as the browser loads it.
QImage firstImage(QTextBrowser* browser)
{
    return browser->document()
        ->resource(QTextDocument::ImageResource, QUrl(firstImageFormat(browser).name()))
        .value<QImage>();
}

} // namespace

class TestHelpWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { Theme::apply(ThemeKind::Light); }
    void f1OpensTheGuide();
    void shortcutsAreTheActionsKeys();
    void everyActionSaysWhatItDoes();
};

void TestHelpWindow::f1OpensTheGuide()
{
    Fixture f;
    QVERIFY(!f.window.helpWindow());
    f.window.stageView()->setFocus();
    QTest::keyClick(f.window.stageView(), Qt::Key_F1);
    HelpWindow* help = f.window.helpWindow();
    QVERIFY(help && help->isVisible());
    const QString text = help->browser()->toPlainText();
    QVERIFY2(text.contains("PoolScope user guide"), qPrintable(text.left(200)));
    QVERIFY(text.contains("Presentation mode"));
    const QImage image = firstImage(help->browser());
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 100);
    // Shown no wider than the text: nothing to scroll sideways.
    QVERIFY(QTest::qWaitForWindowExposed(help));
    const int room = help->browser()->viewport()->width();
    QTRY_VERIFY(firstImageFormat(help->browser()).width() <= room);
    // And about as wide as the text, not a thumbnail.
    QVERIFY(firstImageFormat(help->browser()).width() > room * 0.8);
    // F1 again brings the same window forward.
    QTest::keyClick(f.window.stageView(), Qt::Key_F1);
    QCOMPARE(f.window.helpWindow(), help);
}

void TestHelpWindow::shortcutsAreTheActionsKeys()
{
    Fixture f;
    QAction* open = nullptr;
    for (QAction* a : f.window.menuBar()->findChildren<QAction*>())
        if (a->text() == "&Keyboard Shortcuts")
            open = a;
    QVERIFY(open);
    open->trigger();
    QVERIFY(f.window.shortcutsWindow() && f.window.shortcutsWindow()->isVisible());
    const QString text = f.window.shortcutsWindow()->browser()->toPlainText();
    // Every bound key is there, read from the actions themselves.
    int bound = 0;
    for (QAction* a : f.window.actions()) {
        for (const QKeySequence& k : a->shortcuts()) {
            QVERIFY2(text.contains(k.toString(QKeySequence::NativeText)), qPrintable(a->text()));
            ++bound;
        }
    }
    QVERIFY(bound > 20);
    QVERIFY(text.contains("Larger Kernel"));
    QVERIFY(text.contains("Presentation Mode"));
}

void TestHelpWindow::everyActionSaysWhatItDoes()
{
    Fixture f;
    for (QAction* a : f.window.actions()) {
        QVERIFY2(!a->statusTip().isEmpty(), qPrintable(a->text()));
        QVERIFY2(a->toolTip() != QString(a->text()).remove('&'), qPrintable(a->text()));
    }
}

QTEST_MAIN(TestHelpWindow)
#include "test_help_window.moc"
