// MainWindow: starts on the sample with the core's numbers, keyboard shortcuts,
// files by dialog-free open, drop and paste, settings round trip, and a
// screenshot compared against a reference picture.
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include "core/conv/conv_ops.h"
#include "core/io/image_io.h"
#include "core/io/npy_io.h"
#include "core/io/samples.h"
#include "core/pool/pool_ops.h"
#include "core/shape/pool_shape.h"
#include "tests/ui/image_compare.h"
#include "tests/ui/test_support.h"
#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/model/input_tensor.h"
#include "ui/model/mat_image.h"
#include "ui/model/session.h"
#include "ui/panels/math_panel.h"
#include "ui/panels/shape_panel.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"
#include "ui/stage/channel_strip.h"
#include "ui/stage/stage_view.h"
#include "ui/stage/view_transform.h"
#include "ui/text/display_names.h"
#include "ui/text/math_text.h"
#include "ui/text/term_breaks.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

const QSize kShotSize(1500, 940);

// A shown, active window on the manual clock (the sweep moves only when told).
struct Fixture {
    ManualAnimationClock clock;
    MainWindow window;
    explicit Fixture(AppSettings* settings = nullptr) : window(settings, &clock)
    {
        window.setSidePanelsTabbed(false); // the reference picture's layout, whatever the screen
        window.resize(kShotSize);
        window.show();
        window.activateWindow();
        if (!QTest::qWaitForWindowActive(&window))
            qWarning("the window did not become active");
        window.session()->waitForIdle();
        QCoreApplication::processEvents();
    }
    Session* session() const { return window.session(); }
};

QString shapeText(const Tensor& t)
{
    return QString::fromUtf8("%1 × %2 × %3").arg(t.channels()).arg(t.height()).arg(t.width());
}

// The state both screenshot tests look at: paused at the first step of channel 1.
void screenshotState(Fixture& f)
{
    f.window.animator()->pause();
    f.window.animator()->toStart();
    f.session()->setFocusedChannel(1);
    f.session()->waitForMaps(); // the values, not the thumbnail standing in, even on a busy machine
    f.window.stageView()->setFocus();
    QTest::qWait(50);
}

// As written: the arithmetic's no-break spaces (where a line may not break) read as spaces.
QString labelText(const QWidget& window, const char* name)
{
    const auto* label = window.findChild<QLabel*>(name);
    return label ? plainArithmetic(label->text()) : QStringLiteral("<no label %1>").arg(name);
}

QString writeRamp(const QTemporaryDir& dir, const QString& name, int h, int w)
{
    cv::Mat bgr(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(9 * x), uchar(13 * y), uchar(x * y));
    const QString path = dir.filePath(name);
    cv::imwrite(path.toStdString(), bgr);
    return path;
}

// A .npy file as NumPy writes it: version 1.0, the header padded to 64 bytes.
QByteArray npyBytes(const QByteArray& descr, const QByteArray& shape, const QByteArray& data)
{
    QByteArray dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    while ((10 + dict.size() + 1) % 64 != 0)
        dict += ' ';
    dict += '\n';
    QByteArray out("\x93NUMPY\x01\x00", 8);
    out += char(dict.size() & 0xff);
    out += char(dict.size() >> 8);
    return out + dict + data;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void startsOnTheSampleWithTheCoreNumbers();
    void stepShortcuts_data();
    void stepShortcuts();
    void spaceTogglesPlayback();
    void spaceStaysWithFocusedCheckBox();
    void viewShortcuts();
    void openFailureKeepsInputAndTellsWhy();
    void openingAnImagesArrayTellsHowItWasRead();
    void badFileNamedWithItsReason_data();
    void badFileNamedWithItsReason();
    void dropOpensFile();
    void pasteImage();
    void settingsRoundTrip();
    void darkTheme();
    void loadingShowsInTheStatusBar();
    void screenshotNumbersAreTheCores();
    void screenshotMatchesReference();
};

void TestMainWindow::initTestCase()
{
    // A fixed look, so the screenshot does not depend on the desktop.
    Theme::apply(ThemeKind::Light);
    QApplication::setFont(QFont("DejaVu Sans", 11));
}

