// PoolPanel driven by real key and mouse events: the session's spec, the shapes
// and the enabled controls follow; invalid combinations show the core's message
// inline and keep the last result.
#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QRegularExpression>
#include <QSpinBox>
#include <QToolButton>
#include <QToolTip>
#include <QtTest>

#include "core/pool/pool_ops.h"
#include "core/shape/pool_shape.h"
#include "tests/ui/test_support.h"
#include "ui/model/session.h"
#include "ui/panels/pool_panel.h"
#include "ui/text/pytorch_code.h"

using namespace poolscope;
using namespace poolscope::ui;

Q_DECLARE_METATYPE(poolscope::Size2)
Q_DECLARE_METATYPE(poolscope::PoolOp)
Q_DECLARE_METATYPE(poolscope::PoolSpec)

namespace {

// Clicks a check box on its indicator (the left end), as a person would.
void clickCheckBox(QCheckBox* box)
{
    QTest::mouseClick(
        box, Qt::LeftButton, {},
        QPoint(box->style()->pixelMetric(QStyle::PM_IndicatorWidth) / 2 + 1, box->height() / 2));
}

struct Fixture {
    Session session;
    PoolPanel panel{&session};
    Fixture()
    {
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
    // Selects the op by keyboard on the combo box, from the first entry.
    void chooseOp(PoolOp op)
    {
        auto* combo = find<QComboBox>("poolOp");
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; combo->currentData().toInt() != int(op) && i < combo->count(); ++i)
            QTest::keyClick(combo, Qt::Key_Down);
    }
};

} // namespace

class TestPoolPanel : public QObject {
    Q_OBJECT
private slots:
    void everyControlExplainsItself();
    void codeFollowsTheTextSize();
    void startsOnTheSessionSpec();
    void arrowKeysEditPairs_data();
    void arrowKeysEditPairs();
    void unlinkedPairEditsOneAxis();
    void opSelectionDrivesEnabledControls_data();
    void opSelectionDrivesEnabledControls();
    void invalidShowsInlineMessageAndKeepsResult();
    void switchingOpNeverTraps();
    void fieldsStayPutAndCodeWrapsInside();
    void strideNoneFollowsKernel();
    void divisorOverrideByCheckBox();
    void alphaStepsGiveTheShownNumber();
    void pytorchCode_data();
    void pytorchCode();
};

void TestPoolPanel::startsOnTheSessionSpec()
{
    Fixture f;
    QCOMPARE(f.find<QSpinBox>("kernelH")->value(), f.session.pool().kernel.h);
    QCOMPARE(f.find<QSpinBox>("strideW")->value(), f.session.pool().effective_stride().w);
    QCOMPARE(f.find<QComboBox>("poolOp")->currentData().toInt(), int(f.session.pool().op));
    // The article's example, as written there.
    QCOMPARE(f.panel.pytorchCode(), QString("nn.MaxPool2d(kernel_size=2, stride=2)"));
    QVERIFY(!f.find<QLabel>("poolError")->isVisible());
}

void TestPoolPanel::arrowKeysEditPairs_data()
{
    QTest::addColumn<QString>("box");
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("presses");
    QTest::addColumn<Size2>("kernel");
    QTest::addColumn<Size2>("stride");
    QTest::addColumn<Size2>("padding");
    QTest::newRow("kernel up") << "kernelH" << int(Qt::Key_Up) << 1 << Size2{3, 3} << Size2{2, 2}
                               << Size2{0, 0};
    QTest::newRow("kernel width up 2")
        << "kernelW" << int(Qt::Key_Up) << 2 << Size2{4, 4} << Size2{2, 2} << Size2{0, 0};
    QTest::newRow("stride down") << "strideH" << int(Qt::Key_Down) << 1 << Size2{2, 2} << Size2{1, 1}
                                 << Size2{0, 0};
    QTest::newRow("stride up 3") << "strideW" << int(Qt::Key_Up) << 3 << Size2{2, 2} << Size2{5, 5}
                                 << Size2{0, 0};
    QTest::newRow("padding up") << "paddingH" << int(Qt::Key_Up) << 1 << Size2{2, 2} << Size2{2, 2}
                                << Size2{1, 1};
}

