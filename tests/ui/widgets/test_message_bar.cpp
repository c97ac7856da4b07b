// MessageBar: a message shows with its kind and stays until it is replaced or
// dismissed with the close button; a positive one goes by itself; each kind
// has its own tint, in the light and the dark theme.
#include <QLabel>
#include <QSignalSpy>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtTest>

#include "ui/shell/theme.h"
#include "ui/widgets/message_bar.h"

using namespace poolscope::ui;

namespace {

// A bar in a shown window, as the main window holds it.
struct Fixture {
    QWidget window;
    MessageBar* bar = new MessageBar(&window);
    Fixture()
    {
        auto* layout = new QVBoxLayout(&window);
        layout->addWidget(bar);
        layout->addStretch(1);
        window.resize(600, 200);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
    }
};

QColor backgroundOf(MessageBar* bar)
{
    return bar->grab().toImage().pixelColor(bar->width() / 2, 2);
}

} // namespace

class TestMessageBar : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { Theme::apply(ThemeKind::Light); }
    void hiddenUntilAMessage();
    void showsAndReplaces();
    void closeButtonDismisses();
    void errorsStayPositiveGoes();
    void kindsLookDifferent();
};

void TestMessageBar::hiddenUntilAMessage()
{
    Fixture f;
    QVERIFY(!f.bar->isVisible());
    QVERIFY(!f.bar->hasMessage());
    QVERIFY(f.bar->text().isEmpty());
}

void TestMessageBar::showsAndReplaces()
{
    Fixture f;
    QSignalSpy shown(f.bar, &MessageBar::messageShown);
    f.bar->showMessage("Could not open notes.png: not an image.", MessageBar::Kind::Error);
    QVERIFY(f.bar->isVisible());
    QCOMPARE(f.bar->text(), QString("Could not open notes.png: not an image."));
    QCOMPARE(f.bar->kind(), MessageBar::Kind::Error);
    QCOMPARE(f.bar->findChild<QLabel*>("messageText")->text(), f.bar->text());
    f.bar->showMessage("Opened cat.png", MessageBar::Kind::Information);
    QCOMPARE(f.bar->text(), QString("Opened cat.png"));
    QCOMPARE(f.bar->kind(), MessageBar::Kind::Information);
    QCOMPARE(shown.count(), 2);
}

void TestMessageBar::closeButtonDismisses()
{
    Fixture f;
    QSignalSpy dismissed(f.bar, &MessageBar::dismissed);
    f.bar->showMessage("A warning", MessageBar::Kind::Warning);
    auto* close = f.bar->findChild<QToolButton*>("messageClose");
    QVERIFY(close && close->isVisible());
    QTest::mouseClick(close, Qt::LeftButton);
    QVERIFY(!f.bar->isVisible());
    QVERIFY(!f.bar->hasMessage());
    QCOMPARE(dismissed.count(), 1);
}

void TestMessageBar::errorsStayPositiveGoes()
{
    Fixture f;
    f.bar->setPositiveTimeout(1);
    f.bar->showMessage("An error", MessageBar::Kind::Error);
    QTest::qWait(50); // far beyond the positive timeout: the error must still be there
    QVERIFY(f.bar->hasMessage());
    f.bar->showMessage("Saved", MessageBar::Kind::Positive);
    QTRY_VERIFY(!f.bar->hasMessage());
    QVERIFY(!f.bar->isVisible());
    // An error replacing a positive message is not taken away with it.
    f.bar->setPositiveTimeout(20);
    f.bar->showMessage("Saved", MessageBar::Kind::Positive);
    f.bar->showMessage("An error", MessageBar::Kind::Error);
    QTest::qWait(80);
    QVERIFY(f.bar->hasMessage());
}

void TestMessageBar::kindsLookDifferent()
{
    for (const ThemeKind theme : {ThemeKind::Light, ThemeKind::Dark}) {
        Theme::apply(theme);
        Fixture f;
        QList<QColor> seen;
        for (const auto kind : {MessageBar::Kind::Information, MessageBar::Kind::Positive,
                                MessageBar::Kind::Warning, MessageBar::Kind::Error}) {
            f.bar->showMessage("text", kind);
            QCoreApplication::processEvents();
            const QColor c = backgroundOf(f.bar);
            QVERIFY2(!seen.contains(c), qPrintable(c.name()));
            seen << c;
            // A light bar in the light theme, a dark one in the dark theme.
            QCOMPARE(c.lightness() > 128, theme == ThemeKind::Light);
        }
    }
    Theme::apply(ThemeKind::Light);
}

QTEST_MAIN(TestMessageBar)
#include "test_message_bar.moc"