void TestMainWindow::startsOnTheSampleWithTheCoreNumbers()
{
    Fixture f;
    auto r = f.session()->result();
    QVERIFY(r);
    const Sample& sample = default_sample();
    const Tensor input =
        grayIfNeutral(decode_image(std::vector<unsigned char>(sample.png.begin(), sample.png.end())));
    QVERIFY(test::bitEqual(r->input, input));
    QVERIFY(f.window.windowTitle().contains(toQString(sample.title)));

    const Size2 convOut = conv_output_size(Session::defaultConv(), input.height(), input.width());
    const PoolGeometry g = resolve_geometry(Session::defaultPool(), convOut.h, convOut.w);
    const QString summary = f.window.shapePanel()->summaryText();
    QVERIFY2(summary.contains(shapeText(input)), qPrintable(summary));
    QVERIFY2(summary.contains(QString::fromUtf8("%1 × %2 × %3")
                                  .arg(Session::defaultConv().out_channels)
                                  .arg(g.out.h)
                                  .arg(g.out.w)),
             qPrintable(summary));

    // The arithmetic shown is the current window's, with the core's result.
    const WindowTrace* t = f.session()->currentTrace();
    QVERIFY(t);
    QCOMPARE(t->result, r->pooled.output.at(t->channel, t->oy, t->ox));
    QVERIFY(f.window.mathPanel()->headingText().contains(formatValue(t->result)));
    QVERIFY(f.window.mathPanel()->operationText().startsWith("max("));
    QVERIFY(f.window.mathPanel()->formulaText().contains(QString::fromStdString(r->shape.formula_h)));
    QVERIFY(f.window.animator()->isPlaying());
}

void TestMainWindow::stepShortcuts_data()
{
    QTest::addColumn<QList<int>>("keys");
    QTest::addColumn<int>("step"); // -1: the last step
    QTest::newRow("right") << QList<int>{Qt::Key_Right} << 1;
    QTest::newRow("right right left") << QList<int>{Qt::Key_Right, Qt::Key_Right, Qt::Key_Left} << 1;
    QTest::newRow("end") << QList<int>{Qt::Key_End} << -1;
    QTest::newRow("end left") << QList<int>{Qt::Key_End, Qt::Key_Left} << -2;
    QTest::newRow("end home") << QList<int>{Qt::Key_End, Qt::Key_Home} << 0;
}

void TestMainWindow::stepShortcuts()
{
    QFETCH(QList<int>, keys);
    QFETCH(int, step);
    Fixture f;
    f.session()->setPosition(0); // a new input starts at its first informative window
    for (int key : keys)
        QTest::keyClick(f.window.stageView(), Qt::Key(key));
    const int expected = step < 0 ? f.session()->stepCount() + step : step;
    QCOMPARE(f.session()->step(), expected);
    QVERIFY(!f.window.animator()->isPlaying()); // stepping pauses
    const QPoint cell = f.session()->stepCell(expected);
    QCOMPARE(f.window.mathPanel()->shownTrace()->oy, cell.y());
    QCOMPARE(f.window.mathPanel()->shownTrace()->ox, cell.x());
}

void TestMainWindow::spaceTogglesPlayback()
{
    Fixture f;
    QVERIFY(f.window.animator()->isPlaying());
    QTest::keyClick(f.window.stageView(), Qt::Key_Space);
    QVERIFY(!f.window.animator()->isPlaying());
    const double before = f.session()->position();
    f.clock.advance(1000);
    QCOMPARE(f.session()->position(), before);
    QTest::keyClick(f.window.stageView(), Qt::Key_Space);
    QVERIFY(f.window.animator()->isPlaying());
    f.clock.advance(1000);
    QVERIFY(f.session()->position() > before);
}

void TestMainWindow::spaceStaysWithFocusedCheckBox()
{
    Fixture f;
    auto* ceil = f.window.findChild<QCheckBox*>("ceilMode");
    QVERIFY(ceil);
    ceil->setFocus();
    QVERIFY(f.window.animator()->isPlaying());
    QTest::keyClick(ceil, Qt::Key_Space);
    QVERIFY(ceil->isChecked());
    QVERIFY(f.session()->pool().ceil_mode);
    QVERIFY(f.window.animator()->isPlaying()); // the shortcut did not fire

    // A letter searches a focused combo box instead of triggering "F" (fit).
    auto* op = f.window.findChild<QComboBox*>("poolOp");
    QVERIFY(op);
    op->setFocus();
    QTest::keyClick(op, Qt::Key_F);
    QCOMPARE(f.session()->pool().op, PoolOp::FractionalMax);
}

