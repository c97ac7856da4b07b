// Themed icons: every icon of the set loads, is painted in the palette's text
// colour (dark on the light theme, light on the dark one) and stands out from
// the window colour; the transport bar's buttons follow a theme change.
#include <QToolButton>
#include <QtTest>

#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/animation/transport_bar.h"
#include "ui/model/session.h"
#include "ui/shell/theme.h"
#include "ui/widgets/themed_icon.h"

using namespace poolscope::ui;

namespace {

const QStringList kNames = {"play", "pause",   "step-forward", "step-back", "to-start",     "to-end",
                            "loop", "zoom-in", "zoom-out",     "fit",       "presentation", "help"};

// The mean colour of the opaque pixels, and how many there are.
std::pair<QColor, int> inkOf(const QIcon& icon, int side = 48, QIcon::Mode mode = QIcon::Normal)
{
    const QImage image =
        icon.pixmap(QSize(side, side), mode).toImage().convertToFormat(QImage::Format_ARGB32);
    long long r = 0, g = 0, b = 0, n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (const QColor c = image.pixelColor(x, y); c.alpha() == 255) {
                r += c.red();
                g += c.green();
                b += c.blue();
                ++n;
            }
    if (n == 0)
        return {QColor(), 0};
    return {QColor(int(r / n), int(g / n), int(b / n)), int(n)};
}

} // namespace

class TestThemedIcon : public QObject {
    Q_OBJECT
private slots:
    void everyIconInTheTextColour_data();
    void everyIconInTheTextColour();
    void unknownNameIsNull() { QVERIFY(themedIcon("no-such-icon", QPalette()).isNull()); }
    void transportFollowsTheTheme();
};

void TestThemedIcon::everyIconInTheTextColour_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("theme");
    for (const QString& name : kNames) {
        QTest::newRow(qPrintable(name + " light")) << name << int(ThemeKind::Light);
        QTest::newRow(qPrintable(name + " dark")) << name << int(ThemeKind::Dark);
    }
}

void TestThemedIcon::everyIconInTheTextColour()
{
    QFETCH(QString, name);
    QFETCH(int, theme);
    const QPalette palette = Theme::palette(ThemeKind(theme));
    const QIcon icon = themedIcon(name, palette);
    QVERIFY(!icon.isNull());
    const auto [ink, pixels] = inkOf(icon);
    QVERIFY2(pixels > 48 * 48 / 12, qPrintable(QString::number(pixels))); // a shape, not a speck
    QCOMPARE(ink, palette.color(QPalette::ButtonText));
    // Far from the window colour in lightness: visible on a projector.
    QVERIFY(std::abs(ink.lightness() - palette.color(QPalette::Window).lightness()) > 120);
    // Any size is drawn, not scaled from one picture.
    QVERIFY(inkOf(icon, 96).second > 4 * pixels * 3 / 4);
}

void TestThemedIcon::transportFollowsTheTheme()
{
    Theme::apply(ThemeKind::Light);
    ManualAnimationClock clock;
    Session session;
    Animator animator(&session, &clock);
    TransportBar bar(&session, &animator);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    auto* play = bar.findChild<QToolButton*>("playPause");
    QVERIFY(play);
    QVERIFY(inkOf(play->icon()).first.lightness() < 100);
    Theme::apply(ThemeKind::Dark);
    QCoreApplication::processEvents();
    QVERIFY(inkOf(play->icon()).first.lightness() > 150);
    for (QToolButton* b : bar.findChildren<QToolButton*>())
        QVERIFY2(inkOf(b->icon()).second > 0, qPrintable(b->objectName()));
    Theme::apply(ThemeKind::Light);
}

QTEST_MAIN(TestThemedIcon)
#include "test_themed_icon.moc"
