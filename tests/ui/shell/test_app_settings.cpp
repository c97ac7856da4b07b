// AppSettings: every parameter survives a round trip through the store, values
// that cannot be read back are ignored field by field and named, and the recent
// files list stays short.
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/shell/app_settings.h"

using namespace poolscope;
using namespace poolscope::ui;

Q_DECLARE_METATYPE(poolscope::PoolSpec)
Q_DECLARE_METATYPE(poolscope::ConvSpec)

namespace {

struct Store {
    QTemporaryDir dir;
    QSettings settings{dir.filePath("s.ini"), QSettings::IniFormat};
    AppSettings app{&settings};
};

} // namespace

class TestAppSettings : public QObject {
    Q_OBJECT
private slots:
    void poolRoundTrip_data();
    void poolRoundTrip();
    void convRoundTrip_data();
    void convRoundTrip();
    void unreadableValuesAreIgnoredFieldByField();
    void recentFiles();
    void viewOptions();
};

void TestAppSettings::poolRoundTrip_data()
{
    QTest::addColumn<PoolSpec>("spec");
    PoolSpec plain;
    QTest::newRow("defaults") << plain;
    PoolSpec full;
    full.op = PoolOp::Avg;
    full.kernel = {3, 5};
    full.stride = Size2{2, 1};
    full.padding = {1, 2};
    full.dilation = {1, 1};
    full.ceil_mode = true;
    full.count_include_pad = false;
    full.divisor_override = 7;
    QTest::newRow("avg, every option") << full;
    PoolSpec lp;
    lp.op = PoolOp::Lp;
    lp.norm_type = 2.5;
    QTest::newRow("lp") << lp;
    PoolSpec st;
    st.op = PoolOp::Stochastic;
    st.train = true;
    st.seed = 2147483647; // the largest a seed box holds
    st.alpha = 0.3;
    QTest::newRow("stochastic, largest seed") << st;
    PoolSpec ad;
    ad.op = PoolOp::AdaptiveMax;
    ad.output_size = Size2{4, 6};
    QTest::newRow("adaptive") << ad;
    PoolSpec fr;
    fr.op = PoolOp::FractionalMax;
    fr.output_ratio = std::array<double, 2>{0.6, 0.6};
    QTest::newRow("fractional ratio") << fr;
    PoolSpec bl;
    bl.op = PoolOp::BlurPool;
    bl.blur_size = 5;
    bl.dilation = {2, 2};
    QTest::newRow("blurpool") << bl;
}

void TestAppSettings::poolRoundTrip()
{
    QFETCH(PoolSpec, spec);
    Store s;
    s.app.setPool(spec);
    s.app.sync();
    AppSettings reread(&s.settings);
    QStringList problems;
    const std::optional<PoolSpec> back = reread.pool(PoolSpec{}, &problems);
    QVERIFY(back);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    QCOMPARE(back->op, spec.op);
    QCOMPARE(back->kernel, spec.kernel);
    QCOMPARE(back->stride, spec.stride);
    QCOMPARE(back->padding, spec.padding);
    QCOMPARE(back->dilation, spec.dilation);
    QCOMPARE(back->ceil_mode, spec.ceil_mode);
    QCOMPARE(back->count_include_pad, spec.count_include_pad);
    QCOMPARE(back->divisor_override, spec.divisor_override);
    QCOMPARE(back->norm_type, spec.norm_type);
    QCOMPARE(back->alpha, spec.alpha);
    QCOMPARE(back->seed, spec.seed);
    QCOMPARE(back->train, spec.train);
    QCOMPARE(back->output_size, spec.output_size);
    QCOMPARE(back->output_ratio, spec.output_ratio);
    QCOMPARE(back->blur_size, spec.blur_size);
}

void TestAppSettings::convRoundTrip_data()
{
    QTest::addColumn<ConvSpec>("spec");
    QTest::newRow("defaults") << ConvSpec{};
    ConvSpec c;
    c.out_channels = 9;
    c.kernel = {5, 3};
    c.stride = {2, 1};
    c.padding = {2, 0};
    c.padding_same = true;
    c.dilation = {1, 2};
    c.padding_mode = PaddingMode::Circular;
    c.presets = {KernelPreset::Random, KernelPreset::Box, KernelPreset::Emboss};
    c.seed = 99;
    c.bias = -0.25f;
    c.activation = Activation::LeakyReLU;
    c.negative_slope = 0.2f;
    QTest::newRow("every option") << c;
}