void TestPoolPanel::arrowKeysEditPairs()
{
    QFETCH(QString, box);
    QFETCH(int, key);
    QFETCH(int, presses);
    QFETCH(Size2, kernel);
    QFETCH(Size2, stride);
    QFETCH(Size2, padding);
    Fixture f;
    auto* spin = f.find<QSpinBox>(qPrintable(box));
    spin->setFocus();
    for (int i = 0; i < presses; ++i)
        QTest::keyClick(spin, Qt::Key(key));
    const PoolSpec& s = f.session.pool();
    QCOMPARE(s.kernel, kernel);
    QCOMPARE(s.effective_stride(), stride);
    QCOMPARE(s.padding, padding);
    f.session.waitForIdle();
    auto r = f.session.result();
    const PoolGeometry g = resolve_geometry(s, r->poolInput.height(), r->poolInput.width());
    QCOMPARE(r->pooled.output.height(), g.out.h);
    QCOMPARE(r->pooled.output.width(), g.out.w);
    QVERIFY(test::bitEqual(r->pooled.output, pool(r->poolInput.for_reading(), s).output));
}

void TestPoolPanel::unlinkedPairEditsOneAxis()
{
    Fixture f;
    auto* link = f.find<QToolButton>("kernelLink");
    QTest::mouseClick(link, Qt::LeftButton);
    QVERIFY(!link->isChecked());
    auto* w = f.find<QSpinBox>("kernelW");
    w->setFocus();
    QTest::keyClick(w, Qt::Key_Up);
    QCOMPARE(f.session.pool().kernel, (Size2{2, 3}));
    // Linking again makes the window square on the height.
    QTest::mouseClick(link, Qt::LeftButton);
    QCOMPARE(f.session.pool().kernel, (Size2{2, 2}));
}

void TestPoolPanel::opSelectionDrivesEnabledControls_data()
{
    QTest::addColumn<PoolOp>("op");
    for (PoolOp op : kAllPoolOps)
        QTest::newRow(pool_op_name(op).data()) << op;
}

void TestPoolPanel::opSelectionDrivesEnabledControls()
{
    QFETCH(PoolOp, op);
    Fixture f;
    f.chooseOp(op);
    QCOMPARE(f.session.pool().op, op);
    const PoolOpTraits t = pool_op_traits(op);
    QCOMPARE(f.find<QSpinBox>("kernelH")->isEnabled(), t.kernel);
    QCOMPARE(f.find<QCheckBox>("strideIsKernel")->isEnabled(), t.sliding);
    QCOMPARE(f.find<QSpinBox>("paddingW")->isEnabled(), t.padding);
    QCOMPARE(f.find<QSpinBox>("dilationH")->isEnabled(), t.dilation);
    QCOMPARE(f.find<QCheckBox>("ceilMode")->isEnabled(), t.ceil_mode);
    QCOMPARE(f.find<QCheckBox>("countIncludePad")->isEnabled(), t.avg_divisor);
    QCOMPARE(f.find<QCheckBox>("divisorOverrideOn")->isEnabled(), t.avg_divisor);
    QCOMPARE(f.find<QDoubleSpinBox>("normType")->isEnabled(), t.norm_type);
    QCOMPARE(f.find<QDoubleSpinBox>("alpha")->isEnabled(), t.alpha);
    QCOMPARE(f.find<QCheckBox>("train")->isEnabled(), t.train);
    QCOMPARE(f.find<QSpinBox>("outputSizeH")->isEnabled(), t.output_size);
    QCOMPARE(f.find<QCheckBox>("outputRatioOn")->isEnabled(), t.output_ratio);
    QCOMPARE(f.find<QSpinBox>("blurSize")->isEnabled(), t.blur_size);
    // Every op computes on the default input with the panel's defaults, and the
    // session's result is the core's.
    QVERIFY2(f.session.poolError().isEmpty(), qPrintable(f.session.poolError()));
    f.session.waitForIdle();
    auto r = f.session.result();
    QCOMPARE(r->pool.op, op);
    QVERIFY(test::bitEqual(r->pooled.output, pool(r->poolInput.for_reading(), f.session.pool()).output));
    QVERIFY(!f.panel.pytorchCode().isEmpty());
}

