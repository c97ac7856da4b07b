// ChannelStrip: one item per channel, focus by mouse click and by keyboard,
// the focused item outlined, thumbnails in the stage's colours.
#include <QToolTip>
#include <QtTest>

#include "ui/model/map_images.h"
#include "ui/model/session.h"
#include "ui/stage/channel_strip.h"

using namespace poolscope;
using namespace poolscope::ui;

class TestChannelStrip : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void oneItemPerChannel();
    void clickFocusesChannel_data();
    void clickFocusesChannel();
    void keyboardMovesFocus_data();
    void keyboardMovesFocus();
    void focusedItemIsOutlined_data();
    void focusedItemIsOutlined();
    void thumbnailShowsTheChannel_data();
    void thumbnailShowsTheChannel();
    void sixteenLabelsAreWhole();

private:
    Session* session_ = nullptr;
    ChannelStrip* strip_ = nullptr;
};

void TestChannelStrip::init()
{
    session_ = new Session;
    session_->waitForIdle();
    strip_ = new ChannelStrip(session_);
    strip_->resize(900, 130);
    strip_->show();
    QVERIFY(QTest::qWaitForWindowExposed(strip_));
}

void TestChannelStrip::cleanup()
{
    delete strip_;
    delete session_;
}

void TestChannelStrip::oneItemPerChannel()
{
    const int channels = session_->result()->poolInput.channels();
    QVERIFY(channels > 1);
    QCOMPARE(strip_->count(), channels);
    for (int c = 0; c < channels; ++c) {
        QVERIFY(strip_->rect().contains(strip_->itemRect(c)));
        for (int d = c + 1; d < channels; ++d)
            QVERIFY(!strip_->itemRect(c).intersects(strip_->itemRect(d)));
    }
    QVERIFY(strip_->itemRect(channels).isEmpty());
}

void TestChannelStrip::clickFocusesChannel_data()
{
    QTest::addColumn<int>("channel");
    for (int c = 0; c < 4; ++c)
        QTest::addRow("channel %d", c) << c;
}

void TestChannelStrip::clickFocusesChannel()
{
    QFETCH(int, channel);
    QVERIFY(channel < strip_->count());
    if (channel == 0)
        session_->setFocusedChannel(1); // so every click is a change
    QTest::mouseClick(strip_, Qt::LeftButton, {}, strip_->itemRect(channel).center());
    QCOMPARE(session_->focusedChannel(), channel);
}

void TestChannelStrip::keyboardMovesFocus_data()
{
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("expected"); // -1: the last channel
    QTest::newRow("right") << 1 << int(Qt::Key_Right) << 2;
    QTest::newRow("left") << 2 << int(Qt::Key_Left) << 1;
    QTest::newRow("left at the first stays") << 0 << int(Qt::Key_Left) << 0;
    QTest::newRow("right at the last stays") << -1 << int(Qt::Key_Right) << -1;
    QTest::newRow("home") << 3 << int(Qt::Key_Home) << 0;
    QTest::newRow("end") << 0 << int(Qt::Key_End) << -1;
}

void TestChannelStrip::keyboardMovesFocus()
{
    QFETCH(int, start);
    QFETCH(int, key);
    QFETCH(int, expected);
    const int last = strip_->count() - 1;
    session_->setFocusedChannel(start < 0 ? last : start);
    strip_->setFocus();
    QTest::keyClick(strip_, Qt::Key(key));
    QCOMPARE(session_->focusedChannel(), expected < 0 ? last : expected);
}

void TestChannelStrip::focusedItemIsOutlined_data()
{
    QTest::addColumn<int>("channel");
    QTest::newRow("first") << 0;
    QTest::newRow("third") << 2;
}

