// Every export: the files read back (PNG, .npy, MP4, GIF), existing files are
// kept unless overwriting is allowed, unwritable folders fail with the OS reason
// and leave nothing, cancel leaves nothing, and the controller and its dialog
// drive the same code and report outcomes as notices.
#include <cstring>
#include <numeric>
#include <unistd.h>

#include <QComboBox>
#include <QDirIterator>
#include <QLineEdit>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "core/color/colormap.h"
#include "core/color/value_range.h"
#include "core/io/npy_io.h"
#include "core/pool/pool_ops.h"
#include "tests/support/tiny_disk.h"
#include "tests/ui/export_test_frames.h"
#include "tests/ui/gif_decode.h"
#include "tests/ui/test_support.h"
#include "ui/export/animation_export.h"
#include "ui/export/export_controller.h"
#include "ui/export/export_dialogs.h"
#include "ui/export/export_ops.h"
#include "ui/export/gif_palette.h"
#include "ui/export/gif_writer.h"
#include "ui/model/mat_image.h"
#include "ui/model/session.h"
#include "ui/stage/stage_view.h"

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::test::bitEqual;
using poolscope::test::coarseColourError;
using poolscope::test::colourError;
using poolscope::test::decodeGif;
using poolscope::test::stageLikeFrame;

Q_DECLARE_METATYPE(poolscope::ui::AnimationExport::Outcome)

namespace {

// Cells whose values differ from channel to channel and row to row.
Tensor ramp(int channels, int height, int width, float scale = 1.f)
{
    Tensor t(channels, height, width);
    for (int c = 0; c < channels; ++c) {
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                t.at(c, y, x) = scale * (float(c) - 0.37f * float(y) + 0.011f * float(x * x));
            }
        }
    }
    return t;
}

IndexTensor indicesFor(int channels, int height, int width)
{
    IndexTensor idx;
    idx.channels = channels;
    idx.height = height;
    idx.width = width;
    for (int i = 0; i < channels * height * width; ++i) {
        idx.data.push_back(std::int64_t(i) * 7919 % 1000003);
    }
    return idx;
}

PipelineResult resultWith(bool conv, bool indices)
{
    PipelineResult r;
    r.input = ramp(3, 9, 11);
    r.convEnabled = conv;
    r.poolInput = conv ? ramp(4, 9, 11, -0.5f) : r.input;
    r.pooled.output = ramp(r.poolInput.channels(), 4, 5, 2.f);
    r.poolInputShape = MapShape::of(r.poolInput);
    r.outputShape = MapShape::of(r.pooled.output);
    // Max pooling has indices, average pooling none (the default spec is max 2x2).
    if (!indices) {
        r.pool.op = PoolOp::Avg;
    }
    return r;
}

// Every entry under dir, hidden ones too, relative and sorted.
QStringList entriesUnder(const QString& dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        out << QDir(dir).relativeFilePath(it.next());
    }
    out.sort();
    return out;
}

// The int64 .npy the core writes for indices: header dict, then little-endian data.
bool readInt64Npy(const QString& path, std::vector<long long>* shape, std::vector<std::int64_t>* data)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return false;
    }
    const QByteArray bytes = file.readAll();
    if (!bytes.startsWith("\x93NUMPY")) {
        return false;
    }
    const int major = uchar(bytes[6]);
    const int headerLen = major == 1 ? uchar(bytes[8]) | (uchar(bytes[9]) << 8)
                                     : int(qFromLittleEndian<quint32>(bytes.constData() + 8));
    const int headerStart = major == 1 ? 10 : 12;
    const QString header = QString::fromLatin1(bytes.mid(headerStart, headerLen));
    if (!header.contains(QStringLiteral("'descr': '<i8'")) ||
        !header.contains(QStringLiteral("'fortran_order': False"))) {
        return false;
    }
    const QRegularExpression shapeRe(QStringLiteral("'shape': \\(([0-9, ]*)\\)"));
    const auto match = shapeRe.match(header);
    if (!match.hasMatch()) {
        return false;
    }
    shape->clear();
    for (const QString& part : match.captured(1).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        shape->push_back(part.trimmed().toLongLong());
    }
    const QByteArray payload = bytes.mid(headerStart + headerLen);
    data->resize(std::size_t(payload.size()) / sizeof(std::int64_t));
    std::memcpy(data->data(), payload.constData(), data->size() * sizeof(std::int64_t));
    return true;
}

int countVideoFrames(const QString& path, QSize* size, QImage* first)
{
    cv::VideoCapture capture(QFile::encodeName(path).toStdString(), cv::CAP_FFMPEG);
    if (!capture.isOpened()) {
        return -1;
    }
    *size = QSize(int(capture.get(cv::CAP_PROP_FRAME_WIDTH)), int(capture.get(cv::CAP_PROP_FRAME_HEIGHT)));
    int frames = 0;
    cv::Mat bgr;
    while (capture.read(bgr)) {
        if (frames == 0) {
            cv::Mat rgb;
            cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
            *first = toQImage(rgb);
        }
        ++frames;
    }
    return frames;
}

bool isRoot()
{
    return ::geteuid() == 0;
}

// A folder nobody may create files in. sysfs refuses even root; a 0555 folder
// refuses everyone else (root ignores permission bits).
struct Unwritable {
    QString dir;
    std::unique_ptr<QTemporaryDir> owned;
};

// What the OS says: EACCES for a new file, EPERM for a new folder in sysfs.
bool namesTheReason(const QString& error)
{
    return error.contains(QStringLiteral("Permission denied")) ||
           error.contains(QStringLiteral("Operation not permitted"));
}

Unwritable unwritableFolder(const QString& kind)
{
    Unwritable u;
    if (kind == QLatin1String("sysfs")) {
        u.dir = QStringLiteral("/sys");
        return u;
    }
    u.owned = std::make_unique<QTemporaryDir>();
    u.dir = u.owned->filePath(QStringLiteral("locked"));
    QDir().mkpath(u.dir);
    QFile::setPermissions(u.dir, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup |
                                     QFile::ReadOther | QFile::ExeOther);
    return u;
}