void TestMainWindow::viewShortcuts()
{
    Fixture f;
    StageView* stage = f.window.stageView();
    const double zoom = stage->viewTransform()->zoom();
    QTest::keyClick(stage, Qt::Key_Plus);
    QVERIFY(stage->viewTransform()->zoom() > zoom);
    QTest::keyClick(stage, Qt::Key_Minus);
    QTest::keyClick(stage, Qt::Key_Minus);
    QVERIFY(stage->viewTransform()->zoom() < zoom);
    QTest::keyClick(stage, Qt::Key_F);
    QVERIFY(stage->viewTransform()->isFitted());
    const bool values = stage->showValues();
    QTest::keyClick(stage, Qt::Key_V);
    QCOMPARE(stage->showValues(), !values);
}

void TestMainWindow::openFailureKeepsInputAndTellsWhy()
{
    Fixture f;
    const QString name = f.session()->inputName();
    QTemporaryDir dir;
    const QString missing = dir.filePath("no-such-picture.png");
    QVERIFY(f.window.openFile(missing)); // started: read on the loader thread
    f.session()->waitForLoad();
    QCOMPARE(f.session()->inputName(), name);
    QVERIFY(f.window.messageBar()->text().contains("no-such-picture.png"));
    QVERIFY(f.window.recentFiles().isEmpty());
}

// An image saved from NumPy, (H, W, 3): opened as three channels, and the status
// bar says the array was read channels last.
void TestMainWindow::openingAnImagesArrayTellsHowItWasRead()
{
    Fixture f;
    QTemporaryDir dir;
    const QString path = dir.filePath("picture.npy");
    write_npy(QFile::encodeName(path).toStdString(), Tensor(1, 12, 30), {12, 10, 3});
    QVERIFY(f.window.openFile(path));
    f.session()->waitForIdle();
    QCOMPARE(f.session()->input().channels(), 3);
    QCOMPARE(f.session()->input().height(), 12);
    QCOMPARE(f.session()->input().width(), 10);
    const QString message = f.window.messageBar()->text();
    QVERIFY2(message.contains("picture.npy") && message.contains("read as height, width, channels"),
             qPrintable(message));
}

// What main() does with a file named on the command line: a file PoolScope
// cannot read is named in the message bar with the reason, and the picture stays.
void TestMainWindow::badFileNamedWithItsReason_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");
    QTest::newRow("renamed text") << "notes.png" << QByteArray("Remember: bring the projector cable.\n")
                                  << "image";
    QTest::newRow("empty") << "empty.png" << QByteArray() << "empty";
    QTest::newRow("4-D npy") << "batch.npy" << npyBytes("<f4", "(2, 1, 2, 2)", QByteArray(32, '\0'))
                             << "batch";
    QTest::newRow("boolean npy") << "mask.npy" << npyBytes("|b1", "(2, 2)", QByteArray(4, '\1')) << "b1";
}

void TestMainWindow::badFileNamedWithItsReason()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    Fixture f;
    const ReadOnlyTensor before = f.session()->input();
    const QString inputName = f.session()->inputName();
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
    file.close();
    QVERIFY(f.window.openFile(path));
    f.session()->waitForLoad();
    QCOMPARE(f.session()->inputName(), inputName);
    QVERIFY(f.session()->input().data() == before.data());
    MessageBar* bar = f.window.messageBar();
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->kind(), MessageBar::Kind::Error);
    const QString text = bar->text();
    QVERIFY2(text.startsWith("Could not open " + name + ": ") && !text.contains(dir.path()) &&
                 text.contains(reason, Qt::CaseInsensitive) && text.endsWith("The previous picture stays."),
             qPrintable(text));
    // Above the stage, not under it.
    QVERIFY(bar->geometry().bottom() <= f.window.stageView()->geometry().top());
}

void TestMainWindow::dropOpensFile()
{
    Fixture f;
    QTemporaryDir dir;
    const QString path = writeRamp(dir, "dropped.png", 9, 13);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPointF pos(f.window.width() / 2.0, f.window.height() / 2.0);
    QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&f.window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&f.window, &drop);
    f.session()->waitForIdle();
    QCOMPARE(f.session()->inputName(), QString("dropped.png"));
    QVERIFY(test::bitEqual(f.session()->result()->input, load_image(path.toStdString())));
    QCOMPARE(f.window.recentFiles().value(0), QFileInfo(path).absoluteFilePath());
}