void TestPoolPanel::invalidShowsInlineMessageAndKeepsResult()
{
    Fixture f;
    auto* pad = f.find<QSpinBox>("paddingH");
    auto* error = f.find<QLabel>("poolError");
    pad->setFocus();
    QTest::keyClick(pad, Qt::Key_Up); // padding 1: still valid
    f.session.waitForIdle();
    auto before = f.session.result();
    QCOMPARE(before->pool.padding, (Size2{1, 1}));
    QTest::keyClick(pad, Qt::Key_Up); // padding 2 > half of kernel 2
    QCOMPARE(f.session.pool().padding, (Size2{2, 2}));
    QVERIFY(!f.session.poolError().isEmpty());
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(), f.session.poolError());
    f.session.waitForIdle();
    QCOMPARE(f.session.result(), before);
    QTest::keyClick(pad, Qt::Key_Down);
    QTest::keyClick(pad, Qt::Key_Down);
    QVERIFY(!error->isVisible());
    f.session.waitForIdle();
    QCOMPARE(f.session.result()->pool.padding, (Size2{0, 0}));
}

void TestPoolPanel::switchingOpNeverTraps()
{
    Fixture f;
    auto* pad = f.find<QSpinBox>("paddingH");
    auto* dil = f.find<QSpinBox>("dilationH");
    pad->setFocus();
    QTest::keyClick(pad, Qt::Key_Up); // max, padding 1
    dil->setFocus();
    QTest::keyClick(dil, Qt::Key_Up); // dilation 2: (2 - 1) * 2 + 1 = 3, padding 1 still valid
    QVERIFY2(f.session.poolError().isEmpty(), qPrintable(f.session.poolError()));
    f.session.waitForIdle();
    // LP reads neither padding nor dilation: they are greyed out and not held against it.
    f.chooseOp(PoolOp::Lp);
    QVERIFY2(f.session.poolError().isEmpty(), qPrintable(f.session.poolError()));
    QVERIFY(!f.find<QLabel>("poolError")->isVisible());
    QVERIFY(!pad->isEnabled());
    QCOMPARE(pad->value(), 1); // what the user typed stays in the form
    f.session.waitForIdle();
    auto lp = f.session.result();
    QCOMPARE(lp->pool.op, PoolOp::Lp);
    QCOMPARE(lp->pool.padding, (Size2{0, 0}));
    QCOMPARE(lp->pool.dilation, (Size2{1, 1}));
    QVERIFY(test::bitEqual(lp->pooled.output, pool(lp->poolInput.for_reading(), lp->pool).output));
    QVERIFY(!f.panel.pytorchCode().contains("padding"));
    // Avg reads padding but no dilation: still no error.
    f.chooseOp(PoolOp::Avg);
    QVERIFY2(f.session.poolError().isEmpty(), qPrintable(f.session.poolError()));
    f.session.waitForIdle();
    QCOMPARE(f.session.result()->pool.padding, (Size2{1, 1}));
    QCOMPARE(f.session.result()->pool.dilation, (Size2{1, 1}));
    // Back to max: padding 1 and dilation 2 again.
    f.chooseOp(PoolOp::Max);
    QVERIFY(pad->isEnabled());
    QCOMPARE(pad->value(), 1);
    QCOMPARE(dil->value(), 2);
    f.session.waitForIdle();
    QCOMPARE(f.session.result()->pool.op, PoolOp::Max);
    QCOMPARE(f.session.result()->pool.padding, (Size2{1, 1}));
    QCOMPARE(f.session.result()->pool.dilation, (Size2{2, 2}));
}

namespace {

// Where every control of the form is, by name, in the panel's coordinates.
QMap<QString, int> fieldPositions(QWidget* panel)
{
    panel->layout()->activate();
    QMap<QString, int> y;
    for (QWidget* w : panel->findChildren<QWidget*>())
        if (!w->objectName().isEmpty() && !w->objectName().startsWith("qt_") &&
            (qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QAbstractButton*>(w) ||
             qobject_cast<QComboBox*>(w)))
            y[w->objectName()] = w->mapTo(panel, QPoint(0, 0)).y();
    return y;
}

} // namespace

