// Presentation mode: F5 hides the docks, menus, status bar, channel strip and
// transport and fills the screen, Esc leaves, and it is remembered; the keys
// K/S/P/T change the pool spec within PyTorch's rules (refusals in the message
// bar), in normal mode too; ? shows the key overlay, ? or Esc closes it.
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QtTest>

#include "ui/animation/animation_clock.h"
#include "ui/animation/transport_bar.h"
#include "ui/model/session.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/key_overlay.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"
#include "ui/stage/channel_strip.h"
#include "ui/stage/stage_view.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

struct Fixture {
    ManualAnimationClock clock;
    MainWindow window;
    explicit Fixture(AppSettings* settings = nullptr) : window(settings, &clock)
    {
        window.resize(1280, 720);
        window.show();
        window.activateWindow();
        if (!QTest::qWaitForWindowActive(&window))
            qWarning("the window did not become active");
        session()->waitForIdle();
    }
    Session* session() const { return window.session(); }
    // A key as a person presses it, to whatever has the focus.
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget* focus = QApplication::focusWidget();
        QTest::keyClick(focus ? focus : &window, Qt::Key(key), modifiers);
        session()->waitForIdle();
    }
};

// The size of the widget in every frame that painted it: a frame is a repaint
// request or a resize (painted at once), and the widget may paint several
// regions in one.
class PaintedFrames : public QObject {
public:
    explicit PaintedFrames(QWidget* w) : w_(w) { w->installEventFilter(this); }
    QList<QSize> sizes;

protected:
    bool eventFilter(QObject* watched, QEvent* e) override
    {
        if (watched != w_)
            return false;
        if (e->type() == QEvent::UpdateRequest || e->type() == QEvent::Resize)
            ++frame_;
        if (e->type() == QEvent::Paint && frame_ != paintedFrame_) {
            paintedFrame_ = frame_;
            sizes << w_->size();
        }
        return false;
    }

private:
    QWidget* w_;
    int frame_ = 0, paintedFrame_ = -1;
};

int visibleDocks(const MainWindow& w)
{
    int n = 0;
    for (const QDockWidget* d : w.findChildren<QDockWidget*>())
        n += d->isVisible();
    return n;
}

} // namespace

class TestPresentation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { Theme::apply(ThemeKind::Light); }
    void f5EntersAndEscLeaves();
    void eachToggleIsPaintedOnceAtItsSize();
    void rememberedInTheSettings();
    void poolKeysChangeTheSpec();
    void invalidChangeIsRefusedWithTheReason();
    void keysOnlyForParametersTheOpReads();
    void questionMarkShowsTheKeys();
};

void TestPresentation::f5EntersAndEscLeaves()
{
    Fixture f;
    const int docks = visibleDocks(f.window);
    QVERIFY(docks > 0);
    f.press(Qt::Key_F5);
    QVERIFY(f.window.presenting());
    QVERIFY(f.window.isFullScreen());
    QCOMPARE(visibleDocks(f.window), 0);
    QVERIFY(!f.window.menuBar()->isVisible());
    QVERIFY(!f.window.statusBar()->isVisible());
    QVERIFY(!f.window.channelStrip()->isVisible());
    QVERIFY(!f.window.transportBar()->isVisible());
    QVERIFY(f.window.stageView()->isVisible());
    // The keys still work with the panels hidden.
    const int step = f.session()->step();
    f.press(Qt::Key_Right);
    QCOMPARE(f.session()->step(), step + 1);
    f.press(Qt::Key_Down);
    QCOMPARE(f.session()->focusedChannel(), 1);
    // A notice still shows, above the stage, in larger type.
    f.window.messageBar()->showMessage("notice", MessageBar::Kind::Warning);
    QVERIFY(f.window.messageBar()->isVisible());
    auto* text = f.window.messageBar()->findChild<QLabel*>("messageText");
    QVERIFY(text);
    QVERIFY2(text->font().pointSizeF() > f.window.font().pointSizeF() * 1.4,
             qPrintable(QString::number(text->font().pointSizeF())));

    f.press(Qt::Key_Escape);
    QVERIFY(!f.window.presenting());
    QVERIFY(!f.window.isFullScreen());
    QCOMPARE(text->font().pointSizeF(), f.window.font().pointSizeF());
    QCOMPARE(visibleDocks(f.window), docks);
    QVERIFY(f.window.menuBar()->isVisible());
    QVERIFY(f.window.statusBar()->isVisible());
    QVERIFY(f.window.channelStrip()->isVisible());
    QVERIFY(f.window.transportBar()->isVisible());
    // Out of presentation, Esc is not taken from the stage.
    QVERIFY(!f.window.presentationActions().last()->isEnabled());
    f.press(Qt::Key_F5);
    QVERIFY(f.window.presenting());
    f.press(Qt::Key_F5);
    QVERIFY(!f.window.presenting());
}