void TestMainWindow::pasteImage()
{
    Fixture f;
    QImage image(10, 12, QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixelColor(x, y, QColor(20 * x, 10 * y, 100));
    QApplication::clipboard()->setImage(image);
    QTest::keyClick(f.window.stageView(), Qt::Key_V, Qt::ControlModifier);
    f.session()->waitForIdle();
    QCOMPARE(f.session()->input().height(), 12);
    QCOMPARE(f.session()->input().width(), 10);
    QVERIFY(test::bitEqual(f.session()->input(), toTensor(image)));
}

void TestMainWindow::settingsRoundTrip()
{
    QTemporaryDir dir;
    QSettings store(dir.filePath("settings.ini"), QSettings::IniFormat);
    AppSettings settings(&store);
    PoolSpec spec;
    spec.op = PoolOp::Avg;
    spec.kernel = {3, 2};
    spec.stride = std::nullopt;
    spec.padding = {1, 1};
    spec.count_include_pad = false;
    spec.divisor_override = 5;
    const QString picture = writeRamp(dir, "remembered.png", 6, 6);
    {
        Fixture f(&settings);
        f.session()->setPool(spec);
        QVERIFY(f.window.openFile(picture));
        f.session()->waitForLoad();
        f.window.close();
    }
    Fixture again(&settings);
    const PoolSpec& back = again.session()->pool();
    QCOMPARE(back.op, spec.op);
    QCOMPARE(back.kernel, spec.kernel);
    QVERIFY(!back.stride.has_value());
    QCOMPARE(back.padding, spec.padding);
    QCOMPARE(back.count_include_pad, spec.count_include_pad);
    QCOMPARE(back.divisor_override, spec.divisor_override);
    QCOMPARE(again.window.recentFiles().value(0), QFileInfo(picture).absoluteFilePath());
}

void TestMainWindow::darkTheme()
{
    Fixture f;
    f.window.setDarkTheme(true);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
    QCOMPARE(Theme::current(), ThemeKind::Dark);
    f.window.setDarkTheme(false);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);
}

// A file being read shows its name and a busy bar in the status bar; the
// window goes on painting meanwhile (the session's test times that).
void TestMainWindow::loadingShowsInTheStatusBar()
{
    Fixture f;
    QTemporaryDir dir;
    const QString path = writeRamp(dir, "slowly.png", 30, 40);
    auto* indicator = f.window.findChild<QWidget*>("loadingIndicator");
    QVERIFY(indicator);
    QVERIFY(!indicator->isVisible());
    f.window.openFile(path);
    QVERIFY(indicator->isVisible());
    QCOMPARE(labelText(f.window, "loadingLabel"), QString::fromUtf8("Opening slowly.png…"));
    auto* bar = f.window.findChild<QProgressBar*>("loadingBar");
    QVERIFY(bar && bar->isVisible());
    QCOMPARE(bar->maximum(), 0); // no end known: busy
    f.session()->waitForLoad();
    QVERIFY(!indicator->isVisible());
    QCOMPARE(f.session()->inputName(), QString("slowly.png"));
    QVERIFY(f.window.messageBar()->text().contains("Opened slowly.png"));
}