AnimationExportOptions animationOptions(const QString& path, int first, int last, int perStep = 1,
                                        double fps = 10)
{
    AnimationExportOptions o;
    o.path = path;
    o.firstStep = first;
    o.lastStep = last;
    o.framesPerStep = perStep;
    o.fps = fps;
    return o;
}

FrameSource syntheticFrames(QSize size)
{
    return [size](double position) { return stageLikeFrame(size, position); };
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();

    void viewPngReadsBack_data();
    void viewPngReadsBack();
    void viewPngRefusesToOverwrite();
    void viewPngReplacesWhenAllowed();
    void unwritableFolderFails_data();
    void unwritableFolderFails();
    void fullDiskFailsAndLeavesNothing_data();
    void fullDiskFailsAndLeavesNothing();
    void failedOrCancelledWritesLeaveNothing_data();
    void failedOrCancelledWritesLeaveNothing();

    void stageMapsReadBack_data();
    void stageMapsReadBack();
    void stageNpyReadsBack_data();
    void stageNpyReadsBack();
    void indicesNpyReadsBack();
    void resultExportsWriteEveryStage_data();
    void resultExportsWriteEveryStage();
    void resultExportIsAllOrNothing_data();
    void resultExportIsAllOrNothing();

    void animationOptionsAreChecked_data();
    void animationOptionsAreChecked();
    void animationWritesEveryFrame_data();
    void animationWritesEveryFrame();
    void animationCancelLeavesNothing_data();
    void animationCancelLeavesNothing();
    void animationOverwriteNeedsTheFlag_data();
    void animationOverwriteNeedsTheFlag();
    void animationFailureLeavesNothing();

    void controllerSavesAndReports();
    void controllerFailureKeepsTheSession();
    void controllerExportsForSlides();
    void controllerWaitsForTheMapsWithoutBlocking_data();
    void controllerWaitsForTheMapsWithoutBlocking();
    void controllerAnimationStopsWhenTheResultChanges();
    void dialogIsNonModalAndExports();
    void dialogShowsProblemsInline();
    void dialogCancelStopsTheExport();
    void dialogShowsTheWaitAndCancelsIt();
};

void TestExport::initTestCase()
{
    qRegisterMetaType<AnimationExport::Outcome>();
}

// ---- view PNG

void TestExport::viewPngReadsBack_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("small") << QSize(17, 9);
    QTest::newRow("screen") << QSize(1280, 720);
    QTest::newRow("tall odd") << QSize(301, 999);
}

void TestExport::viewPngReadsBack()
{
    QFETCH(QSize, size);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("view.png"));
    const QImage image = stageLikeFrame(size, 2.5, ColorMap::Diverging);
    QString error;
    QVERIFY2(writeViewPng(image, path, &error), qPrintable(error));
    const QImage back(path);
    QCOMPARE(back.size(), size);
    QCOMPARE(colourError(back, image).max, 0); // PNG is lossless
    QCOMPARE(entriesUnder(dir.path()), QStringList{QStringLiteral("view.png")});
}

void TestExport::viewPngRefusesToOverwrite()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("view.png"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("keep me");
    old.close();
    QString error;
    QVERIFY(!writeViewPng(stageLikeFrame(QSize(40, 30), 0), path, &error));
    QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("keep me"));
    QCOMPARE(entriesUnder(dir.path()), QStringList{QStringLiteral("view.png")});
}

void TestExport::viewPngReplacesWhenAllowed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("view.png"));
    QString error;
    QVERIFY(writeViewPng(stageLikeFrame(QSize(40, 30), 0), path, &error));
    QVERIFY2(writeViewPng(stageLikeFrame(QSize(64, 48), 1), path, &error, Overwrite::Allow),
             qPrintable(error));
    QCOMPARE(QImage(path).size(), QSize(64, 48));
    // A new file gets the usual permissions, not a temporary file's owner-only ones.
    QVERIFY(QFileInfo(path).permissions() & QFile::ReadOther);
}

void TestExport::fullDiskFailsAndLeavesNothing_data()
{
    QTest::addColumn<QString>("kind");
    for (const char* kind : {"png", "maps", "npy", "mp4", "gif"})
        QTest::newRow(kind) << QString::fromLatin1(kind);
}

// Larger than the disk: the OS's "No space left on device" reaches the user and no
// partial file or temporary stays behind.
void TestExport::fullDiskFailsAndLeavesNothing()
{
    QFETCH(QString, kind);
    const test::TinyDisk tiny;
    if (!tiny.mounted())
        QSKIP("mounting a small tmpfs needs root");
    const QString folder = QString::fromStdString(tiny.path());
    const QSize size(640, 480); // noisy frames: far more than 64 KiB as PNG, GIF or MP4
    const PipelineResult result = resultWith(true, true);
    QString error;
    bool ok = true;
    if (kind == QLatin1String("png")) {
        QImage noise(size, QImage::Format_RGB32);
        for (int y = 0; y < size.height(); ++y)
            for (int x = 0; x < size.width(); ++x)
                noise.setPixel(x, y, qRgb((x * 7919 + y * 104729) % 256, (x * y * 31) % 256, (x ^ y) % 256));
        ok = writeViewPng(noise, folder + QStringLiteral("/view.png"), &error);
    } else if (kind == QLatin1String("maps")) {
        PipelineResult big = result;
        Tensor noise(16, 200, 200);
        for (std::size_t i = 0; i < noise.size(); ++i)
            noise.data()[i] = float((i * 2654435761u) % 1000) / 1000.f;
        big.poolInput = std::move(noise);
        ok = writeResultMaps(big, folder, &error);
    } else if (kind == QLatin1String("npy")) {
        ok = writeStageNpy(Tensor(4, 100, 100), folder + QStringLiteral("/big.npy"), &error);
    } else {
        AnimationExport exporter([size](double position) {
            QImage frame = stageLikeFrame(size, position);
            for (int y = 0; y < size.height(); y += 2) // defeat compression
                for (int x = int(position) % 2; x < size.width(); x += 2)
                    frame.setPixel(x, y,
                                   qRgb((x * y + int(position * 97)) % 256, (x * 13) % 256, (y * 7) % 256));
            return frame;
        });
        QSignalSpy finished(&exporter, &AnimationExport::finished);
        ok = exporter.start(animationOptions(folder + QStringLiteral("/sweep.") + kind, 0, 29), 30, &error);
        if (ok) {
            QVERIFY(finished.wait(120000));
            ok = finished.first().at(0).value<AnimationExport::Outcome>() ==
                 AnimationExport::Outcome::Finished;
            error = finished.first().at(1).toString();
        }
    }
    QVERIFY(!ok);
    QVERIFY2(error.contains(QStringLiteral("No space left on device")), qPrintable(error));
    QCOMPARE(entriesUnder(folder), QStringList{});
}

