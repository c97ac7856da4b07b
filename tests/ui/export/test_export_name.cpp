// Default export file names: safe characters only, and the parameters the op reads.
#include <QtTest>

#include "ui/export/export_name.h"

Q_DECLARE_METATYPE(poolscope::PoolSpec)

using namespace poolscope;
using namespace poolscope::ui;

class TestExportName : public QObject {
    Q_OBJECT
private slots:
    void names_data();
    void names();
    void stems_data();
    void stems();
};

void TestExportName::names_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::addColumn<PoolSpec>("spec");
    QTest::addColumn<QString>("expected");

    PoolSpec max;
    QTest::newRow("default max") << "digit" << 28 << 28 << max << "digit-28x28-max-k2s2";

    PoolSpec padded;
    padded.kernel = {3, 3};
    padded.stride = Size2{2, 2};
    padded.padding = {1, 1};
    padded.ceil_mode = true;
    QTest::newRow("padded, ceil") << "photo.jpg" << 1080 << 1920 << padded
                                  << "photo-1080x1920-max-k3s2p1-ceil";

    PoolSpec rect;
    rect.op = PoolOp::Avg;
    rect.kernel = {2, 3};
    rect.dilation = {2, 2}; // avg does not read dilation: not named
    QTest::newRow("rectangular avg") << "a b (1).png" << 5 << 7 << rect << "a-b-1-5x7-avg-k2x3s2x3";

    PoolSpec lp;
    lp.op = PoolOp::Lp;
    lp.norm_type = 3;
    lp.padding = {1, 1}; // LP has no padding: not named
    QTest::newRow("lp") << "x.npy" << 4 << 4 << lp << "x-4x4-lp-k2s2-norm3";

    PoolSpec adaptive;
    adaptive.op = PoolOp::AdaptiveAvg;
    adaptive.output_size = Size2{7, 7};
    adaptive.padding = {1, 1};
    QTest::newRow("adaptive") << "digit" << 28 << 28 << adaptive << "digit-28x28-adaptive-avg-out7";

    PoolSpec global;
    global.op = PoolOp::GlobalMax;
    QTest::newRow("global") << "digit" << 28 << 28 << global << "digit-28x28-global-max";

    PoolSpec mixed;
    mixed.op = PoolOp::Mixed;
    mixed.alpha = 0.25;
    QTest::newRow("mixed") << "digit" << 28 << 28 << mixed << "digit-28x28-mixed-k2s2-alpha0.25";

    QTest::newRow("unsafe input only") << "数字.png" << 3 << 3 << max << "poolscope-3x3-max-k2s2";
}

void TestExportName::names()
{
    QFETCH(QString, input);
    QFETCH(int, height);
    QFETCH(int, width);
    QFETCH(PoolSpec, spec);
    QFETCH(QString, expected);
    QCOMPARE(exportBaseName(input, height, width, spec), expected);
}

void TestExportName::stems_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "digit"
                           << "digit";
    QTest::newRow("spaces and brackets") << "max (k=2, s=2)"
                                         << "max-k-2-s-2";
    QTest::newRow("runs of dashes") << "a -- b"
                                    << "a-b";
    QTest::newRow("leading dot") << ".hidden"
                                 << "hidden";
    QTest::newRow("trailing dot") << "name."
                                  << "name";
    QTest::newRow("slashes") << "../etc/passwd"
                             << "etc-passwd";
    QTest::newRow("nothing left") << "  ()  "
                                  << "poolscope";
}

void TestExportName::stems()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(safeFileStem(text), expected);
}

QTEST_APPLESS_MAIN(TestExportName)
#include "test_export_name.moc"
