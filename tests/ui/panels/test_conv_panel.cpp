// ConvPanel driven by real events: the convolution switch, filter banks, 'same'
// padding, and invalid combinations shown inline while the last result stays.
#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QSpinBox>
#include <QToolTip>
#include <QtTest>

#include "core/conv/conv_ops.h"
#include "tests/ui/test_support.h"
#include "ui/model/session.h"
#include "ui/panels/conv_panel.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

void clickCheckBox(QCheckBox* box)
{
    QTest::mouseClick(
        box, Qt::LeftButton, {},
        QPoint(box->style()->pixelMetric(QStyle::PM_IndicatorWidth) / 2 + 1, box->height() / 2));
}

struct Fixture {
    Session session;
    ConvPanel panel{&session};
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
};

} // namespace

class TestConvPanel : public QObject {
    Q_OBJECT
private slots:
    void everyControlExplainsItself();
    void switchingConvolutionOff();
    void banks_data();
    void banks();
    void samePadding();
    void sameWithStrideNeverTraps();
    void invalidKernelShowsMessage();
};

void TestConvPanel::switchingConvolutionOff()
{
    Fixture f;
    clickCheckBox(f.find<QCheckBox>("convEnabled"));
    QVERIFY(!f.session.convEnabled());
    QVERIFY(!f.find<QSpinBox>("convOutChannels")->isEnabled());
    f.session.waitForIdle();
    QVERIFY(test::bitEqual(f.session.result()->poolInput, f.session.input()));
    clickCheckBox(f.find<QCheckBox>("convEnabled"));
    QVERIFY(f.session.convEnabled());
}

void TestConvPanel::banks_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < int(filterBanks().size()); ++i)
        QTest::newRow(qPrintable(filterBanks()[std::size_t(i)].name)) << i;
}

void TestConvPanel::banks()
{
    QFETCH(int, index);
    Fixture f;
    auto* combo = f.find<QComboBox>("convBank");
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Home);
    for (int i = 0; i < index; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
    const FilterBank& bank = filterBanks()[std::size_t(index)];
    QVERIFY(f.session.conv().presets == bank.presets);
    QCOMPARE(f.session.conv().out_channels, int(bank.presets.size()));
    QCOMPARE(f.find<QSpinBox>("convOutChannels")->value(), int(bank.presets.size()));
    f.session.waitForIdle();
    auto r = f.session.result();
    QCOMPARE(r->poolInput.channels(), int(bank.presets.size()));
    QVERIFY(test::bitEqual(r->poolInput, conv_stage(f.session.input().for_reading(), f.session.conv())));
}

void TestConvPanel::samePadding()
{
    Fixture f;
    clickCheckBox(f.find<QCheckBox>("convPaddingSame"));
    QVERIFY(f.session.conv().padding_same);
    QVERIFY(!f.find<QSpinBox>("convPaddingH")->isEnabled());
    QVERIFY(f.panel.pytorchCode().contains("padding='same'"));
    f.session.waitForIdle();
    QCOMPARE(f.session.result()->poolInput.height(), f.session.input().height());
}

void TestConvPanel::sameWithStrideNeverTraps()
{
    Fixture f;
    auto* stride = f.find<QSpinBox>("convStrideH");
    stride->setFocus();
    QTest::keyClick(stride, Qt::Key_Up); // stride 2
    QCOMPARE(f.session.conv().stride, (Size2{2, 2}));
    // 'same' exists only at stride 1: the stride is greyed out and not read, never an error.
    clickCheckBox(f.find<QCheckBox>("convPaddingSame"));
    QVERIFY2(f.session.convError().isEmpty(), qPrintable(f.session.convError()));
    QVERIFY(!f.find<QLabel>("convError")->isVisible());
    QVERIFY(!stride->isEnabled());
    QCOMPARE(stride->value(), 2);
    QVERIFY(!f.panel.pytorchCode().contains("stride"));
    f.session.waitForIdle();
    QCOMPARE(f.session.result()->poolInput.height(), f.session.input().height());
    // Off again: stride 2 is back.
    clickCheckBox(f.find<QCheckBox>("convPaddingSame"));
    QVERIFY(stride->isEnabled());
    f.session.waitForIdle();
    QCOMPARE(f.session.result()->poolInput.height(), (f.session.input().height() - 1) / 2 + 1);
}

void TestConvPanel::invalidKernelShowsMessage()
{
    Fixture f;
    auto before = f.session.result();
    auto* k = f.find<QSpinBox>("convKernelH");
    k->setFocus();
    QTest::keyClick(k, Qt::Key_Up); // Sobel and Laplacian exist at 3 x 3 only
    QCOMPARE(f.session.conv().kernel, (Size2{4, 4}));
    auto* error = f.find<QLabel>("convError");
    QVERIFY(!f.session.convError().isEmpty());
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(), f.session.convError());
    f.session.waitForIdle();
    QCOMPARE(f.session.result(), before);
    QTest::keyClick(k, Qt::Key_Down);
    QVERIFY(!error->isVisible());
}

void TestConvPanel::everyControlExplainsItself()
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

QTEST_MAIN(TestConvPanel)
#include "test_conv_panel.moc"