void TestExport::failedOrCancelledWritesLeaveNothing_data()
{
    QTest::addColumn<QString>("kind");
    for (const char* kind : {"writer gives up", "file appears meanwhile", "gif abandoned", "gif discarded",
                             "gif file appears meanwhile"})
        QTest::newRow(kind) << QString::fromLatin1(kind);
}

// Every way an export through a QSaveFile can end without success: while it
// writes, the target is not there yet; afterwards the folder is as it was
// (no temporary), and a file that appeared at the target meanwhile is kept.
void TestExport::failedOrCancelledWritesLeaveNothing()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("out.gif"));
    const auto appear = [&] {
        QFile other(target);
        QVERIFY(other.open(QIODevice::WriteOnly | QIODevice::NewOnly));
        other.write("someone else's");
    };
    QStringList whileWriting;
    QString error;
    if (kind == QLatin1String("writer gives up") || kind == QLatin1String("file appears meanwhile")) {
        const bool giveUp = kind == QLatin1String("writer gives up");
        const bool ok = saveFile(target, Overwrite::Refuse, &error, [&](QSaveFile& file, QString* why) {
            file.write(QByteArray(1 << 20, 'x'));
            file.flush();
            whileWriting = entriesUnder(dir.path());
            if (!giveUp)
                appear();
            *why = QStringLiteral("given up");
            return !giveUp;
        });
        QVERIFY(!ok);
        QVERIFY2(error.contains(giveUp ? QStringLiteral("given up") : QStringLiteral("already exists")),
                 qPrintable(error));
    } else {
        const std::vector<QImage> frames{stageLikeFrame(QSize(64, 48), 0), stageLikeFrame(QSize(64, 48), 1)};
        {
            GifWriter writer;
            QVERIFY2(writer.create(target, &error), qPrintable(error));
            QVERIFY2(writer.begin(QSize(64, 48), GifPalette::fromImages(frames), &error), qPrintable(error));
            for (const QImage& f : frames)
                QVERIFY2(writer.addFrame(f, 10, &error), qPrintable(error));
            whileWriting = entriesUnder(dir.path());
            if (kind == QLatin1String("gif discarded")) {
                writer.discard();
                QCOMPARE(entriesUnder(dir.path()), QStringList{});
            } else if (kind == QLatin1String("gif file appears meanwhile")) {
                QVERIFY2(writer.finish(&error), qPrintable(error));
                appear();
                QVERIFY(!writer.commit(Overwrite::Refuse, &error));
                QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
            }
        } // "gif abandoned": destroyed unfinished
    }
    // Qt writes an unnamed file where the system has them (O_TMPFILE), else a
    // temporary beside the target: never the target itself.
    QVERIFY2(whileWriting.size() <= 1 && !whileWriting.contains(QStringLiteral("out.gif")),
             qPrintable(whileWriting.join(' ')));
    if (kind.contains(QLatin1String("appears"))) {
        QCOMPARE(entriesUnder(dir.path()), QStringList{QStringLiteral("out.gif")});
        QFile kept(target);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("someone else's"));
    } else {
        QCOMPARE(entriesUnder(dir.path()), QStringList{});
    }
}

void TestExport::unwritableFolderFails_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("kind");
    for (const char* folder : {"sysfs", "read-only"}) {
        for (const char* kind : {"png", "maps", "npy", "stage npy", "mp4", "gif"}) {
            QTest::addRow("%s, %s", folder, kind) << QString::fromLatin1(folder) << QString::fromLatin1(kind);
        }
    }
}

void TestExport::unwritableFolderFails()
{
    QFETCH(QString, folder);
    QFETCH(QString, kind);
    if (folder == QLatin1String("read-only") && isRoot()) {
        QSKIP("root writes into read-only folders; the sysfs rows cover root");
    }
    const Unwritable target = unwritableFolder(folder);
    // All of a small folder; in sysfs, whose tree the kernel changes at any time,
    // only what an export could have left there.
    const auto listing = [&] {
        return folder == QLatin1String("sysfs")
                   ? QDir(target.dir)
                         .entryList({QStringLiteral("*poolscope*"), QStringLiteral(".export-*")},
                                    QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)
                   : entriesUnder(target.dir);
    };
    const QStringList before = listing();
    const PipelineResult result = resultWith(true, true);
    QString error;
    bool ok = true;
    if (kind == QLatin1String("png")) {
        ok = writeViewPng(stageLikeFrame(QSize(40, 30), 0), target.dir + QStringLiteral("/poolscope.png"),
                          &error);
    } else if (kind == QLatin1String("maps")) {
        ok = writeResultMaps(result, target.dir, &error);
    } else if (kind == QLatin1String("npy")) {
        ok = writeResultNpy(result, target.dir, &error);
    } else if (kind == QLatin1String("stage npy")) {
        ok = writeStageNpy(result.input, target.dir + QStringLiteral("/poolscope.npy"), &error);
    } else {
        AnimationExport exporter(syntheticFrames(QSize(64, 48)));
        ok = exporter.start(animationOptions(target.dir + QStringLiteral("/poolscope.") + kind, 0, 3), 10,
                            &error);
        QVERIFY(!exporter.isRunning());
    }
    QVERIFY(!ok);
    QVERIFY2(namesTheReason(error), qPrintable(error));
    QCOMPARE(listing(), before);
}

// ---- feature maps and arrays

void TestExport::stageMapsReadBack_data()
{
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("one channel") << 1 << 5 << 7;
    QTest::newRow("rgb") << 3 << 28 << 28;
    QTest::newRow("twelve channels") << 12 << 3 << 2;
}