void TestPresentation::eachToggleIsPaintedOnceAtItsSize()
{
    Fixture f;
    for (const int key : {Qt::Key_F5, Qt::Key_Escape, Qt::Key_F5, Qt::Key_F5}) {
        PaintedFrames paints(&f.window);
        f.press(key);
        // The window system resizes the window later: nothing is painted before.
        QTRY_VERIFY(!paints.sizes.isEmpty());
        QTest::qWait(100); // a second frame, should one follow
        QString seen;
        for (const QSize& size : paints.sizes)
            seen += QStringLiteral(" %1x%2").arg(size.width()).arg(size.height());
        // The first frame is the final layout at the final size: no frame at the old
        // size, or the new layout squeezed into it, comes first. (A busy machine may
        // repaint once more later, at the same size, for reasons of its own.)
        for (const QSize& size : paints.sizes)
            QVERIFY2(size == f.window.size(), qPrintable(QString::number(key) + seen));
    }
}

void TestPresentation::rememberedInTheSettings()
{
    QTemporaryDir dir;
    QSettings store(dir.filePath("settings.ini"), QSettings::IniFormat);
    AppSettings settings(&store);
    QByteArray state;
    {
        Fixture f(&settings);
        state = f.window.saveState();
        f.press(Qt::Key_F5);
        QVERIFY(f.window.presenting());
        f.window.close();
    }
    QVERIFY(settings.presentation());
    // The layout kept is the one with the docks, not presentation mode's.
    QCOMPARE(settings.windowState(), state);
    {
        Fixture f(&settings);
        QVERIFY(f.window.presenting());
        QCOMPARE(visibleDocks(f.window), 0);
        f.press(Qt::Key_Escape);
        QVERIFY(visibleDocks(f.window) > 0);
        f.window.close();
    }
    QVERIFY(!settings.presentation());
}

void TestPresentation::poolKeysChangeTheSpec()
{
    Fixture f;
    f.window.stageView()->setFocus();
    QCOMPARE(f.session()->pool().kernel, (Size2{2, 2}));
    f.press(Qt::Key_K);
    QCOMPARE(f.session()->pool().kernel, (Size2{3, 3}));
    f.press(Qt::Key_K, Qt::ShiftModifier);
    QCOMPARE(f.session()->pool().kernel, (Size2{2, 2}));
    f.press(Qt::Key_S);
    QCOMPARE(f.session()->pool().effective_stride(), (Size2{3, 3}));
    f.press(Qt::Key_S, Qt::ShiftModifier);
    f.press(Qt::Key_S, Qt::ShiftModifier);
    QCOMPARE(f.session()->pool().effective_stride(), (Size2{1, 1}));
    f.press(Qt::Key_P);
    QCOMPARE(f.session()->pool().padding, (Size2{1, 1}));
    f.press(Qt::Key_P, Qt::ShiftModifier);
    QCOMPARE(f.session()->pool().padding, (Size2{0, 0}));
    const PoolOp op = f.session()->pool().op;
    f.press(Qt::Key_T);
    QVERIFY(f.session()->pool().op != op);
    // In presentation mode too.
    f.press(Qt::Key_F5);
    f.press(Qt::Key_K);
    QCOMPARE(f.session()->pool().kernel, (Size2{3, 3}));
    QVERIFY(f.session()->poolError().isEmpty());
}

