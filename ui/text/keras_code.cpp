// Keras/TensorFlow code for the layers it can express exactly; every setting it
// cannot is named with the reason, and the model stops before that stage.
#include <algorithm>

#include <QCoreApplication>

#include "ui/text/code_shapes.h"

namespace poolscope::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("FrameworkCode", text);
}

QString number(double v)
{
    return QString::number(v, 'g', 6);
}

struct Stage {
    QStringList layers; // empty with a reason in notes: not expressible
    QStringList notes;
};

Stage kerasConv(const ConvSpec& c)
{
    Stage st;
    const bool zeroPadding = !c.padding_same && c.padding == Size2{0, 0};
    if (c.padding_mode != PaddingMode::Zeros && !zeroPadding) {
        st.notes
            << tr("padding_mode='%1': Keras' Conv2D pads with zeros only, so the convolution is left out.")
                   .arg(QString::fromUtf8(padding_mode_name(c.padding_mode).data()));
        return st;
    }
    if (c.dilation != Size2{1, 1} && c.stride != Size2{1, 1}) {
        st.notes << tr("Dilation with stride > 1: Keras' Conv2D refuses strides > 1 together with "
                       "dilation_rate > 1, so the convolution is left out.");
        return st;
    }
    // TensorFlow's "same" at stride 1 pads d(k-1) in all, half before: PyTorch's 'same' and p = d(k-1)/2.
    const bool same =
        c.padding_same || (c.stride == Size2{1, 1} && 2 * c.padding.h == c.dilation.h * (c.kernel.h - 1) &&
                           2 * c.padding.w == c.dilation.w * (c.kernel.w - 1) && !zeroPadding);
    if (!same && !zeroPadding)
        st.layers << QString("keras.layers.ZeroPadding2D(padding=%1)").arg(pyTuple(c.padding));
    QStringList a{QString::number(c.out_channels), "kernel_size=" + pyPair(c.kernel)};
    if (c.stride != Size2{1, 1})
        a << "strides=" + pyPair(c.stride);
    a << QString("padding=\"%1\"").arg(same ? "same" : "valid");
    if (c.dilation != Size2{1, 1})
        a << "dilation_rate=" + pyPair(c.dilation);
    QString after;
    switch (c.activation) {
    case Activation::None:
        break;
    case Activation::ReLU:
        a << "activation=\"relu\"";
        break;
    case Activation::Sigmoid:
        a << "activation=\"sigmoid\"";
        break;
    case Activation::Tanh:
        a << "activation=\"tanh\"";
        break;
    case Activation::LeakyReLU:
        after = QString("keras.layers.LeakyReLU(alpha=%1)").arg(number(c.negative_slope));
        break;
    case Activation::Abs:
        after = "keras.layers.Lambda(tf.abs)";
        break;
    }
    st.layers << "keras.layers.Conv2D(" + a.join(", ") + ")";
    if (!after.isEmpty())
        st.layers << after;
    return st;
}

QString poolLayer(const char* name, Size2 kernel, Size2 stride)
{
    return QString("keras.layers.%1(pool_size=%2, strides=%3, padding=\"valid\")")
        .arg(name, pyTuple(kernel), pyTuple(stride));
}

QString opName(PoolOp op)
{
    switch (op) {
    case PoolOp::Min:
        return tr("Min pooling");
    case PoolOp::Lp:
        return tr("LP pooling");
    case PoolOp::Mixed:
        return tr("Mixed pooling");
    case PoolOp::Stochastic:
        return tr("Stochastic pooling");
    case PoolOp::SoftPool:
        return tr("SoftPool");
    case PoolOp::FractionalMax:
        return tr("Fractional max pooling");
    case PoolOp::BlurPool:
        return tr("BlurPool");
    default:
        return {};
    }
}