void TestExport::stageMapsReadBack()
{
    QFETCH(int, channels);
    QFETCH(int, height);
    QFETCH(int, width);
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("maps"));
    const Tensor t = ramp(channels, height, width);
    QString error;
    QVERIFY2(writeStageMaps(t, out, &error), qPrintable(error));
    const ValueRange range = value_range(t);
    for (int c = 0; c < channels; ++c) {
        const QImage png(
            QDir(out).filePath(QStringLiteral("channel_%1.png").arg(c, 2, 10, QLatin1Char('0'))));
        QCOMPARE(png.size(), QSize(width, height));
        QCOMPARE(colourError(png, colorizedPlane(t.plane(c), range, auto_colormap(range))).max, 0);
    }
    QVERIFY(!QImage(QDir(out).filePath(QStringLiteral("montage.png"))).isNull());
    QCOMPARE(int(entriesUnder(out).size()), channels + 1); // and no staging leftovers
}

void TestExport::stageNpyReadsBack_data()
{
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("1x1x1") << 1 << 1 << 1;
    QTest::newRow("3x28x28") << 3 << 28 << 28;
    QTest::newRow("16x5x9") << 16 << 5 << 9;
}

void TestExport::stageNpyReadsBack()
{
    QFETCH(int, channels);
    QFETCH(int, height);
    QFETCH(int, width);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("maps.npy"));
    Tensor t = ramp(channels, height, width);
    t.at(0, 0, 0) = std::numeric_limits<float>::quiet_NaN(); // NaN survives as NaN
    QString error;
    QVERIFY2(writeStageNpy(t, path, &error), qPrintable(error));
    const NpyArray back = read_npy(QFile::encodeName(path).toStdString());
    QCOMPARE(back.shape, (std::vector<long long>{1, channels, height, width}));
    QVERIFY(bitEqual(back.tensor, t));
    QVERIFY(!writeStageNpy(t, path, &error));
    QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
}

void TestExport::indicesNpyReadsBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("indices.npy"));
    const IndexTensor idx = indicesFor(2, 3, 4);
    QString error;
    QVERIFY2(writeIndicesNpy(idx, path, &error), qPrintable(error));
    std::vector<long long> shape;
    std::vector<std::int64_t> data;
    QVERIFY(readInt64Npy(path, &shape, &data));
    QCOMPARE(shape, (std::vector<long long>{1, 2, 3, 4}));
    QCOMPARE(data, idx.data);
    QVERIFY(!writeIndicesNpy(IndexTensor{}, dir.filePath(QStringLiteral("none.npy")), &error));
}

void TestExport::resultExportsWriteEveryStage_data()
{
    QTest::addColumn<bool>("conv");
    QTest::addColumn<bool>("indices");
    QTest::newRow("conv, max pooling") << true << true;
    QTest::newRow("conv, avg pooling") << true << false;
    QTest::newRow("no conv, max pooling") << false << true;
}

void TestExport::resultExportsWriteEveryStage()
{
    QFETCH(bool, conv);
    QFETCH(bool, indices);
    const PipelineResult result = resultWith(conv, indices);
    QTemporaryDir dir;
    QString error;

    const QString maps = dir.filePath(QStringLiteral("maps"));
    QVERIFY2(writeResultMaps(result, maps, &error), qPrintable(error));
    QStringList files;
    for (const QString& entry : entriesUnder(maps)) {
        if (QFileInfo(QDir(maps).filePath(entry)).isFile()) {
            files << entry;
        }
    }
    QStringList expected = resultMapFiles(result);
    expected.sort();
    QCOMPARE(files, expected);
    QCOMPARE(files.contains(QStringLiteral("conv/montage.png")), conv);
    QCOMPARE(QImage(QDir(maps).filePath(QStringLiteral("pooled/channel_00.png"))).size(), QSize(5, 4));

    const QString arrays = dir.filePath(QStringLiteral("arrays"));
    QVERIFY2(writeResultNpy(result, arrays, &error), qPrintable(error));
    expected = resultNpyFiles(result);
    expected.sort();
    QCOMPARE(entriesUnder(arrays), expected);
    for (const NamedStage& stage : exportStages(result)) {
        const NpyArray back =
            read_npy(QFile::encodeName(QDir(arrays).filePath(stage.name + ".npy")).toStdString());
        QVERIFY(bitEqual(back.tensor, *stage.maps));
    }
    QCOMPARE(QFileInfo::exists(QDir(arrays).filePath(QStringLiteral("indices.npy"))), indices);
    if (indices) {
        // Computed for the export: PyTorch's indices of the result's pooling.
        std::vector<long long> shape;
        std::vector<std::int64_t> data;
        QVERIFY(readInt64Npy(QDir(arrays).filePath(QStringLiteral("indices.npy")), &shape, &data));
        const IndexTensor want = pool(result.poolInput.for_reading(), result.pool).indices;
        QCOMPARE(shape, (std::vector<long long>{1, want.channels, want.height, want.width}));
        QCOMPARE(data, want.data);
    }
}

void TestExport::resultExportIsAllOrNothing_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("existing");
    QTest::newRow("maps") << QStringLiteral("maps") << QStringLiteral("pooled/montage.png");
    QTest::newRow("npy") << QStringLiteral("npy") << QStringLiteral("pooled.npy");
}

void TestExport::resultExportIsAllOrNothing()
{
    QFETCH(QString, kind);
    QFETCH(QString, existing);
    const PipelineResult result = resultWith(true, true);
    QTemporaryDir dir;
    const QString path = dir.filePath(existing);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("keep me");
    old.close();
    const QStringList before = entriesUnder(dir.path());

    QString error;
    const auto write = kind == QLatin1String("maps") ? &writeResultMaps : &writeResultNpy;
    QVERIFY(!write(result, dir.path(), &error, Overwrite::Refuse));
    QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
    QCOMPARE(entriesUnder(dir.path()), before);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("keep me"));
    old.close();

    QVERIFY2(write(result, dir.path(), &error, Overwrite::Allow), qPrintable(error));
    QVERIFY(QFileInfo(path).size() > 7);
}

// ---- animation