void TestPresentation::invalidChangeIsRefusedWithTheReason()
{
    Fixture f;
    f.window.stageView()->setFocus();
    f.press(Qt::Key_P); // padding 1 of kernel 2: allowed
    QCOMPARE(f.session()->pool().padding, (Size2{1, 1}));
    f.press(Qt::Key_P); // padding 2 > 2 / 2: refused
    QCOMPARE(f.session()->pool().padding, (Size2{1, 1}));
    MessageBar* bar = f.window.messageBar();
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->kind(), MessageBar::Kind::Warning);
    QVERIFY2(bar->text().contains("padding") && bar->text().contains("half"), qPrintable(bar->text()));
    f.press(Qt::Key_K, Qt::ShiftModifier); // kernel 1 with padding 1: refused too
    QCOMPARE(f.session()->pool().kernel, (Size2{2, 2}));
    f.press(Qt::Key_K); // allowed: the refusal is taken away
    QCOMPARE(f.session()->pool().kernel, (Size2{3, 3}));
    QVERIFY(!bar->hasMessage());
    // A kernel larger than the 28 x 28 input (padded): PyTorch's own message.
    PoolSpec big = f.session()->pool();
    big.kernel = {29, 29};
    big.padding = {0, 0};
    f.session()->setPool(big);
    f.session()->waitForIdle();
    big.kernel = {28, 28};
    f.session()->setPool(big);
    f.session()->waitForIdle();
    f.press(Qt::Key_K);
    QCOMPARE(f.session()->pool().kernel, (Size2{28, 28}));
    QVERIFY2(bar->text().startsWith("Not changed"), qPrintable(bar->text()));
}

void TestPresentation::keysOnlyForParametersTheOpReads()
{
    Fixture f;
    PoolSpec global = f.session()->pool();
    global.op = PoolOp::GlobalMax;
    f.session()->setPool(global);
    f.session()->waitForIdle();
    f.window.stageView()->setFocus();
    for (int key : {Qt::Key_K, Qt::Key_S, Qt::Key_P}) {
        f.press(key);
        QCOMPARE(f.session()->pool(), global);
        QVERIFY2(f.window.messageBar()->text().contains("has no"), qPrintable(f.window.messageBar()->text()));
    }
}

void TestPresentation::questionMarkShowsTheKeys()
{
    Fixture f;
    f.window.stageView()->setFocus();
    KeyOverlay* overlay = f.window.keyOverlay();
    QVERIFY(!overlay->isVisible());
    f.press(Qt::Key_Question);
    QVERIFY(overlay->isVisible());
    QCOMPARE(overlay->geometry(), overlay->parentWidget()->rect());
    const QString text = overlay->text();
    for (const char* word : {"Space", "Shift+K", "Larger Kernel", "Next Pooling Type", "F5", "Esc"})
        QVERIFY2(text.contains(word), word);
    f.press(Qt::Key_Question);
    QVERIFY(!overlay->isVisible());
    // In presentation mode, Esc closes the list first, then leaves.
    f.press(Qt::Key_F5);
    f.press(Qt::Key_Question);
    QVERIFY(overlay->isVisible());
    f.press(Qt::Key_Escape);
    QVERIFY(!overlay->isVisible());
    QVERIFY(f.window.presenting());
    f.press(Qt::Key_Escape);
    QVERIFY(!f.window.presenting());
}

// A 1080p screen, as in a classroom: the offscreen platform's own 800 x 800 is
// narrower than the window with its docks, which it would squeeze on leaving.
int main(int argc, char** argv)
{
    QTemporaryFile screen;
    if (qgetenv("QT_QPA_PLATFORM") == "offscreen" && screen.open()) {
        screen.write(R"({"screens": [{"name": "classroom", "x": 0, "y": 0, "width": 1920, "height": 1080,
                         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})");
        screen.flush();
        qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + screen.fileName().toLocal8Bit());
    }
    QApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    TestPresentation test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_presentation.moc"
