#include "ui/text/framework_code.h"

#include <QCoreApplication>

#include "core/conv/conv_ops.h"
#include "ui/text/code_shapes.h"
#include "ui/text/pytorch_code.h"

namespace poolscope::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("FrameworkCode", text);
}

// nn.Sequential holds modules only: expressions become layers through this class.
constexpr const char* kLambdaClass = "class Lambda(nn.Module):\n"
                                     "    \"\"\"An expression of x as a layer.\"\"\"\n"
                                     "\n"
                                     "    def __init__(self, fn):\n"
                                     "        super().__init__()\n"
                                     "        self.fn = fn\n"
                                     "\n"
                                     "    def forward(self, x):\n"
                                     "        return self.fn(x)\n";

// The pool's line in the Sequential; empty when PyTorch has no op for it.
struct PoolLine {
    QString layer;
    QString comment; // a line above the layer
    bool lambda = false, functional = false;
};

PoolLine pytorchPoolLine(const PoolSpec& spec, int channels)
{
    QString code = pytorchPoolCode(spec, channels);
    PoolLine line;
    if (code.startsWith("#")) {
        line.comment = code;
        return line;
    }
    // A trailing comment would swallow the closing parenthesis of the Lambda.
    if (const qsizetype hash = code.indexOf("  # "); hash >= 0) {
        line.comment = code.mid(hash + 2);
        code.truncate(hash);
    }
    if (code.startsWith("nn.")) {
        line.layer = code;
        return line;
    }
    line.layer = "Lambda(lambda x: " + code + ")";
    line.lambda = true;
    line.functional = code.contains("F.");
    return line;
}

} // namespace

QString pyPair(Size2 s)
{
    return s.h == s.w ? QString::number(s.h) : pyTuple(s);
}

QString pyTuple(Size2 s)
{
    return QString("(%1, %2)").arg(s.h).arg(s.w);
}

CodeShapesOrError codeShapes(const CodeSetup& setup)
{
    try {
        CodeShapes s;
        s.convChannels = setup.channels;
        s.poolIn = {setup.height, setup.width};
        if (setup.convEnabled) {
            s.convChannels = setup.conv.out_channels;
            s.poolIn = conv_output_size(effective_spec(setup.conv), setup.height, setup.width);
        }
        s.pool = resolve_geometry(effective_spec(setup.pool), s.poolIn.h, s.poolIn.w);
        return {s, {}};
    } catch (const std::exception& e) {
        return {std::nullopt, QString::fromUtf8(e.what())};
    }
}

FrameworkCode pytorchPipelineCode(const CodeSetup& setup)
{
    const CodeShapesOrError shapes = codeShapes(setup);
    if (!shapes.shapes)
        return {{}, {tr("These parameters do not fit the input: %1").arg(shapes.error)}};
    const CodeShapes& s = *shapes.shapes;
    const ConvSpec conv = effective_spec(setup.conv);
    const PoolSpec pool = effective_spec(setup.pool);

    FrameworkCode out;
    QStringList layers;
    bool lambda = false, functional = false;
    if (setup.convEnabled) {
        layers << pytorchConvLayer(conv, setup.channels);
        const QString activation = pytorchActivation(conv);
        if (activation.startsWith("nn."))
            layers << activation;
        else if (!activation.isEmpty()) {
            layers << "Lambda(" + activation + ")";
            lambda = true;
        }
    }
    const PoolLine poolLine = pytorchPoolLine(pool, s.convChannels);
    QString outShape = QString("(1, %1, %2, %3)").arg(s.outChannels()).arg(s.pool.out.h).arg(s.pool.out.w);
    if (poolLine.layer.isEmpty()) {
        out.notes << tr("This pooling is not a PyTorch layer: the model stops before it, and the comment "
                        "in it names the op and its settings.");
        outShape = QString("(1, %1, %2, %3)").arg(s.convChannels).arg(s.poolIn.h).arg(s.poolIn.w);
    }
    if (pool.op == PoolOp::BlurPool)
        out.notes << tr("BlurPool comes from the antialiased-cnns package (pip install antialiased-cnns).");
    lambda = lambda || poolLine.lambda;
    functional = poolLine.functional;

    QStringList code{"import torch", "from torch import nn"};
    if (functional)
        code << "import torch.nn.functional as F";
    if (pool.op == PoolOp::BlurPool)
        code << "import antialiased_cnns";
    if (lambda)
        code << ""
             << "" << QString(kLambdaClass).chopped(1) << "";
    code << ""
         << "model = nn.Sequential(";
    for (const QString& l : layers)
        code << "    " + l + ",";
    if (!poolLine.comment.isEmpty())
        code << "    " + poolLine.comment;
    if (!poolLine.layer.isEmpty())
        code << "    " + poolLine.layer + ",";
    code << ")";
    code << QString("x = torch.randn(1, %1, %2, %3)").arg(setup.channels).arg(setup.height).arg(setup.width);
    code << "y = model(x)  # y.shape == " + outShape;
    out.code = code.join('\n') + '\n';
    return out;
}

FrameworkCode frameworkCode(Framework framework, const CodeSetup& setup)
{
    switch (framework) {
    case Framework::PyTorch:
        return pytorchPipelineCode(setup);
    case Framework::Keras:
        return kerasPipelineCode(setup);
    case Framework::NumPy:
        return numpyPoolCode(setup);
    }
    return {};
}

} // namespace poolscope::ui
