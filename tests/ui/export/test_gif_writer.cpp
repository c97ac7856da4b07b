// GifPalette and GifWriter: exact palettes for few colours, close colours for
// colour maps, frames that decode to what was written, delays that follow the
// frame rate, the loop extension, changed-rectangle frames, and I/O errors.
#include <numeric>

#include <QTemporaryDir>
#include <QtTest>

#include "tests/ui/export_test_frames.h"
#include "tests/ui/gif_decode.h"
#include "ui/export/gif_palette.h"
#include "ui/export/gif_writer.h"

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::test::colourError;
using poolscope::test::decodeGif;
using poolscope::test::stageLikeFrame;

Q_DECLARE_METATYPE(poolscope::ColorMap)

namespace {

QImage indexedBack(GifPalette& palette, const QImage& source)
{
    std::vector<std::uint8_t> indices;
    palette.indexImage(source, indices);
    QImage out(source.size(), QImage::Format_RGB888);
    for (int y = 0; y < out.height(); ++y) {
        for (int x = 0; x < out.width(); ++x) {
            out.setPixel(x, y, palette.colors()[indices[std::size_t(y) * out.width() + x]]);
        }
    }
    return out;
}

// A horizontal gradient through a colour map, one column per LUT entry and more.
QImage gradient(ColorMap map, int width, int height)
{
    QImage image(width, height, QImage::Format_RGB888);
    for (int x = 0; x < width; ++x) {
        const cv::Vec3b c = colormap_color(map, double(x) / (width - 1));
        for (int y = 0; y < height; ++y) {
            image.setPixel(x, y, qRgb(c[0], c[1], c[2]));
        }
    }
    return image;
}

} // namespace

class TestGifWriter : public QObject {
    Q_OBJECT
private slots:
    void paletteIsExactForFewColours_data();
    void paletteIsExactForFewColours();
    void paletteFollowsColourMaps_data();
    void paletteFollowsColourMaps();
    void paletteKeepsARareHighlight();
    void framesDecodeAsWritten_data();
    void framesDecodeAsWritten();
    void unchangedAreasAreNotStoredAgain();
    void loopsForever();
    void openFailsWithTheReason_data();
    void openFailsWithTheReason();
    void rejectsAFrameOfAnotherSize();
};

void TestGifWriter::paletteIsExactForFewColours_data()
{
    QTest::addColumn<int>("colours");
    QTest::newRow("one") << 1;
    QTest::newRow("two") << 2;
    QTest::newRow("seventeen") << 17;
    QTest::newRow("exactly 256") << 256;
}

void TestGifWriter::paletteIsExactForFewColours()
{
    QFETCH(int, colours);
    QImage image(64, 64, QImage::Format_RGB888);
    for (int i = 0; i < 64 * 64; ++i) {
        const int k = i % colours;
        image.setPixel(i % 64, i / 64, qRgb((k * 37) % 256, (k * 91) % 256, k));
    }
    const std::vector<QImage> images{image};
    GifPalette palette = GifPalette::fromImages(images);
    QCOMPARE(palette.size(), colours);
    QCOMPARE(colourError(indexedBack(palette, image), image).max, 0);
}

void TestGifWriter::paletteFollowsColourMaps_data()
{
    QTest::addColumn<ColorMap>("map");
    QTest::addColumn<int>("maxError");
    // 256 LUT colours + the gray background in 255 entries: neighbours merge.
    QTest::newRow("viridis") << ColorMap::Viridis << 6;
    QTest::newRow("diverging") << ColorMap::Diverging << 6;
    QTest::newRow("gray") << ColorMap::Gray << 2;
}

void TestGifWriter::paletteFollowsColourMaps()
{
    QFETCH(ColorMap, map);
    QFETCH(int, maxError);
    const QImage frame = stageLikeFrame(QSize(400, 300), 3.0, map);
    const QImage bar = gradient(map, 1024, 16);
    const std::vector<QImage> images{frame, bar};
    GifPalette palette = GifPalette::fromImages(images);
    QVERIFY(palette.size() <= 256);
    for (const QImage& image : images) {
        const auto e = colourError(indexedBack(palette, image), image);
        QVERIFY2(e.max <= maxError, qPrintable(QStringLiteral("max error %1").arg(e.max)));
        QVERIFY2(e.mean < 1.0, qPrintable(QStringLiteral("mean error %1").arg(e.mean)));
    }
}

void TestGifWriter::paletteKeepsARareHighlight()
{
    // The window outline (2 px, 0.1 % of the pixels) over a continuous gradient
    // of far more than 256 colours: it must stay red, not turn into a gradient colour.
    QImage image(512, 512, QImage::Format_RGB888);
    for (int y = 0; y < 512; ++y) {
        for (int x = 0; x < 512; ++x) {
            image.setPixel(x, y, qRgb(x / 2, y / 2, 128));
        }
    }
    QPainter painter(&image);
    painter.setPen(QPen(QColor(230, 30, 30), 2));
    painter.drawRect(200, 300, 40, 40);
    painter.end();
    const std::vector<QImage> images{image};
    GifPalette palette = GifPalette::fromImages(images);
    const QRgb red = palette.colors()[palette.indexOf(qRgb(230, 30, 30))];
    const int error =
        std::max({std::abs(qRed(red) - 230), std::abs(qGreen(red) - 30), std::abs(qBlue(red) - 30)});
    QVERIFY2(
        error <= 8,
        qPrintable(QStringLiteral("red became %1,%2,%3").arg(qRed(red)).arg(qGreen(red)).arg(qBlue(red))));
}

