// The code panel's snippets against PyTorch: tests/golden/code_snippets.json holds,
// per configuration, the snippets and what check_code_snippets.py found when it
// ran them with PyTorch 1.13 (the output shape, and whether the NumPy code gives
// F.max_pool2d's / F.avg_pool2d's numbers). A changed snippet fails here until
// the file is written again (POOLSCOPE_UPDATE_REFERENCE=1) and the script rerun.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/conv/conv_ops.h"
#include "core/shape/pool_shape.h"
#include "ui/text/framework_code.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

const QString kFile = QStringLiteral(POOLSCOPE_GOLDEN_DIR "/code_snippets.json");

struct Config {
    const char* name;
    CodeSetup setup;
};

CodeSetup poolOnly(int c, int h, int w, PoolSpec pool)
{
    CodeSetup s;
    s.channels = c;
    s.height = h;
    s.width = w;
    s.convEnabled = false;
    s.pool = pool;
    return s;
}

CodeSetup withConv(int c, int h, int w, ConvSpec conv, PoolSpec pool)
{
    CodeSetup s = poolOnly(c, h, w, pool);
    s.convEnabled = true;
    s.conv = conv;
    return s;
}

PoolSpec pool(PoolOp op, Size2 k, std::optional<Size2> s = {}, Size2 p = {0, 0})
{
    PoolSpec spec;
    spec.op = op;
    spec.kernel = k;
    spec.stride = s;
    spec.padding = p;
    return spec;
}

ConvSpec conv(int out, Size2 k, Size2 p, Activation a = Activation::ReLU)
{
    ConvSpec c;
    c.out_channels = out;
    c.kernel = k;
    c.padding = p;
    c.activation = a;
    return c;
}

std::vector<Config> configs()
{
    std::vector<Config> t;
    t.push_back({"classroom_default",
                 withConv(1, 28, 28, conv(4, {3, 3}, {1, 1}), pool(PoolOp::Max, {2, 2}, Size2{2, 2}))});
    t.push_back({"max_k3_s2_p1", poolOnly(3, 9, 11, pool(PoolOp::Max, {3, 3}, Size2{2, 2}, {1, 1}))});
    PoolSpec p = pool(PoolOp::Max, {3, 3}, Size2{2, 2}, {1, 1});
    p.dilation = {2, 2};
    p.ceil_mode = true;
    t.push_back({"max_k3_s2_d2_p1_ceil", poolOnly(2, 10, 9, p)});
    p = pool(PoolOp::Max, {3, 3}, Size2{2, 2});
    p.ceil_mode = true;
    t.push_back({"max_k3_s2_ceil", poolOnly(1, 10, 10, p)});
    t.push_back({"max_k2x3_s1x2_p1_reflect_leaky", [] {
                     ConvSpec c = conv(3, {3, 3}, {1, 1}, Activation::LeakyReLU);
                     c.padding_mode = PaddingMode::Reflect;
                     return withConv(3, 12, 13, c, pool(PoolOp::Max, {2, 3}, Size2{1, 2}, {1, 1}));
                 }()});
    p = pool(PoolOp::Avg, {3, 3}, Size2{2, 2}, {1, 1});
    p.count_include_pad = false;
    t.push_back({"avg_k3_s2_p1_excl", poolOnly(3, 9, 11, p)});
    p.ceil_mode = true;
    t.push_back({"avg_k3_s2_p1_ceil_excl", poolOnly(3, 10, 8, p)});
    p.count_include_pad = true;
    t.push_back({"avg_k3_s2_p1_ceil_incl", poolOnly(3, 10, 8, p)});
    p = pool(PoolOp::Avg, {3, 3}, Size2{3, 3});
    p.ceil_mode = true;
    p.divisor_override = 5;
    t.push_back({"avg_k3_s3_ceil_div5", poolOnly(1, 11, 10, p)});
    t.push_back({"avg_k2x4_s1x3_p1x2", poolOnly(2, 9, 11, pool(PoolOp::Avg, {2, 4}, Size2{1, 3}, {1, 2}))});
    t.push_back({"avg_k2_conv_k2x3_s2x1_sigmoid", [] {
                     ConvSpec c = conv(2, {2, 3}, {1, 0}, Activation::Sigmoid);
                     c.stride = {2, 1};
                     return withConv(3, 16, 12, c, pool(PoolOp::Avg, {2, 2}));
                 }()});
    p = pool(PoolOp::AdaptiveAvg, {2, 2});
    p.output_size = Size2{5, 3};
    t.push_back({"adaptive_avg_5x3", poolOnly(3, 9, 11, p)});
    p = pool(PoolOp::AdaptiveMax, {2, 2});
    p.output_size = Size2{7, 7};
    t.push_back({"adaptive_max_7x7_conv", withConv(1, 28, 28, conv(4, {3, 3}, {1, 1}), p)});
    t.push_back({"global_avg_conv_same", [] {
                     ConvSpec c = conv(8, {5, 5}, {0, 0});
                     c.padding_same = true;
                     return withConv(3, 20, 24, c, pool(PoolOp::GlobalAvg, {2, 2}));
                 }()});
    t.push_back({"global_max", poolOnly(3, 9, 11, pool(PoolOp::GlobalMax, {2, 2}))});
    p = pool(PoolOp::Lp, {3, 3}, Size2{2, 2});
    p.ceil_mode = true;
    t.push_back({"lp_p2_k3_s2_ceil", withConv(1, 15, 15, conv(2, {3, 3}, {0, 0}), p)});
    t.push_back({"min_k2_abs",
                 withConv(1, 12, 12, conv(2, {3, 3}, {1, 1}, Activation::Abs), pool(PoolOp::Min, {2, 2}))});
    p = pool(PoolOp::Mixed, {2, 2});
    p.alpha = 0.25;
    t.push_back({"mixed_a025", poolOnly(3, 9, 11, p)});
    t.push_back({"softpool_k2", poolOnly(1, 8, 8, pool(PoolOp::SoftPool, {2, 2}))});
    p = pool(PoolOp::FractionalMax, {2, 2});
    p.output_size = Size2{5, 6};
    t.push_back({"fractional_k2_out5x6", poolOnly(3, 11, 13, p)});
    return t;
}