// The texts of the screenshot that carry numbers, against the core's numbers
// for the default sample: a changed number passes the picture comparison's
// tolerance, not this. The core computes, the test writes the texts.
void TestMainWindow::screenshotNumbersAreTheCores()
{
    Fixture f;
    screenshotState(f);
    const Sample& sample = default_sample();
    const Tensor input =
        grayIfNeutral(decode_image(std::vector<unsigned char>(sample.png.begin(), sample.png.end())));
    const ConvSpec conv = Session::defaultConv();
    const Tensor convOut = conv_stage(input, conv);
    const PoolResult pooled = pool(convOut, Session::defaultPool(), PoolOptions{.indices = true});
    const int c = 1, H = convOut.height(), W = convOut.width();
    const int oh = pooled.output.height(), ow = pooled.output.width();
    const auto shape = [](int ch, int h, int w) {
        return QString::fromUtf8("%1 × %2 × %3").arg(ch).arg(h).arg(w);
    };

    QCOMPARE(f.window.windowTitle(), QString::fromUtf8("%1 — PoolScope").arg(toQString(sample.title)));
    QCOMPARE(labelText(f.window, "stepLabel"), QString("step 1 / %1").arg(oh * ow));

    // Step 0 of channel 1: output cell (0, 0), the 2 x 2 window at the top left.
    const float result = pooled.output.at(c, 0, 0);
    QCOMPARE(labelText(f.window, "mathHeading"),
             QString("Output row 0, column 0 of channel %1 = %2").arg(c).arg(formatValue(result)));
    QCOMPARE(labelText(f.window, "mathOperation"), QString("max(%1, %2, %3, %4) = %5")
                                                       .arg(formatValue(convOut.at(c, 0, 0)))
                                                       .arg(formatValue(convOut.at(c, 0, 1)))
                                                       .arg(formatValue(convOut.at(c, 1, 0)))
                                                       .arg(formatValue(convOut.at(c, 1, 1)))
                                                       .arg(formatValue(result)));
    const std::int64_t index = pooled.indices.at(c, 0, 0);
    QCOMPARE(labelText(f.window, "mathChosen"), QString("chosen: input row %1, column %2 = %3")
                                                    .arg(index / W)
                                                    .arg(index % W)
                                                    .arg(formatValue(result)));
    QCOMPARE(labelText(f.window, "mathIndex"),
             QString::fromUtf8("PyTorch index = row × W + column = %1 × %2 + %3 = %4")
                 .arg(index / W)
                 .arg(W)
                 .arg(index % W)
                 .arg(index));
    // PyTorch's formula with the numbers put in, ending in the output size.
    const PoolSpec spec = Session::defaultPool();
    const auto formula = [&](int in, int k, int s, int p, int d, int out) {
        return QString("floor((%1 + 2*%2 - %3*(%4-1) - 1) / %5) + 1 = %6")
            .arg(in)
            .arg(p)
            .arg(d)
            .arg(k)
            .arg(s)
            .arg(out);
    };
    QCOMPARE(labelText(f.window, "mathFormula"),
             QString("Output size:\nH_out = %1\nW_out = %2")
                 .arg(formula(H, spec.kernel.h, spec.stride->h, spec.padding.h, spec.dilation.h, oh),
                      formula(W, spec.kernel.w, spec.stride->w, spec.padding.w, spec.dilation.w, ow)));

    QCOMPARE(labelText(f.window, "inputShape"), shape(input.channels(), input.height(), input.width()));
    QCOMPARE(labelText(f.window, "convShape"), shape(convOut.channels(), H, W));
    QCOMPARE(labelText(f.window, "poolShape"), shape(pooled.output.channels(), oh, ow));
    const int weights = conv.out_channels * input.channels() * conv.kernel.h * conv.kernel.w;
    QCOMPARE(labelText(f.window, "parameterCount"),
             QString::fromUtf8("Parameters: convolution %1 × %2 × %3 × %4 weights + %5 biases = %6; pooling "
                               "has 0 parameters (only hyperparameters).")
                 .arg(conv.out_channels)
                 .arg(input.channels())
                 .arg(conv.kernel.h)
                 .arg(conv.kernel.w)
                 .arg(conv.out_channels)
                 .arg(weights + conv.out_channels));
    const QLocale english(QLocale::English);
    QCOMPARE(labelText(f.window, "compression"),
             QString::fromUtf8("Compression: %1 → %2 cells per channel, %3× fewer (%4 → %5 in all).")
                 .arg(english.toString(H * W))
                 .arg(english.toString(oh * ow))
                 .arg(QString::number(double(H * W) / double(oh * ow), 'f', 2))
                 .arg(english.toString(convOut.channels() * H * W))
                 .arg(english.toString(pooled.output.channels() * oh * ow)));
}

void TestMainWindow::screenshotMatchesReference()
{
    Fixture f;
    screenshotState(f);
    // The panels lay out again one frame after the stage (and later on a busy
    // machine): the picture compared is the one that stopped changing.
    QImage shot = f.window.grab().toImage();
    for (int i = 0; i < 100; ++i) {
        QTest::qWait(20);
        QImage next = f.window.grab().toImage();
        if (next == shot)
            break;
        shot = std::move(next);
    }
    // The status bar shows compute times, which vary run to run.
    shot = shot.copy(0, 0, shot.width(), f.window.statusBar()->geometry().top());
    const QString path = QStringLiteral(POOLSCOPE_UI_TEST_DIR "/reference/main_window.png");
    if (test::updatingReferences()) {
        QVERIFY(shot.save(path));
        qWarning("reference rewritten: %s", qPrintable(path));
        return;
    }
    const QImage reference(path);
    QVERIFY2(!reference.isNull(), "missing reference; run with POOLSCOPE_UPDATE_REFERENCE=1");
    const test::ImageDiff d = test::compareImages(shot, reference, 48);
    if (!d.sameSize || d.differingFraction > 0.005) {
        const QString actual = QDir::temp().filePath("main_window.actual.png");
        shot.save(actual);
        QFAIL(qPrintable(QString("screenshot differs from the reference: size %1, %2% of pixels off "
                                 "(max channel delta %3); this build's picture: %4")
                             .arg(d.sameSize ? "same" : "differs")
                             .arg(d.differingFraction * 100, 0, 'f', 2)
                             .arg(d.maxChannelDelta)
                             .arg(actual)));
    }
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