void TestAppSettings::convRoundTrip()
{
    QFETCH(ConvSpec, spec);
    Store s;
    s.app.setConv(spec);
    s.app.setConvEnabled(false);
    s.app.sync();
    AppSettings reread(&s.settings);
    QStringList problems;
    const std::optional<ConvSpec> back = reread.conv(ConvSpec{}, &problems);
    QVERIFY(back);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    QCOMPARE(back->out_channels, spec.out_channels);
    QCOMPARE(back->kernel, spec.kernel);
    QCOMPARE(back->stride, spec.stride);
    QCOMPARE(back->padding, spec.padding);
    QCOMPARE(back->padding_same, spec.padding_same);
    QCOMPARE(back->dilation, spec.dilation);
    QCOMPARE(back->padding_mode, spec.padding_mode);
    QVERIFY(back->presets == spec.presets);
    QCOMPARE(back->seed, spec.seed);
    QCOMPARE(back->bias, spec.bias);
    QCOMPARE(back->activation, spec.activation);
    QCOMPARE(back->negative_slope, spec.negative_slope);
    QCOMPARE(reread.convEnabled(), std::optional<bool>(false));
}

void TestAppSettings::unreadableValuesAreIgnoredFieldByField()
{
    Store s;
    QStringList problems;
    QVERIFY(!s.app.pool(PoolSpec{}, &problems));
    QVERIFY(!s.app.conv(ConvSpec{}, &problems));
    QVERIFY(!s.app.convEnabled());
    QVERIFY(!s.app.speed(&problems));
    QVERIFY(problems.isEmpty()); // nothing saved is not a problem

    // Valid fields are used, each bad one keeps its default and is named.
    s.settings.setValue("pool", R"({"op": "maximum", "kernel_size": [3, 3], "stride": -1, "x": 1})");
    std::optional<PoolSpec> p = s.app.pool(PoolSpec{}, &problems);
    QVERIFY(p);
    QCOMPARE(p->op, PoolOp::Max);
    QCOMPARE(p->kernel, (Size2{3, 3}));
    QVERIFY(!p->stride);
    QCOMPARE(problems.size(), 3);
    QVERIFY2(problems[0].startsWith("pool.op: \"maximum\""), qPrintable(problems[0]));
    QVERIFY2(problems[1].startsWith("pool.stride: -1"), qPrintable(problems[1]));
    QVERIFY2(problems[2].startsWith("pool.\"x\": unknown field"), qPrintable(problems[2]));

    problems.clear();
    s.settings.setValue("pool", "2;2");
    p = s.app.pool(PoolSpec{}, &problems);
    QVERIFY(p);
    QCOMPARE(p->kernel, PoolSpec{}.kernel);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems[0].contains("not JSON"), qPrintable(problems[0]));

    problems.clear();
    s.settings.setValue("conv", R"({"presets": ["sobel-x", "sobel-z"], "out_channels": 4})");
    const std::optional<ConvSpec> c = s.app.conv(ConvSpec{}, &problems);
    QVERIFY(c);
    QCOMPARE(c->out_channels, 4);
    QVERIFY(c->presets == ConvSpec{}.presets);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems[0].startsWith("conv.presets: "), qPrintable(problems[0]));

    problems.clear();
    for (const char* bad : {"fast", "0", "1e9", "-4"}) {
        s.settings.setValue("animation/speed", bad);
        QVERIFY(!s.app.speed(&problems));
    }
    QCOMPARE(problems.size(), 4);
    s.settings.setValue("animation/speed", "12.5");
    QCOMPARE(s.app.speed(&problems), std::optional<double>(12.5));
    QCOMPARE(problems.size(), 4);

    s.settings.setValue("convEnabled", "yes");
    QVERIFY(!s.app.convEnabled());
}

void TestAppSettings::recentFiles()
{
    Store s;
    for (int i = 0; i < AppSettings::kMaxRecentFiles + 3; ++i)
        s.app.addRecentFile(QString("/pictures/%1.png").arg(i));
    QStringList files = s.app.recentFiles();
    QCOMPARE(files.size(), AppSettings::kMaxRecentFiles);
    QCOMPARE(files.first(), QString("/pictures/%1.png").arg(AppSettings::kMaxRecentFiles + 2));
    s.app.addRecentFile("/pictures/5.png"); // moves to the front, no duplicate
    files = s.app.recentFiles();
    QCOMPARE(files.first(), QString("/pictures/5.png"));
    QCOMPARE(files.count("/pictures/5.png"), 1);
    s.app.removeRecentFile("/pictures/5.png");
    QVERIFY(!s.app.recentFiles().contains("/pictures/5.png"));
}

void TestAppSettings::viewOptions()
{
    Store s;
    QCOMPARE(s.app.theme(), ThemeKind::Light);
    QVERIFY(s.app.showValues());
    s.app.setTheme(ThemeKind::Dark);
    s.app.setShowValues(false);
    s.app.setSpeed(40.0);
    QCOMPARE(s.app.theme(), ThemeKind::Dark);
    QVERIFY(!s.app.showValues());
    QCOMPARE(s.app.speed(), std::optional<double>(40.0));
}

QTEST_MAIN(TestAppSettings)
#include "test_app_settings.moc"
