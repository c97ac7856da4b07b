// Session files through the window: what is saved opens back to the same input,
// parameters, channel, step and speed; a file input moves with its lesson folder;
// a damaged session changes only its valid fields and says what it ignored; a file
// that is no session changes nothing.
#include <QDir>
#include <QFile>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include "core/io/image_io.h"
#include "tests/ui/test_support.h"
#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/model/session.h"
#include "ui/shell/main_window.h"
#include "ui/shell/session_file_io.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

struct Fixture {
    ManualAnimationClock clock;
    MainWindow window{nullptr, &clock};
    Fixture()
    {
        window.resize(1200, 800);
        window.show();
        session()->waitForIdle();
        window.animator()->pause();
    }
    Session* session() const { return window.session(); }
    QString notice() const { return window.messageBar()->text(); }
};

QString writePicture(const QString& path, int h, int w)
{
    cv::Mat bgr(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(7 * x), uchar(11 * y), uchar(x + y));
    QDir().mkpath(QFileInfo(path).absolutePath());
    cv::imwrite(QFile::encodeName(path).toStdString(), bgr);
    return path;
}

void writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

} // namespace

class TestSessionFileIo : public QObject {
    Q_OBJECT
private slots:
    void saveAndOpenRestoreEverything();
    void aFileInputTravelsWithTheLessonFolder();
    void aDamagedSessionKeepsWhatIsValid();
    void aMissingInputKeepsTheCurrentOne();
    void notASessionChangesNothing_data();
    void notASessionChangesNothing();
    void savingIntoAMissingFolderFails();
};

void TestSessionFileIo::saveAndOpenRestoreEverything()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("lesson.poolscope");
    PoolSpec pool;
    pool.op = PoolOp::Avg;
    pool.kernel = {3, 3};
    pool.stride = Size2{2, 2};
    pool.padding = {1, 1};
    pool.count_include_pad = false;
    ConvSpec conv = Session::defaultConv();
    conv.out_channels = 3;
    {
        Fixture f;
        QVERIFY(f.session()->loadSample("scene"));
        f.session()->setConv(conv);
        f.session()->setPool(pool);
        f.session()->waitForIdle();
        f.session()->setFocusedChannel(2);
        QVERIFY(f.session()->setRegion(QRect(10, 4, 30, 20))); // the step counts inside it
        f.session()->setLabView(LabView::Coverage);
        f.session()->setStep(17);
        f.window.animator()->setSpeed(25);
        QVERIFY(f.window.saveSession(path));
        QVERIFY2(f.notice().contains("lesson.poolscope"), qPrintable(f.notice()));
    }
    Fixture f;
    QCOMPARE(f.session()->inputSample(), QString("digit"));
    QVERIFY(f.window.openFile(path)); // the same door as images: dialog, drop, recent
    f.session()->waitForIdle();
    QCoreApplication::processEvents();
    QCOMPARE(f.session()->inputSample(), QString("scene"));
    QCOMPARE(f.session()->pool().op, PoolOp::Avg);
    QCOMPARE(f.session()->pool().kernel, (Size2{3, 3}));
    QCOMPARE(f.session()->pool().stride, (std::optional<Size2>(Size2{2, 2})));
    QCOMPARE(f.session()->pool().count_include_pad, false);
    QCOMPARE(f.session()->conv().out_channels, 3);
    QCOMPARE(f.session()->focusedChannel(), 2);
    QCOMPARE(f.session()->region(), std::optional<QRect>(QRect(10, 4, 30, 20)));
    QCOMPARE(f.session()->labView(), LabView::Coverage);
    QCOMPARE(f.session()->step(), 17);
    QCOMPARE(f.window.animator()->speed(), 25.0);
    QCOMPARE(f.window.recentFiles().value(0), QFileInfo(path).absoluteFilePath());
    QVERIFY2(!f.notice().contains("ignoring"), qPrintable(f.notice()));
}