void TestChannelStrip::focusedItemIsOutlined()
{
    QFETCH(int, channel);
    session_->setFocusedChannel(channel);
    const QImage shot = strip_->grab().toImage();
    const QColor highlight = strip_->palette().color(QPalette::Highlight);
    const double dpr = shot.devicePixelRatio();
    // The outline runs along the top edge of the focused item only.
    for (int c = 0; c < strip_->count(); ++c) {
        const QRect item = strip_->itemRect(c);
        const QPoint edge(item.center().x(), item.top() + 2);
        const QColor seen = shot.pixelColor((QPointF(edge) * dpr).toPoint());
        QCOMPARE(seen == highlight, c == channel);
    }
}

void TestChannelStrip::thumbnailShowsTheChannel_data()
{
    QTest::addColumn<int>("channel");
    for (int c = 0; c < 4; ++c)
        QTest::addRow("channel %d", c) << c;
}

void TestChannelStrip::thumbnailShowsTheChannel()
{
    // Scaling keeps a picture's mean colour: the thumbnail's mean must be its channel's.
    QFETCH(int, channel);
    const auto r = session_->result();
    const QImage expected = colorizeChannel(*r, channel).input.convertToFormat(QImage::Format_RGB32);
    const QImage shot = strip_->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const auto mean = [](const QImage& image, const QRect& rect) {
        double sum[3] = {0, 0, 0};
        for (int y = rect.top(); y <= rect.bottom(); ++y)
            for (int x = rect.left(); x <= rect.right(); ++x) {
                const QRgb c = image.pixel(x, y);
                sum[0] += qRed(c), sum[1] += qGreen(c), sum[2] += qBlue(c);
            }
        const double n = double(rect.width()) * rect.height();
        return std::array<double, 3>{sum[0] / n, sum[1] / n, sum[2] / n};
    };
    const QRect thumb = strip_->thumbnailRect(channel);
    QVERIFY(thumb.width() > 20);
    const QRect inner = thumb.adjusted(1, 1, -1, -1); // inside the thin frame
    const double dpr = shot.devicePixelRatio();
    const auto seen = mean(shot, QRect((QPointF(inner.topLeft()) * dpr).toPoint(), inner.size() * dpr));
    const auto want = mean(expected, expected.rect());
    for (int k = 0; k < 3; ++k)
        QVERIFY2(std::abs(seen[k] - want[k]) < 8.0,
                 qPrintable(QStringLiteral("component %1: %2 vs %3").arg(k).arg(seen[k]).arg(want[k])));
}

void TestChannelStrip::sixteenLabelsAreWhole()
{
    ConvSpec conv = Session::defaultConv();
    conv.out_channels = 16;
    session_->setConv(conv);
    session_->waitForIdle();
    QCOMPARE(strip_->count(), 16);
    // As the window's scroll area gives it: the stage's width, or wider when the
    // labels need it (the strip then scrolls).
    strip_->resize(std::max(1150, strip_->minimumSizeHint().width()), 130);
    for (int c = 0; c < 16; ++c) {
        const QString text = strip_->labelText(c);
        QVERIFY(text.startsWith(QStringLiteral("%1: ").arg(c)));
        // Written whole inside its place, at a readable size.
        const QRect rect = strip_->labelRect(c);
        const QFont font = strip_->labelFont(c);
        QVERIFY(QFontInfo(font).pixelSize() >= 10);
        const QRect need =
            QFontMetrics(font).boundingRect(QRect(0, 0, rect.width(), 10000), strip_->labelFlags(c), text);
        QVERIFY2(need.width() <= rect.width() && need.height() <= rect.height(), qPrintable(text));
        QVERIFY(strip_->rect().contains(rect));
        // Broken between words only: "ridge 90°", never "ridg" / "e 90°".
        QVERIFY(!(strip_->labelFlags(c) & Qt::TextWrapAnywhere));
    }
    // The full name on hover.
    const QPoint at = strip_->itemRect(9).center();
    QHelpEvent help(QEvent::ToolTip, at, strip_->mapToGlobal(at));
    QApplication::sendEvent(strip_, &help);
    QTRY_COMPARE(QToolTip::text(), strip_->labelText(9));
}

QTEST_MAIN(TestChannelStrip)
#include "test_channel_strip.moc"