void TestExport::animationOptionsAreChecked_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<int>("perStep");
    QTest::addColumn<double>("fps");
    QTest::addColumn<QString>("problem"); // empty: accepted
    QTest::newRow("mp4") << "a.mp4" << 0 << 9 << 1 << 10.0 << "";
    QTest::newRow("gif, upper case") << "a.GIF" << 3 << 3 << 4 << 50.0 << "";
    QTest::newRow("other extension") << "a.avi" << 0 << 9 << 1 << 10.0 << ".mp4 or .gif";
    QTest::newRow("past the last step") << "a.mp4" << 0 << 10 << 1 << 10.0 << "between 1 and 10";
    QTest::newRow("reversed range") << "a.mp4" << 5 << 4 << 1 << 10.0 << "between 1 and 10";
    QTest::newRow("gif too fast") << "a.gif" << 0 << 9 << 1 << 60.0 << "between 1 and 50";
    QTest::newRow("mp4 60 fps") << "a.mp4" << 0 << 9 << 1 << 60.0 << "";
    QTest::newRow("no frames per step") << "a.mp4" << 0 << 9 << 0 << 10.0 << "Frames per step";
}

void TestExport::animationOptionsAreChecked()
{
    QFETCH(QString, name);
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(int, perStep);
    QFETCH(double, fps);
    QFETCH(QString, problem);
    const QString message = validateAnimationOptions(animationOptions(name, first, last, perStep, fps), 10);
    if (problem.isEmpty()) {
        QVERIFY2(message.isEmpty(), qPrintable(message));
    } else {
        QVERIFY2(message.contains(problem), qPrintable(message));
    }
}

void TestExport::animationWritesEveryFrame_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<int>("perStep");
    QTest::addColumn<double>("fps");
    QTest::addColumn<QSize>("expectedSize");
    QTest::addColumn<int>("expectedFrames");
    QTest::newRow("mp4, whole range")
        << "a.mp4" << QSize(320, 240) << 0 << 11 << 1 << 10.0 << QSize(320, 240) << 12;
    QTest::newRow("mp4, odd size cropped to even")
        << "b.mp4" << QSize(331, 199) << 2 << 6 << 1 << 25.0 << QSize(330, 198) << 5;
    QTest::newRow("mp4, gliding") << "c.mp4" << QSize(256, 144) << 0 << 4 << 4 << 30.0 << QSize(256, 144)
                                  << 17;
    QTest::newRow("mp4, one step") << "d.mp4" << QSize(128, 96) << 7 << 7 << 1 << 1.0 << QSize(128, 96) << 1;
    QTest::newRow("gif, whole range")
        << "e.gif" << QSize(320, 240) << 0 << 11 << 1 << 10.0 << QSize(320, 240) << 12;
    QTest::newRow("gif, odd size kept")
        << "f.gif" << QSize(331, 199) << 2 << 6 << 1 << 7.0 << QSize(331, 199) << 5;
    QTest::newRow("gif, gliding") << "g.gif" << QSize(200, 120) << 1 << 3 << 3 << 30.0 << QSize(200, 120)
                                  << 7;
}

void TestExport::animationWritesEveryFrame()
{
    QFETCH(QString, name);
    QFETCH(QSize, size);
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(int, perStep);
    QFETCH(double, fps);
    QFETCH(QSize, expectedSize);
    QFETCH(int, expectedFrames);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    AnimationExport exporter(syntheticFrames(size));
    QSignalSpy finished(&exporter, &AnimationExport::finished);
    QSignalSpy progress(&exporter, &AnimationExport::progress);
    bool visibleEarly = false;
    connect(&exporter, &AnimationExport::progress, this, [&] { visibleEarly |= QFileInfo::exists(path); });
    QString error;
    QVERIFY2(exporter.start(animationOptions(path, first, last, perStep, fps), 12, &error),
             qPrintable(error));
    QCOMPARE(exporter.totalFrames(), expectedFrames);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).value<AnimationExport::Outcome>(), AnimationExport::Outcome::Finished);
    QCOMPARE(finished.first().at(1).toString(), path);
    QVERIFY(!visibleEarly); // the file appears only when complete
    QCOMPARE(progress.last().at(0).toInt(), expectedFrames);
    QCOMPARE(entriesUnder(dir.path()), QStringList{name}); // no temporary left

    const QImage firstSource = stageLikeFrame(size, first).copy(QRect(QPoint(0, 0), expectedSize));
    if (name.endsWith(QLatin1String(".mp4"))) {
        QSize videoSize;
        QImage firstFrame;
        QCOMPARE(countVideoFrames(path, &videoSize, &firstFrame), expectedFrames);
        QCOMPARE(videoSize, expectedSize);
        const auto e = coarseColourError(firstFrame, firstSource);
        QVERIFY2(e.mean < 4.0, qPrintable(QStringLiteral("mean error %1").arg(e.mean)));
    } else {
        const auto gif = decodeGif(path);
        QVERIFY2(gif.ok, qPrintable(gif.error));
        QCOMPARE(gif.screen, expectedSize);
        QCOMPARE(int(gif.frames.size()), expectedFrames);
        QCOMPARE(std::accumulate(gif.delays.begin(), gif.delays.end(), 0),
                 int(std::lround(expectedFrames * 100.0 / fps)));
        for (int i : {0, expectedFrames - 1}) {
            const QImage source = stageLikeFrame(
                size, animationFramePosition(animationOptions(path, first, last, perStep, fps), i));
            const auto e = colourError(gif.frames[std::size_t(i)], source);
            QVERIFY2(e.max <= 12 && e.mean < 1.0,
                     qPrintable(QStringLiteral("frame %1: max %2 mean %3").arg(i).arg(e.max).arg(e.mean)));
        }
    }
}

void TestExport::animationCancelLeavesNothing_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("cancelAfter"); // frames encoded before cancelling
    QTest::newRow("mp4 at once") << "a.mp4" << 0;
    QTest::newRow("mp4 midway") << "a.mp4" << 5;
    QTest::newRow("gif at once") << "a.gif" << 0;
    QTest::newRow("gif midway") << "a.gif" << 5;
}