// The pool's parameters as check_code_snippets.py passes them to torch.nn.functional.
QJsonObject poolArgs(const CodeSetup& s, const PoolGeometry& g)
{
    const auto pair = [](Size2 v) { return QJsonArray{v.h, v.w}; };
    QJsonObject o{{"op", QString::fromUtf8(pool_op_name(s.pool.op).data())},
                  {"kernel", pair(g.kernel)},
                  {"stride", pair(g.stride)},
                  {"padding", pair(g.padding)},
                  {"dilation", pair(g.dilation)},
                  {"ceil_mode", g.ceil_mode},
                  {"count_include_pad", s.pool.count_include_pad}};
    if (s.pool.divisor_override)
        o["divisor_override"] = *s.pool.divisor_override;
    return o;
}

struct Shapes {
    Size2 poolIn;
    int channels;
    PoolGeometry geometry;
};

Shapes shapesOf(const CodeSetup& s)
{
    const Size2 in = s.convEnabled ? conv_output_size(effective_spec(s.conv), s.height, s.width)
                                   : Size2{s.height, s.width};
    return {in, s.convEnabled ? s.conv.out_channels : s.channels,
            resolve_geometry(effective_spec(s.pool), in.h, in.w)};
}

QJsonObject entry(const Config& c)
{
    const Shapes sh = shapesOf(c.setup);
    QJsonObject o{{"name", c.name},
                  {"pool_input", QJsonArray{sh.channels, sh.poolIn.h, sh.poolIn.w}},
                  {"pool", poolArgs(c.setup, sh.geometry)}};
    for (const auto& [key, fw] :
         {std::pair{"pytorch", Framework::PyTorch}, std::pair{"keras", Framework::Keras},
          std::pair{"numpy", Framework::NumPy}}) {
        const FrameworkCode code = frameworkCode(fw, c.setup);
        o[key] = code.code;
        o[QString(key) + "_notes"] = QJsonArray::fromStringList(code.notes);
    }
    return o;
}

} // namespace

class TestCodeSnippets : public QObject {
    Q_OBJECT
private slots:
    void writeWhenAsked()
    {
        if (qEnvironmentVariableIntValue("POOLSCOPE_UPDATE_REFERENCE") != 1)
            QSKIP("set POOLSCOPE_UPDATE_REFERENCE=1 to write the snippets, then run check_code_snippets.py");
        QJsonArray all;
        for (const Config& c : configs())
            all.append(entry(c));
        QFile f(kFile);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(QJsonObject{{"configs", all}, {"checked_by", QJsonValue::Null}}).toJson());
    }

    void snippetsMatchWhatPyTorchRan_data()
    {
        QTest::addColumn<int>("index");
        const auto t = configs();
        for (int i = 0; i < int(t.size()); ++i)
            QTest::newRow(t[i].name) << i;
    }

    void snippetsMatchWhatPyTorchRan()
    {
        QFETCH(int, index);
        QFile f(kFile);
        QVERIFY2(f.open(QIODevice::ReadOnly), "missing; run with POOLSCOPE_UPDATE_REFERENCE=1");
        const QJsonObject stored = QJsonDocument::fromJson(f.readAll()).object()["configs"][index].toObject();
        const Config c = configs()[std::size_t(index)];
        const QJsonObject now = entry(c);
        QCOMPARE(stored["name"].toString(), QString(c.name));
        for (const char* key : {"pytorch", "keras", "numpy", "pytorch_notes", "keras_notes", "numpy_notes"})
            QVERIFY2(
                stored[key] == now[key],
                qPrintable(
                    QString("%1 changed: write the file again and run check_code_snippets.py").arg(key)));

        // What PyTorch printed when it ran the stored snippet: the core's output shape.
        const Shapes sh = shapesOf(c.setup);
        const bool poolInSequential = !now["pytorch"].toString().contains("no PyTorch op");
        const QJsonArray expected = poolInSequential
                                        ? QJsonArray{1, sh.channels, sh.geometry.out.h, sh.geometry.out.w}
                                        : QJsonArray{1, sh.channels, sh.poolIn.h, sh.poolIn.w};
        QCOMPARE(stored["torch_shape"].toArray(), expected);
        if (!now["numpy"].toString().isEmpty())
            QVERIFY2(stored["numpy_matches_torch"].toBool(),
                     "the NumPy snippet's numbers differ from PyTorch's");
    }
};

QTEST_MAIN(TestCodeSnippets)
#include "test_code_snippets.moc"
