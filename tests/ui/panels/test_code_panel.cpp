// CodePanel driven by real clicks and keys: the framework tabs, the Copy button
// and the clipboard, the notes for a setting Keras lacks, and the code following
// the session's parameters.
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QtTest>

#include "tests/ui/test_support.h"
#include "ui/model/session.h"
#include "ui/panels/code_panel.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

struct Fixture {
    Session session;
    CodePanel panel{&session};
    Fixture()
    {
        panel.resize(700, 500);
        panel.show();
        session.waitForIdle();
    }
    template <class T> T* find(const char* name)
    {
        T* w = panel.findChild<T*>(name);
        if (!w)
            qFatal("no child named %s", name);
        return w;
    }
    void clickTab(int index)
    {
        auto* tabs = find<QTabBar>("codeFrameworks");
        QTest::mouseClick(tabs, Qt::LeftButton, {}, tabs->tabRect(index).center());
    }
    QString shown() { return find<QPlainTextEdit>("codeText")->toPlainText(); }
};

} // namespace

class TestCodePanel : public QObject {
    Q_OBJECT
private slots:
    void startsWithThePyTorchPipeline()
    {
        Fixture f;
        QCOMPARE(f.panel.framework(), Framework::PyTorch);
        const QString code = f.panel.code();
        QVERIFY2(code.contains("model = nn.Sequential(\n    nn.Conv2d(1, 4, kernel_size=3, padding=1),\n"
                               "    nn.ReLU(),\n    nn.MaxPool2d(kernel_size=2, stride=2),\n)"),
                 qPrintable(code));
        QVERIFY(code.contains("x = torch.randn(1, 1, 28, 28)"));
        QVERIFY(code.contains("y = model(x)  # y.shape == (1, 4, 14, 14)"));
        QCOMPARE(f.shown(), code);
        QVERIFY(f.panel.notes().isEmpty());
        QVERIFY(!f.find<QLabel>("codeNotes")->isVisible());
    }

    void tabsSwitchTheFramework()
    {
        Fixture f;
        f.clickTab(1);
        QCOMPARE(f.panel.framework(), Framework::Keras);
        QVERIFY(f.shown().contains("channels last"));
        QVERIFY2(f.shown().contains(
                     R"(keras.layers.MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding="valid"))"),
                 qPrintable(f.shown()));
        QVERIFY(f.shown().contains("y = model(x)  # y.shape == (1, 14, 14, 4)"));
        f.clickTab(2);
        QCOMPARE(f.panel.framework(), Framework::NumPy);
        QVERIFY(f.shown().contains("sliding_window_view"));
        QVERIFY(f.shown().contains("x = np.random.rand(4, 28, 28).astype(np.float32)"));

        // And by keyboard, for the projector: Left goes back to Keras.
        auto* tabs = f.find<QTabBar>("codeFrameworks");
        tabs->setFocus();
        QTest::keyClick(tabs, Qt::Key_Left);
        QCOMPARE(f.panel.framework(), Framework::Keras);
    }

    void copyPutsTheShownCodeOnTheClipboard()
    {
        Fixture f;
        f.clickTab(2);
        QGuiApplication::clipboard()->setText("something else");
        QSignalSpy copied(&f.panel, &CodePanel::copied);
        auto* copy = f.find<QPushButton>("copyCode");
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), f.shown());
        QVERIFY(f.shown().startsWith("import numpy as np"));
        QCOMPARE(copy->text(), QString("Copied"));
        QCOMPARE(copied.size(), 1);
        QVERIFY(copied.at(0).at(0).toString().contains("NumPy"));
    }

    void notesNameWhatKerasLacks()
    {
        Fixture f;
        PoolSpec p = test::poolSpec(PoolOp::Avg, {3, 3}, Size2{2, 2}, {1, 1});
        p.divisor_override = 4;
        f.session.setPool(p);
        f.clickTab(1);
        QVERIFY2(f.panel.notes().contains("divisor_override"), qPrintable(f.panel.notes()));
        QVERIFY(f.find<QLabel>("codeNotes")->isVisible());
        QVERIFY(!f.shown().contains("AveragePooling2D")); // left out, not approximated
        QVERIFY(f.shown().contains(
            "keras.layers.Conv2D(4, kernel_size=3, padding=\"same\", activation=\"relu\")"));

        // The same pool in PyTorch is exact and needs no note.
        f.clickTab(0);
        QVERIFY(f.panel.notes().isEmpty());
        QVERIFY(f.shown().contains("nn.AvgPool2d(kernel_size=3, stride=2, padding=1, divisor_override=4)"));
    }

    void followsAParameterChange()
    {
        Fixture f;
        PoolSpec p = test::poolSpec(PoolOp::Max, {3, 3}, Size2{2, 2});
        p.ceil_mode = true;
        f.session.setPool(p);
        QVERIFY2(f.panel.code().contains("nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)"),
                 qPrintable(f.panel.code()));
        QVERIFY(f.panel.code().contains("# y.shape == (1, 4, 14, 14)")); // ceil((28 - 3) / 2) + 1
        f.session.setConvEnabled(false);
        QVERIFY(f.panel.code().contains("# y.shape == (1, 1, 14, 14)"));
        QVERIFY(!f.panel.code().contains("nn.Conv2d"));
    }

    void codeIsMonospaceAndNeverWraps()
    {
        Fixture f;
        auto* text = f.find<QPlainTextEdit>("codeText");
        QVERIFY(text->isReadOnly());
        QCOMPARE(text->lineWrapMode(), QPlainTextEdit::NoWrap);
        QVERIFY(QFontInfo(text->font()).fixedPitch());
        QCOMPARE(text->font().pointSizeF(), f.panel.font().pointSizeF());
    }
};

QTEST_MAIN(TestCodePanel)
#include "test_code_panel.moc"