void TestExport::animationCancelLeavesNothing()
{
    QFETCH(QString, name);
    QFETCH(int, cancelAfter);
    QTemporaryDir dir;
    AnimationExport exporter(syntheticFrames(QSize(320, 240)));
    QSignalSpy finished(&exporter, &AnimationExport::finished);
    connect(&exporter, &AnimationExport::progress, &exporter, [&](int done) {
        if (done >= cancelAfter) {
            exporter.cancel();
        }
    });
    QString error;
    QVERIFY(exporter.start(animationOptions(dir.filePath(name), 0, 399, 2), 400, &error));
    if (cancelAfter == 0) {
        exporter.cancel();
    }
    QVERIFY(finished.count() == 1 || finished.wait(60000));
    QCOMPARE(finished.first().at(0).value<AnimationExport::Outcome>(), AnimationExport::Outcome::Cancelled);
    QVERIFY(!exporter.isRunning());
    QCOMPARE(entriesUnder(dir.path()), QStringList{});
}

void TestExport::animationOverwriteNeedsTheFlag_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("mp4") << "a.mp4";
    QTest::newRow("gif") << "a.gif";
}

void TestExport::animationOverwriteNeedsTheFlag()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("keep me");
    old.close();
    AnimationExport exporter(syntheticFrames(QSize(64, 48)));
    QSignalSpy finished(&exporter, &AnimationExport::finished);
    QString error;
    QVERIFY(!exporter.start(animationOptions(path, 0, 2), 3, &error));
    QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
    QCOMPARE(QFileInfo(path).size(), 7);
    QCOMPARE(entriesUnder(dir.path()), QStringList{name});

    AnimationExportOptions options = animationOptions(path, 0, 2);
    options.overwrite = Overwrite::Allow;
    QVERIFY2(exporter.start(options, 3, &error), qPrintable(error));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).value<AnimationExport::Outcome>(), AnimationExport::Outcome::Finished);
    QVERIFY(QFileInfo(path).size() > 7);
    QVERIFY(QFileInfo(path).permissions() & QFile::ReadOther);
}

void TestExport::animationFailureLeavesNothing()
{
    QTemporaryDir dir;
    // The renderer gives up at the fourth step.
    AnimationExport exporter(
        [](double position) { return position < 3 ? stageLikeFrame(QSize(64, 48), position) : QImage(); });
    QSignalSpy finished(&exporter, &AnimationExport::finished);
    QString error;
    QVERIFY(exporter.start(animationOptions(dir.filePath(QStringLiteral("a.gif")), 0, 9), 10, &error));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).value<AnimationExport::Outcome>(), AnimationExport::Outcome::Failed);
    QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("could not be drawn")),
             qPrintable(finished.first().at(1).toString()));
    QCOMPARE(entriesUnder(dir.path()), QStringList{});
}

// ---- the controller and its dialog, on a real session and stage

void TestExport::controllerSavesAndReports()
{
    Session session;
    session.waitForIdle();
    StageView view(&session);
    view.resize(800, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ExportController controller(&session, &view, nullptr);
    QSignalSpy notices(&controller, &ExportController::notice);
    QTemporaryDir dir;

    const QString png = dir.filePath(QStringLiteral("view.png"));
    QVERIFY(controller.saveViewPng(png, Overwrite::Refuse));
    QCOMPARE(QImage(png).size(), QSize(800, 500));
    QCOMPARE(notices.last().at(1).toBool(), false);
    QVERIFY(notices.last().at(0).toString().contains(QStringLiteral("view.png")));

    QVERIFY(controller.saveFeatureMaps(dir.filePath(QStringLiteral("maps")), Overwrite::Refuse));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("maps/pooled/montage.png"))));
    QVERIFY(controller.saveNpy(dir.filePath(QStringLiteral("arrays")), Overwrite::Refuse));
    const NpyArray pooled =
        read_npy(QFile::encodeName(dir.filePath(QStringLiteral("arrays/pooled.npy"))).toStdString());
    QVERIFY(bitEqual(pooled.tensor, session.result()->pooled.output));

    QSignalSpy finished(controller.animationExport(), &AnimationExport::finished);
    const QString video = dir.filePath(QStringLiteral("sweep.mp4"));
    QVERIFY(controller.startAnimation(animationOptions(video, 0, 5), QSize(400, 250)));
    QVERIFY(controller.animationRunning());
    QVERIFY(finished.wait(60000));
    QSize videoSize;
    QImage firstFrame;
    QCOMPARE(countVideoFrames(video, &videoSize, &firstFrame), 6);
    QCOMPARE(videoSize, QSize(400, 250));
    // The frames are the stage's own off-screen rendering.
    const QImage expected = view.renderFrame(QSize(400, 250), 0.0);
    const auto e = coarseColourError(firstFrame, expected);
    QVERIFY2(e.mean < 4.0, qPrintable(QStringLiteral("mean error %1").arg(e.mean)));
    QVERIFY(notices.last().at(0).toString().contains(QStringLiteral("sweep.mp4")));
}