// `nonNegative`: the pool's input is never negative (after ReLU, sigmoid or abs).
Stage kerasPool(const PoolSpec& p, const PoolGeometry& g, bool nonNegative)
{
    Stage st;
    const bool max = p.op == PoolOp::Max;
    switch (p.op) {
    case PoolOp::GlobalMax:
        st.layers << "keras.layers.GlobalMaxPooling2D(keepdims=True)";
        return st;
    case PoolOp::GlobalAvg:
        st.layers << "keras.layers.GlobalAveragePooling2D(keepdims=True)";
        return st;
    case PoolOp::AdaptiveMax:
    case PoolOp::AdaptiveAvg: {
        // Adaptive windows are start = floor(o*I/O), end = ceil((o+1)*I/O): equal tiles when O divides I.
        const bool a = p.op == PoolOp::AdaptiveAvg;
        if (g.in.h % g.out.h == 0 && g.in.w % g.out.w == 0) {
            const Size2 tile{g.in.h / g.out.h, g.in.w / g.out.w};
            st.layers << poolLayer(a ? "AveragePooling2D" : "MaxPooling2D", tile, tile);
            st.notes << tr("Keras has no adaptive pooling; here the output size divides the input (%1 × %2 "
                           "into %3 × %4), so it is a %5 × %6 pooling with the same stride.")
                            .arg(g.in.h)
                            .arg(g.in.w)
                            .arg(g.out.h)
                            .arg(g.out.w)
                            .arg(tile.h)
                            .arg(tile.w);
        } else {
            st.notes << tr("Adaptive pooling has no Keras layer: its windows overlap unevenly when the "
                           "output size does not divide the input (%1 × %2 into %3 × %4).")
                            .arg(g.in.h)
                            .arg(g.in.w)
                            .arg(g.out.h)
                            .arg(g.out.w);
        }
        return st;
    }
    case PoolOp::Max:
    case PoolOp::Avg:
        break;
    default:
        st.notes << tr("%1 has no Keras layer.").arg(opName(p.op));
        return st;
    }

    if (max && g.dilation != Size2{1, 1})
        st.notes << tr("dilation: Keras' pooling layers have no dilation.");
    const long long floorH =
        pooling_output_size(g.in.h, g.kernel.h, g.padding.h, g.stride.h, g.dilation.h, false);
    const long long floorW =
        pooling_output_size(g.in.w, g.kernel.w, g.padding.w, g.stride.w, g.dilation.w, false);
    if (g.ceil_mode && (floorH != g.out.h || floorW != g.out.w))
        st.notes << tr("ceil_mode=True: Keras has no such option; its padding=\"same\" is another rule "
                       "(out = ceil(n / s), the extra padding split with the larger half at the end).");
    const bool padded = g.padding != Size2{0, 0};
    if (!max && padded && !p.count_include_pad)
        st.notes << tr("count_include_pad=False with padding: ZeroPadding2D cells count in Keras' average, "
                       "and padding=\"same\" divides by the input cells but pads by another rule.");
    if (!max && p.divisor_override)
        st.notes << tr("divisor_override: Keras' average always divides by the window's cells.");
    if (!st.notes.isEmpty()) {
        st.notes.last() += " " + tr("So the pooling is left out.");
        return st;
    }
    if (padded) {
        st.layers << QString("keras.layers.ZeroPadding2D(padding=%1)").arg(pyTuple(g.padding));
        if (max && !nonNegative)
            st.notes << tr("padding=%1 as ZeroPadding2D: PyTorch pads max pooling with -inf, zeros give its "
                           "result except where a window sees only negative values.")
                            .arg(pyPair(g.padding));
    }
    st.layers << poolLayer(max ? "MaxPooling2D" : "AveragePooling2D", g.kernel, g.stride);
    return st;
}

bool nonNegative(const CodeSetup& setup)
{
    if (!setup.convEnabled)
        return false; // a .npy input may hold anything
    const Activation a = setup.conv.activation;
    return a == Activation::ReLU || a == Activation::Sigmoid || a == Activation::Abs;
}

} // namespace

FrameworkCode kerasPipelineCode(const CodeSetup& setup)
{
    const CodeShapesOrError shapes = codeShapes(setup);
    if (!shapes.shapes)
        return {{}, {tr("These parameters do not fit the input: %1").arg(shapes.error)}};
    const CodeShapes& s = *shapes.shapes;

    FrameworkCode out;
    QStringList layers;
    QString shape = QString("(1, %1, %2, %3)").arg(setup.height).arg(setup.width).arg(setup.channels);
    bool complete = true;
    if (setup.convEnabled) {
        const Stage conv = kerasConv(effective_spec(setup.conv));
        out.notes << conv.notes;
        layers << conv.layers;
        complete = !conv.layers.isEmpty();
        shape = QString("(1, %1, %2, %3)").arg(s.poolIn.h).arg(s.poolIn.w).arg(s.convChannels);
    }
    if (complete) {
        const Stage pool = kerasPool(effective_spec(setup.pool), s.pool, nonNegative(setup));
        out.notes << pool.notes;
        layers << pool.layers;
        if (!pool.layers.isEmpty())
            shape = QString("(1, %1, %2, %3)").arg(s.pool.out.h).arg(s.pool.out.w).arg(s.convChannels);
        else
            layers << "# the pooling: no Keras equivalent, see the notes";
    } else {
        layers << "# the convolution and the pooling: no Keras equivalent, see the notes";
    }
    if (!complete)
        shape = QString("(1, %1, %2, %3)").arg(setup.height).arg(setup.width).arg(setup.channels);

    if (std::none_of(layers.begin(), layers.end(), [](const QString& l) { return !l.startsWith("#"); })) {
        out.code = "# No stage of this pipeline has an exact Keras equivalent: see the notes.\n";
        return out;
    }
    QStringList code{"import tensorflow as tf", "from tensorflow import keras", "",
                     "# Keras is channels last: (batch, height, width, channels).",
                     "model = keras.Sequential(["};
    for (const QString& l : layers)
        code << "    " + l + (l.startsWith("#") ? "" : ",");
    code << "])";
    code << QString("x = tf.random.normal((1, %1, %2, %3))")
                .arg(setup.height)
                .arg(setup.width)
                .arg(setup.channels);
    code << "y = model(x)  # y.shape == " + shape;
    out.code = code.join('\n') + '\n';
    return out;
}

} // namespace poolscope::ui
