// DecimalSpinBox stepped by real keys and wheel notches: after every step its
// value is exactly the number it shows, where Qt's own box drifts (0.1 + 0.1 +
// 0.1 = 0.30000000000000004).
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

#include "ui/widgets/decimal_spin_box.h"

using namespace poolscope::ui;

namespace {

// The double nearest the text the box shows: what a user who reads it means.
double shown(const QDoubleSpinBox& box)
{
    return box.locale().toDouble(box.cleanText());
}

} // namespace

class TestDecimalSpinBox : public QObject {
    Q_OBJECT
private slots:
    void stepsLandOnShownNumbers_data();
    void stepsLandOnShownNumbers();
    void wheelStepsLandOnShownNumbers();
    void oneSignalPerStep();
    void staysWithinRange();
};

void TestDecimalSpinBox::stepsLandOnShownNumbers_data()
{
    QTest::addColumn<int>("decimals");
    QTest::addColumn<double>("step");
    QTest::addColumn<double>("start");
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("presses");
    QTest::addColumn<double>("expected");
    QTest::newRow("alpha down 6") << 2 << 0.05 << 0.5 << int(Qt::Key_Down) << 6 << 0.2;
    QTest::newRow("alpha up 3") << 2 << 0.05 << 0.5 << int(Qt::Key_Up) << 3 << 0.65;
    QTest::newRow("bias up 3") << 2 << 0.1 << 0.0 << int(Qt::Key_Up) << 3 << 0.3;
    QTest::newRow("bias down 7") << 2 << 0.1 << 0.0 << int(Qt::Key_Down) << 7 << -0.7;
    QTest::newRow("slope up 7") << 3 << 0.01 << 0.0 << int(Qt::Key_Up) << 7 << 0.07;
    QTest::newRow("page up") << 2 << 0.1 << 0.0 << int(Qt::Key_PageUp) << 1 << 1.0;
}

void TestDecimalSpinBox::stepsLandOnShownNumbers()
{
    QFETCH(int, decimals);
    QFETCH(double, step);
    QFETCH(double, start);
    QFETCH(int, key);
    QFETCH(int, presses);
    QFETCH(double, expected);
    DecimalSpinBox box;
    box.setRange(-10, 10);
    box.setDecimals(decimals);
    box.setSingleStep(step);
    box.setValue(start);
    box.show();
    box.setFocus();
    for (int i = 0; i < presses; ++i) {
        QTest::keyClick(&box, Qt::Key(key));
        // Exact comparisons: QCOMPARE on doubles would forgive the drift this box is for.
        QVERIFY2(box.value() == shown(box), qPrintable(QString::number(box.value(), 'g', 17)));
    }
    QVERIFY2(box.value() == expected, qPrintable(QString::number(box.value(), 'g', 17)));
}

void TestDecimalSpinBox::wheelStepsLandOnShownNumbers()
{
    DecimalSpinBox box;
    box.setRange(0, 1);
    box.setDecimals(2);
    box.setSingleStep(0.05);
    box.setValue(0.5);
    box.show();
    const QPointF at(box.width() / 2.0, box.height() / 2.0);
    for (int i = 0; i < 6; ++i) {
        QWheelEvent wheel(at, box.mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(&box, &wheel);
        QVERIFY2(box.value() == shown(box), qPrintable(QString::number(box.value(), 'g', 17)));
    }
    QVERIFY2(box.value() == 0.2, qPrintable(QString::number(box.value(), 'g', 17)));
}

void TestDecimalSpinBox::oneSignalPerStep()
{
    DecimalSpinBox box;
    box.setDecimals(2);
    box.setSingleStep(0.1);
    box.show();
    box.setFocus();
    QSignalSpy spy(&box, &QDoubleSpinBox::valueChanged);
    QTest::keyClick(&box, Qt::Key_Up);
    QTest::keyClick(&box, Qt::Key_Up);
    QTest::keyClick(&box, Qt::Key_Up);
    QCOMPARE(spy.count(), 3);
    QVERIFY(spy.last().at(0).toDouble() == 0.3);
}

void TestDecimalSpinBox::staysWithinRange()
{
    DecimalSpinBox box;
    box.setRange(0, 1);
    box.setDecimals(2);
    box.setSingleStep(0.3);
    box.setValue(0.9);
    box.show();
    box.setFocus();
    QSignalSpy spy(&box, &QDoubleSpinBox::valueChanged);
    QTest::keyClick(&box, Qt::Key_Up);
    QVERIFY(box.value() == 1.0);
    QTest::keyClick(&box, Qt::Key_Up); // already at the top: nothing changes, nothing is sent
    QVERIFY(box.value() == 1.0);
    QCOMPARE(spy.count(), 1);
}

QTEST_MAIN(TestDecimalSpinBox)
#include "test_decimal_spin_box.moc"