// PNG at 2x and 4x, SVG with its text as text, and the arithmetic burnt in on request.
void TestExport::controllerExportsForSlides()
{
    Session session;
    session.waitForIdle();
    StageView view(&session);
    view.resize(800, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    session.waitForMaps();
    ExportController controller(&session, &view, nullptr);
    QTemporaryDir dir;

    for (const int scale : {2, 4}) {
        const QString png = dir.filePath(QStringLiteral("view-%1x.png").arg(scale));
        QVERIFY(controller.saveViewPng(png, Overwrite::Refuse, scale));
        QCOMPARE(QImage(png).size(), QSize(800, 500) * scale);
    }

    const QString plainPng = dir.filePath(QStringLiteral("plain.png"));
    QVERIFY(controller.saveViewPng(plainPng, Overwrite::Refuse));
    const QString plainSvg = dir.filePath(QStringLiteral("plain.svg"));
    QVERIFY(controller.saveViewSvg(plainSvg, Overwrite::Refuse));

    QSignalSpy burnt(&controller, &ExportController::burnArithmeticChanged);
    controller.setBurnArithmetic(true);
    QCOMPARE(burnt.count(), 1);
    const QString arithmeticPng = dir.filePath(QStringLiteral("arithmetic.png"));
    QVERIFY(controller.saveViewPng(arithmeticPng, Overwrite::Refuse));
    const QString arithmeticSvg = dir.filePath(QStringLiteral("arithmetic.svg"));
    QVERIFY(controller.saveViewSvg(arithmeticSvg, Overwrite::Refuse));

    const auto text = [](const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    };
    const QString plain = text(plainSvg), arithmetic = text(arithmeticSvg);
    QVERIFY(plain.startsWith(QStringLiteral("<?xml")));
    QVERIFY(plain.contains(QStringLiteral("<svg")));
    // The titles are text elements, not pixels.
    QVERIFY2(plain.contains(QStringLiteral("<text")), qPrintable(plain.left(400)));
    // The current window's arithmetic ("max(...) = ..."), only where it was asked for.
    QVERIFY2(view.arithmeticText().startsWith(QStringLiteral("max(")), qPrintable(view.arithmeticText()));
    QVERIFY(!plain.contains(QStringLiteral("max(")));
    QVERIFY(arithmetic.contains(QStringLiteral("max(")));
    QVERIFY(QImage(plainPng) != QImage(arithmeticPng));

    // Animation frames carry it too: the first frame is the stage with its caption.
    QSignalSpy finished(controller.animationExport(), &AnimationExport::finished);
    const QString video = dir.filePath(QStringLiteral("sweep.mp4"));
    const int step = session.step();
    QVERIFY(controller.startAnimation(animationOptions(video, step, step + 1), QSize(400, 250)));
    QVERIFY(finished.wait(60000));
    QImage firstFrame;
    QSize videoSize;
    QCOMPARE(countVideoFrames(video, &videoSize, &firstFrame), 2);
    const auto with =
        coarseColourError(firstFrame, view.renderFrame(QSize(400, 250), step, RenderOptions{true, 1.0}));
    const auto without = coarseColourError(firstFrame, view.renderFrame(QSize(400, 250), step));
    QVERIFY2(with.mean < without.mean,
             qPrintable(QStringLiteral("%1 against %2").arg(with.mean).arg(without.mean)));
}

void TestExport::controllerFailureKeepsTheSession()
{
    Session session;
    session.waitForIdle();
    StageView view(&session);
    ExportController controller(&session, &view, nullptr);
    QSignalSpy notices(&controller, &ExportController::notice);
    const auto before = session.result();
    session.setPosition(3);

    QVERIFY(!controller.saveViewPng(QStringLiteral("/sys/poolscope.png"), Overwrite::Allow));
    QVERIFY(!controller.saveNpy(QStringLiteral("/sys"), Overwrite::Allow));
    QVERIFY(
        !controller.startAnimation(animationOptions(QStringLiteral("/sys/a.gif"), 0, 2), QSize(200, 100)));
    QCOMPARE(notices.count(), 3);
    for (const auto& notice : notices) {
        QVERIFY(notice.at(1).toBool());
        QVERIFY2(namesTheReason(notice.at(0).toString()), qPrintable(notice.at(0).toString()));
    }
    QCOMPARE(session.result(), before);
    QCOMPARE(session.position(), 3.0);
}

void TestExport::controllerWaitsForTheMapsWithoutBlocking_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("cancel");
    QTest::newRow("view") << "view" << false;
    QTest::newRow("view, cancelled") << "view" << true;
    QTest::newRow("animation") << "animation" << false;
    QTest::newRow("animation, cancelled") << "animation" << true;
}

// Maps past 256 x 256 cells of another channel are made on the maps thread: the
// export says it waits, returns at once, and writes when they arrive, or never
// once cancelled.
void TestExport::controllerWaitsForTheMapsWithoutBlocking()
{
    QFETCH(QString, kind);
    QFETCH(bool, cancel);
    Session session;
    session.setInput(Tensor(1, 600, 600), QStringLiteral("zeros"));
    session.waitForIdle();
    StageView view(&session);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ExportController controller(&session, &view, nullptr);
    QSignalSpy notices(&controller, &ExportController::notice);
    QSignalSpy finished(controller.animationExport(), &AnimationExport::finished);
    QTemporaryDir dir;
    const QString path = dir.filePath(kind == QLatin1String("view") ? "view.png" : "sweep.gif");

    session.setFocusedChannel(2);
    QVERIFY(!session.focusedMaps()); // asked of the maps thread
    QSignalSpy maps(&session, &Session::focusedMapsChanged);
    if (kind == QLatin1String("view"))
        QVERIFY(controller.saveViewPng(path, Overwrite::Refuse));
    else
        QVERIFY(controller.startAnimation(animationOptions(path, 0, 3), QSize(160, 100)));
    QVERIFY(controller.exportWaiting());
    QVERIFY(!controller.animationRunning());
    QVERIFY(notices.last().at(0).toString().contains(QStringLiteral("Waiting for the maps of channel 2")));
    QCOMPARE(entriesUnder(dir.path()), QStringList{});
    if (cancel) {
        QProgressDialog* box = nullptr;
        for (QWidget* w : QApplication::topLevelWidgets())
            if (w->objectName() == QLatin1String("exportWaitDialog"))
                box = qobject_cast<QProgressDialog*>(w);
        QVERIFY(box != nullptr);
        auto* cancelButton = box->findChild<QPushButton*>();
        QVERIFY(cancelButton != nullptr);
        cancelButton->click();
        QVERIFY(!controller.exportWaiting());
        QVERIFY(notices.last().at(0).toString().contains(QStringLiteral("cancelled")));
    }
    QVERIFY(maps.wait(60000));
    QVERIFY(session.focusedMaps());
    QCOMPARE(controller.exportWaiting(), false);
    if (cancel) {
        QCoreApplication::processEvents();
        QVERIFY(!controller.animationRunning());
        QCOMPARE(entriesUnder(dir.path()), QStringList{});
        return;
    }
    if (kind == QLatin1String("animation")) {
        QVERIFY(controller.animationRunning());
        QVERIFY(finished.count() == 1 || finished.wait(60000));
        QCOMPARE(finished.first().at(0).value<AnimationExport::Outcome>(),
                 AnimationExport::Outcome::Finished);
        QCOMPARE(int(decodeGif(path).frames.size()), 4);
    } else {
        QCOMPARE(QImage(path).size(), QSize(400, 300));
    }
    QVERIFY(notices.last().at(0).toString().contains(QFileInfo(path).fileName()));
    QCOMPARE(entriesUnder(dir.path()), QStringList{QFileInfo(path).fileName()});
}

