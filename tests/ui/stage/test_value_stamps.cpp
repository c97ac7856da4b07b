// The cells' values stamped from kept images are the pixels drawText() draws
// (to a few levels of antialiasing) at the place a stamp snaps to (a quarter device pixel across, a whole one
// down), at any type size and device pixel ratio, in black and in white; a
// painter that scales falls back to drawText() itself; a text is rendered once.
#include <cmath>

#include <QPainter>
#include <QtTest>

#include "ui/stage/value_stamps.h"

using namespace poolscope::ui;

namespace {

QImage canvas(qreal dpr)
{
    QImage image(QSize(300, 80) * dpr, QImage::Format_RGB32);
    image.setDevicePixelRatio(dpr);
    image.fill(QColor(33, 145, 140)); // a cell's colour
    return image;
}

// At large sizes a glyph's quarter pixel may round the other way (its advance is
// summed from another start): a few levels on an edge's pixels, never a shift.
constexpr int kRoundingDelta = 4;

int maxChannelDelta(const QImage& a, const QImage& b)
{
    if (a.size() != b.size())
        return 255;
    int most = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            most = std::max({most, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                             std::abs(qBlue(p) - qBlue(q))});
        }
    return most;
}

} // namespace

class TestValueStamps : public QObject {
    Q_OBJECT
private slots:
    void sameAsDrawText_data();
    void sameAsDrawText();
    void scaledPainterDrawsText();
    void renderedOncePerFont();
};

void TestValueStamps::sameAsDrawText_data()
{
    QTest::addColumn<int>("pixelSize");
    QTest::addColumn<qreal>("dpr");
    for (const qreal dpr : {1.0, 2.0})
        for (const int px : {9, 13, 24, 48})
            QTest::addRow("%dpx at %gx", px, dpr) << px << dpr;
}

void TestValueStamps::sameAsDrawText()
{
    QFETCH(int, pixelSize);
    QFETCH(qreal, dpr);
    QFont font = QApplication::font();
    font.setPixelSize(pixelSize);
    ValueStamps& stamps = ValueStamps::forFont(font, dpr);
    const QStringList texts = {"0", "0.00", "-1.25", "12.5", "NaN", "-inf", "3.142", "-0.01"};
    for (const QString& s : texts)
        for (const double dx : {0.0, 0.13, 0.3, 0.5, 0.62, 0.9})
            for (const QColor color : {QColor(Qt::white), QColor(Qt::black)}) {
                const QPointF at(10.0 + dx, 60.0 - dx);
                QImage byText = canvas(dpr), byStamp = canvas(dpr);
                {
                    // Where the stamp lands: a quarter device pixel across, a whole one down.
                    const QPointF snapped(std::round(at.x() * dpr * 4) / 4 / dpr,
                                          std::round(at.y() * dpr) / dpr);
                    QPainter p(&byText);
                    p.setFont(font);
                    p.setPen(color);
                    p.drawText(snapped, s);
                }
                {
                    QPainter p(&byStamp);
                    stamps.draw(p, at, s, color);
                }
                const int delta = maxChannelDelta(byText, byStamp);
                QVERIFY2(delta <= kRoundingDelta,
                         qPrintable(QStringLiteral("'%1' at +%2: %3").arg(s).arg(dx).arg(delta)));
            }
    QCOMPARE(stamps.width("-1.25"), QFontMetricsF(font).horizontalAdvance("-1.25"));
}

void TestValueStamps::scaledPainterDrawsText()
{
    QFont font = QApplication::font();
    font.setPixelSize(13);
    QImage byText = canvas(1), byStamp = canvas(1);
    const QPointF at(10.3, 40.6);
    for (QImage* image : {&byText, &byStamp}) {
        QPainter p(image);
        p.scale(1.5, 1.5); // an export at another size: a stamp would be resampled
        p.setFont(font);
        p.setPen(Qt::white);
        if (image == &byText)
            p.drawText(at, "2.50");
        else
            ValueStamps::forFont(font, 1).draw(p, at, "2.50", Qt::white);
    }
    QVERIFY(byText == byStamp);
}

void TestValueStamps::renderedOncePerFont()
{
    QFont small = QApplication::font(), large = small;
    small.setPixelSize(12);
    large.setPixelSize(30);
    ValueStamps& a = ValueStamps::forFont(small, 1);
    QCOMPARE(&ValueStamps::forFont(small, 1), &a);
    QVERIFY(&ValueStamps::forFont(large, 1) != &a);
    QVERIFY(&ValueStamps::forFont(small, 2) != &a);
    QVERIFY(ValueStamps::forFont(large, 1).width("1.50") > a.width("1.50"));
}

QTEST_MAIN(TestValueStamps)
#include "test_value_stamps.moc"