void TestPoolPanel::fieldsStayPutAndCodeWrapsInside()
{
    Fixture f;
    // As narrow as the dock ever makes it.
    const int minWidth = f.panel.minimumSizeHint().width();
    f.panel.resize(minWidth, f.panel.sizeHint().height());
    const QMap<QString, int> before = fieldPositions(&f.panel);
    QVERIFY(before.contains("paddingH") && before.contains("blurSize"));

    auto* pad = f.find<QSpinBox>("paddingH");
    pad->setFocus();
    QTest::keyClick(pad, Qt::Key_Up);
    QTest::keyClick(pad, Qt::Key_Up); // padding 2 > half of kernel 2
    QVERIFY(f.find<QLabel>("poolError")->isVisible());
    QCOMPARE(fieldPositions(&f.panel), before);
    QTest::keyClick(pad, Qt::Key_Down);
    QTest::keyClick(pad, Qt::Key_Down);
    QVERIFY(!f.find<QLabel>("poolError")->isVisible());

    auto* code = f.find<QLabel>("poolCode");
    for (PoolOp op : {PoolOp::FractionalMax, PoolOp::BlurPool, PoolOp::Mixed, PoolOp::Max}) {
        f.chooseOp(op);
        QVERIFY2(f.session.poolError().isEmpty(), qPrintable(f.session.poolError()));
        QCOMPARE(fieldPositions(&f.panel), before);
        QCOMPARE(f.panel.minimumSizeHint().width(), minWidth); // the code never widens the form
        // Every line of the wrapped code fits the label, and it breaks only between arguments.
        const QStringList lines = code->text().split('\n');
        for (const QString& line : lines)
            QVERIFY2(code->fontMetrics().horizontalAdvance(line) <= code->contentsRect().width(),
                     qPrintable(line));
        QString joined = lines.join(' ');
        joined.replace(QRegularExpression(" {5}"), " ");
        QCOMPARE(joined, f.panel.pytorchCode());
        for (qsizetype i = 0; i + 1 < lines.size(); ++i)
            QVERIFY2(lines[i].endsWith(',') || lines[i].contains('#'), qPrintable(lines[i]));
    }
    QVERIFY(code->text().count('\n') == 0); // max fits on one line
}

void TestPoolPanel::strideNoneFollowsKernel()
{
    Fixture f;
    clickCheckBox(f.find<QCheckBox>("strideIsKernel"));
    QVERIFY(!f.session.pool().stride.has_value());
    QVERIFY(!f.find<QSpinBox>("strideH")->isEnabled());
    auto* k = f.find<QSpinBox>("kernelH");
    k->setFocus();
    QTest::keyClick(k, Qt::Key_Up);
    QCOMPARE(f.find<QSpinBox>("strideH")->value(), 3);
    QCOMPARE(f.session.pool().effective_stride(), (Size2{3, 3}));
    QVERIFY(!f.panel.pytorchCode().contains("stride"));
}

void TestPoolPanel::divisorOverrideByCheckBox()
{
    Fixture f;
    f.chooseOp(PoolOp::Avg);
    auto* on = f.find<QCheckBox>("divisorOverrideOn");
    auto* value = f.find<QSpinBox>("divisorOverride");
    QVERIFY(!value->isEnabled());
    clickCheckBox(on);
    QVERIFY(value->isEnabled());
    value->setFocus();
    QTest::keyClick(value, Qt::Key_Up);
    QCOMPARE(f.session.pool().divisor_override, std::optional<int>(value->value()));
    f.session.waitForIdle();
    QVERIFY(test::bitEqual(f.session.result()->pooled.output,
                           pool(f.session.result()->poolInput.for_reading(), f.session.pool()).output));
    QVERIFY(f.panel.pytorchCode().contains(QString("divisor_override=%1").arg(value->value())));
}

void TestPoolPanel::alphaStepsGiveTheShownNumber()
{
    Fixture f;
    f.chooseOp(PoolOp::Mixed);
    auto* alpha = f.find<QDoubleSpinBox>("alpha");
    alpha->setFocus();
    QTest::keyClick(alpha, Qt::Key_Up);
    QTest::keyClick(alpha, Qt::Key_Up); // 0.5 + 2 x 0.05
    // Exactly the 0.6 the box shows, so the code and the numbers say the same.
    QVERIFY2(f.session.pool().alpha == 0.6, qPrintable(QString::number(f.session.pool().alpha, 'g', 17)));
    QVERIFY2(f.panel.pytorchCode().startsWith("0.6 * F.max_pool2d"), qPrintable(f.panel.pytorchCode()));
}