void TestSessionFileIo::aFileInputTravelsWithTheLessonFolder()
{
    QTemporaryDir dir;
    const QString picture = writePicture(dir.filePath("lesson/pictures/cat 猫.png"), 12, 20);
    {
        Fixture f;
        QVERIFY(f.window.openFile(picture));
        f.session()->waitForLoad();
        QVERIFY(f.window.saveSession(dir.filePath("lesson/cat.poolscope")));
    }
    QFile saved(dir.filePath("lesson/cat.poolscope"));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(saved.readAll()).contains("\"pictures/cat 猫.png\""));
    saved.close();
    QVERIFY(QDir(dir.path()).rename("lesson", "moved"));

    Fixture f;
    QVERIFY(f.window.openSession(dir.filePath("moved/cat.poolscope")));
    f.session()->waitForIdle();
    QCOMPARE(f.session()->inputPath(),
             QFileInfo(dir.filePath("moved/pictures/cat 猫.png")).absoluteFilePath());
    QVERIFY(test::bitEqual(
        f.session()->result()->input,
        load_image(QFile::encodeName(dir.filePath("moved/pictures/cat 猫.png")).toStdString())));
}

void TestSessionFileIo::aDamagedSessionKeepsWhatIsValid()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("damaged.poolscope");
    writeText(path, R"({"format": "poolscope-session", "version": 1,
        "pool": {"op": "min", "kernel_size": [0, 0], "stride": "two", "padding": 1},
        "conv": {"out_channels": 99}, "view": {"speed": -3}})");
    Fixture f;
    QVERIFY(f.window.openSession(path));
    f.session()->waitForIdle();
    QCOMPARE(f.session()->pool().op, PoolOp::Min);
    QCOMPARE(f.session()->pool().padding, (Size2{1, 1}));
    QCOMPARE(f.session()->pool().kernel, Session::defaultPool().kernel);
    QCOMPARE(f.session()->pool().stride, Session::defaultPool().stride);
    QCOMPARE(f.session()->conv().out_channels, Session::defaultConv().out_channels);
    QCOMPARE(f.window.animator()->speed(), Animator::kDefaultSpeed);
    QVERIFY2(f.notice().contains("pool.kernel_size: [0,0]"), qPrintable(f.notice()));
    QVERIFY2(f.notice().contains("and 2 more"), qPrintable(f.notice()));
}

void TestSessionFileIo::aMissingInputKeepsTheCurrentOne()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("gone.poolscope");
    writeText(path, R"({"format": "poolscope-session", "version": 1, "input": {"file": "gone.png"},
                        "pool": {"op": "avg"}})");
    Fixture f;
    const ReadOnlyTensor before = f.session()->input();
    QVERIFY(f.window.openSession(path));
    f.session()->waitForIdle();
    QVERIFY(test::bitEqual(f.session()->input(), before));
    QCOMPARE(f.session()->pool().op, PoolOp::Avg);
    QVERIFY2(f.notice().contains("gone.png"), qPrintable(f.notice()));
}

void TestSessionFileIo::notASessionChangesNothing_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("png bytes") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    QTest::newRow("other json") << QByteArray(R"({"cells": [], "nbformat": 4})");
    QTest::newRow("deep") << QByteArray(200000, '[');
    QTest::newRow("too large") << QByteArray(int(SessionFile::kMaxBytes) + 1, ' ');
}

void TestSessionFileIo::notASessionChangesNothing()
{
    QFETCH(QByteArray, bytes);
    QTemporaryDir dir;
    const QString path = dir.filePath("not.poolscope");
    writeText(path, bytes);
    Fixture f;
    const PoolSpec pool = f.session()->pool();
    const QString input = f.session()->inputName();
    QVERIFY(!f.window.openFile(path));
    QCOMPARE(f.session()->pool().op, pool.op);
    QCOMPARE(f.session()->pool().kernel, pool.kernel);
    QCOMPARE(f.session()->inputName(), input);
    QVERIFY2(f.notice().startsWith("Could not open not.poolscope"), qPrintable(f.notice()));
    QVERIFY(f.window.recentFiles().isEmpty());
}

void TestSessionFileIo::savingIntoAMissingFolderFails()
{
    QTemporaryDir dir;
    Fixture f;
    QVERIFY(!f.window.saveSession(dir.filePath("no/such/folder/x.poolscope")));
    QVERIFY2(f.notice().startsWith("Could not save x.poolscope"), qPrintable(f.notice()));
    QVERIFY(!QFileInfo::exists(dir.filePath("no")));
}

QTEST_MAIN(TestSessionFileIo)
#include "test_session_file_io.moc"