void TestExport::controllerAnimationStopsWhenTheResultChanges()
{
    Session session;
    session.waitForIdle();
    StageView view(&session);
    ExportController controller(&session, &view, nullptr);
    QSignalSpy notices(&controller, &ExportController::notice);
    QSignalSpy finished(controller.animationExport(), &AnimationExport::finished);
    QTemporaryDir dir;
    const int steps = session.stepCount();
    QVERIFY(steps > 4);
    QVERIFY(controller.startAnimation(
        animationOptions(dir.filePath(QStringLiteral("a.mp4")), 0, steps - 1, 8), QSize(320, 200)));
    PoolSpec avg = session.pool();
    avg.op = PoolOp::Avg;
    session.setPool(avg);
    session.waitForIdle();
    QVERIFY(finished.count() == 1 || finished.wait(60000));
    QCOMPARE(finished.first().at(0).value<AnimationExport::Outcome>(), AnimationExport::Outcome::Cancelled);
    QVERIFY(notices.last().at(1).toBool());
    QVERIFY(notices.last().at(0).toString().contains(QStringLiteral("stopped")));
    QCOMPARE(entriesUnder(dir.path()), QStringList{});
}

void TestExport::dialogIsNonModalAndExports()
{
    Session session;
    session.waitForIdle();
    StageView view(&session);
    QWidget window;
    ExportController controller(&session, &view, &window);
    controller.exportAnimation();
    AnimationExportDialog* dialog = controller.animationDialog();
    QVERIFY(dialog != nullptr);
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isModal());
    QCOMPARE(dialog->lastStepBox()->value(), session.stepCount());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("clip.gif"));
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(int(AnimationFormat::Gif)));
    dialog->pathEdit()->clear();
    QTest::keyClicks(dialog->pathEdit(), path);
    dialog->lastStepBox()->setValue(4);
    QSignalSpy finished(controller.animationExport(), &AnimationExport::finished);
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY(controller.animationRunning());
    QVERIFY(!dialog->exportButton()->isEnabled());
    QVERIFY(finished.wait(60000));
    QVERIFY(dialog->exportButton()->isEnabled());
    const auto gif = decodeGif(path);
    QVERIFY2(gif.ok, qPrintable(gif.error));
    QCOMPARE(int(gif.frames.size()), 4);
    QCOMPARE(gif.screen, dialog->frameSize());
}

void TestExport::dialogShowsProblemsInline()
{
    Session session;
    session.waitForIdle();
    StageView view(&session);
    ExportController controller(&session, &view, nullptr);
    controller.exportAnimation();
    AnimationExportDialog* dialog = controller.animationDialog();
    QTemporaryDir dir;
    dialog->pathEdit()->setText(dir.filePath(QStringLiteral("clip.avi")));
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY(!controller.animationRunning());
    QVERIFY2(dialog->errorText().contains(QStringLiteral(".mp4 or .gif")), qPrintable(dialog->errorText()));
    QCOMPARE(entriesUnder(dir.path()), QStringList{});

    dialog->pathEdit()->setText(QStringLiteral("/sys/clip.mp4"));
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY2(namesTheReason(dialog->errorText()), qPrintable(dialog->errorText()));
    QVERIFY(dialog->isVisible()); // the form stays, with what the user typed
    QCOMPARE(dialog->pathEdit()->text(), QStringLiteral("/sys/clip.mp4"));
}

void TestExport::dialogCancelStopsTheExport()
{
    Session session;
    session.waitForIdle();
    StageView view(&session);
    ExportController controller(&session, &view, nullptr);
    controller.exportAnimation();
    AnimationExportDialog* dialog = controller.animationDialog();
    QTemporaryDir dir;
    dialog->pathEdit()->setText(dir.filePath(QStringLiteral("long.mp4")));
    dialog->framesPerStepBox()->setValue(30);
    QSignalSpy finished(controller.animationExport(), &AnimationExport::finished);
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY(controller.animationRunning());
    QVERIFY(dialog->progressBar()->isVisible());
    QCOMPARE(dialog->cancelButton()->text(), QStringLiteral("Cancel"));
    QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
    QVERIFY(finished.count() == 1 || finished.wait(60000));
    QCOMPARE(finished.first().at(0).value<AnimationExport::Outcome>(), AnimationExport::Outcome::Cancelled);
    QVERIFY(dialog->isVisible()); // Cancel stopped the export; it did not close the form
    QCOMPARE(entriesUnder(dir.path()), QStringList{});
}

// Asked for from its dialog while the maps are made, the animation waits in the
// dialog (locked, the bar busy, the wait said), and its Cancel drops it.
void TestExport::dialogShowsTheWaitAndCancelsIt()
{
    Session session;
    session.setInput(Tensor(1, 600, 600), QStringLiteral("zeros"));
    session.waitForIdle();
    StageView view(&session);
    ExportController controller(&session, &view, nullptr);
    controller.exportAnimation();
    AnimationExportDialog* dialog = controller.animationDialog();
    QTemporaryDir dir;
    dialog->pathEdit()->setText(dir.filePath(QStringLiteral("wait.mp4")));
    dialog->lastStepBox()->setValue(3);
    session.setFocusedChannel(3);
    QVERIFY(!session.focusedMaps());
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY(controller.exportWaiting());
    QVERIFY(!controller.animationRunning());
    QVERIFY(!dialog->exportButton()->isEnabled());
    QCOMPARE(dialog->progressBar()->maximum(), 0);
    for (QWidget* w : QApplication::topLevelWidgets())
        QVERIFY(w->objectName() != QLatin1String("exportWaitDialog") || !w->isVisible());
    QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
    QVERIFY(!controller.exportWaiting());
    QVERIFY(dialog->exportButton()->isEnabled());
    QVERIFY(dialog->isVisible());
    QSignalSpy maps(&session, &Session::focusedMapsChanged);
    QVERIFY(maps.wait(60000));
    QCoreApplication::processEvents();
    QVERIFY(!controller.animationRunning());
    QCOMPARE(entriesUnder(dir.path()), QStringList{});
}

QTEST_MAIN(TestExport)
#include "test_export.moc"