void TestPoolPanel::pytorchCode_data()
{
    QTest::addColumn<PoolSpec>("spec");
    QTest::addColumn<QString>("code");
    PoolSpec max;
    max.kernel = {3, 3};
    max.stride = Size2{2, 2};
    max.padding = {1, 1};
    max.ceil_mode = true;
    QTest::newRow("max") << max << "nn.MaxPool2d(kernel_size=3, stride=2, padding=1, ceil_mode=True)";
    PoolSpec avg;
    avg.op = PoolOp::Avg;
    avg.kernel = {2, 3};
    avg.count_include_pad = false;
    QTest::newRow("avg rect") << avg << "nn.AvgPool2d(kernel_size=(2, 3), count_include_pad=False)";
    PoolSpec lp;
    lp.op = PoolOp::Lp;
    lp.norm_type = 3;
    QTest::newRow("lp") << lp << "nn.LPPool2d(norm_type=3, kernel_size=2)";
    PoolSpec ad;
    ad.op = PoolOp::AdaptiveAvg;
    ad.output_size = Size2{5, 7};
    QTest::newRow("adaptive") << ad << "nn.AdaptiveAvgPool2d((5, 7))";
    PoolSpec g;
    g.op = PoolOp::GlobalMax;
    QTest::newRow("global") << g << "nn.AdaptiveMaxPool2d(1)";
    PoolSpec fr;
    fr.op = PoolOp::FractionalMax;
    fr.output_ratio = std::array<double, 2>{0.5, 0.5};
    QTest::newRow("fractional") << fr << "nn.FractionalMaxPool2d(kernel_size=2, output_ratio=0.5)";
}

void TestPoolPanel::pytorchCode()
{
    QFETCH(PoolSpec, spec);
    QFETCH(QString, code);
    QCOMPARE(pytorchPoolCode(spec, 4), code);
}

void TestPoolPanel::everyControlExplainsItself()
{
    Fixture f;
    int controls = 0;
    for (QWidget* w : f.panel.findChildren<QWidget*>()) {
        if (w->objectName().startsWith("qt_") || w->objectName().isEmpty() ||
            !(qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QAbstractButton*>(w) ||
              qobject_cast<QComboBox*>(w)))
            continue;
        ++controls;
        QVERIFY2(!w->toolTip().isEmpty(), qPrintable(w->objectName()));
        QVERIFY2(!w->whatsThis().isEmpty(), qPrintable(w->objectName()));
    }
    QVERIFY(controls >= 10);
    // Hovering a row's label shows its field's tooltip.
    auto* form = qobject_cast<QFormLayout*>(f.panel.layout());
    QVERIFY(form);
    int labels = 0;
    for (int row = 0; row < form->rowCount(); ++row)
        if (QLayoutItem* label = form->itemAt(row, QFormLayout::LabelRole); label && label->widget()) {
            QVERIFY2(!label->widget()->toolTip().isEmpty(),
                     qPrintable(qobject_cast<QLabel*>(label->widget())->text()));
            ++labels;
        }
    QVERIFY(labels >= 5);
    // A real help event on a box shows its tooltip.
    QWidget* box = f.panel.findChildren<QSpinBox*>().first();
    const QPoint at = box->rect().center();
    QHelpEvent help(QEvent::ToolTip, at, box->mapToGlobal(at));
    QApplication::sendEvent(box, &help);
    QCOMPARE(QToolTip::text(), box->toolTip());
}

void TestPoolPanel::codeFollowsTheTextSize()
{
    Fixture f;
    auto* code = f.find<QLabel>("poolCode");
    QCOMPARE(code->font().pointSizeF(), f.panel.font().pointSizeF());
    // What Ctrl+= does to the window: a larger font for everything.
    QFont larger = f.panel.font();
    larger.setPointSizeF(larger.pointSizeF() * 1.5);
    f.panel.setFont(larger);
    QCOMPARE(code->font().pointSizeF(), larger.pointSizeF());
    QVERIFY(code->font().fixedPitch() || QFontInfo(code->font()).fixedPitch());
}

QTEST_MAIN(TestPoolPanel)
#include "test_pool_panel.moc"