void TestGifWriter::framesDecodeAsWritten_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("frames");
    QTest::addColumn<double>("fps");
    QTest::newRow("small, 10 fps") << QSize(64, 48) << 5 << 10.0;
    QTest::newRow("odd size, 30 fps") << QSize(333, 201) << 12 << 30.0;
    QTest::newRow("one frame") << QSize(120, 90) << 1 << 4.0;
    QTest::newRow("wide, 7 fps") << QSize(640, 200) << 9 << 7.0;
}

void TestGifWriter::framesDecodeAsWritten()
{
    QFETCH(QSize, size);
    QFETCH(int, frames);
    QFETCH(double, fps);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.gif"));
    std::vector<QImage> source;
    for (int i = 0; i < frames; ++i) {
        source.push_back(stageLikeFrame(size, i * 0.5, i % 2 == 0 ? ColorMap::Viridis : ColorMap::Diverging));
    }

    GifWriter writer;
    QString error;
    QVERIFY2(writer.open(path, size, GifPalette::fromImages(source), &error), qPrintable(error));
    std::vector<int> delays;
    for (int i = 0; i < frames; ++i) {
        delays.push_back(int(std::lround((i + 1) * 100.0 / fps) - std::lround(i * 100.0 / fps)));
        QVERIFY2(writer.addFrame(source[std::size_t(i)], delays.back(), &error), qPrintable(error));
    }
    QVERIFY2(writer.close(&error), qPrintable(error));

    const auto gif = decodeGif(path);
    QVERIFY2(gif.ok, qPrintable(gif.error));
    QCOMPARE(gif.screen, size);
    QCOMPARE(int(gif.frames.size()), frames);
    QCOMPARE(gif.delays, delays);
    QCOMPARE(std::accumulate(delays.begin(), delays.end(), 0), int(std::lround(frames * 100.0 / fps)));
    for (int i = 0; i < frames; ++i) {
        const auto e = colourError(gif.frames[std::size_t(i)], source[std::size_t(i)]);
        QVERIFY2(e.max <= 12 && e.mean < 1.0,
                 qPrintable(QStringLiteral("frame %1: max %2 mean %3").arg(i).arg(e.max).arg(e.mean)));
    }
}

void TestGifWriter::unchangedAreasAreNotStoredAgain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("diff.gif"));
    const QSize size(300, 200);
    const QImage first = stageLikeFrame(size, 0.0);
    QImage second = first.copy();
    for (int y = 50; y < 60; ++y) {
        for (int x = 20; x < 45; ++x) {
            second.setPixel(x, y, qRgb(230, 30, 30));
        }
    }
    const std::vector<QImage> frames{first, second, second};
    GifWriter writer;
    QString error;
    QVERIFY(writer.open(path, size, GifPalette::fromImages(frames), &error));
    for (const QImage& f : frames) {
        QVERIFY(writer.addFrame(f, 10, &error));
    }
    QVERIFY(writer.close(&error));
    const auto gif = decodeGif(path);
    QVERIFY(gif.ok);
    QCOMPARE(gif.rects.size(), std::size_t(3));
    QCOMPARE(gif.rects[0], QRect(QPoint(0, 0), size));
    QCOMPARE(gif.rects[1], QRect(20, 50, 25, 10));
    QCOMPARE(gif.rects[2].size(), QSize(1, 1)); // nothing changed: one pixel carries the delay
    QCOMPARE(gif.delays, (std::vector<int>{10, 10, 10}));
    QCOMPARE(colourError(gif.frames[2], second).max, 0);
}

void TestGifWriter::loopsForever()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("loop.gif"));
    const std::vector<QImage> frames{stageLikeFrame(QSize(40, 30), 0), stageLikeFrame(QSize(40, 30), 1)};
    GifWriter writer;
    QString error;
    QVERIFY(writer.open(path, QSize(40, 30), GifPalette::fromImages(frames), &error));
    for (const QImage& f : frames) {
        QVERIFY(writer.addFrame(f, 50, &error));
    }
    QVERIFY(writer.close(&error));
    const auto gif = decodeGif(path);
    QVERIFY(gif.ok);
    QVERIFY(gif.loopsForever);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(6), QByteArray("GIF89a"));
}

void TestGifWriter::openFailsWithTheReason_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    // sysfs refuses new files even to root.
    QTest::newRow("folder that refuses files")
        << QStringLiteral("/sys/poolscope.gif") << QStringLiteral("Permission denied");
    QTest::newRow("missing folder") << QStringLiteral("/nonexistent-folder/x.gif")
                                    << QStringLiteral("No such file or directory");
}

void TestGifWriter::openFailsWithTheReason()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    GifWriter writer;
    QString error;
    const std::vector<QImage> frames{stageLikeFrame(QSize(40, 30), 0)};
    QVERIFY(!writer.open(path, QSize(40, 30), GifPalette::fromImages(frames), &error));
    QVERIFY2(error.contains(path) && error.contains(reason), qPrintable(error));
    QVERIFY(!writer.isOpen());
    QVERIFY(!QFileInfo::exists(path));
}

void TestGifWriter::rejectsAFrameOfAnotherSize()
{
    QTemporaryDir dir;
    GifWriter writer;
    QString error;
    const std::vector<QImage> frames{stageLikeFrame(QSize(40, 30), 0)};
    QVERIFY(writer.open(dir.filePath(QStringLiteral("x.gif")), QSize(40, 30), GifPalette::fromImages(frames),
                        &error));
    QVERIFY(!writer.addFrame(stageLikeFrame(QSize(41, 30), 0), 10, &error));
    QVERIFY2(error.contains(QStringLiteral("41")), qPrintable(error));
    QCOMPARE(writer.frameCount(), 0);
}

QTEST_GUILESS_MAIN(TestGifWriter)
#include "test_gif_writer.moc"
