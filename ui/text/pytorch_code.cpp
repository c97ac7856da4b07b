#include "ui/text/pytorch_code.h"

#include <string_view>

#include <QStringList>

namespace poolscope::ui {

namespace {

// PyTorch accepts an int for a square pair.
QString pair(Size2 s)
{
    return s.h == s.w ? QString::number(s.h) : QString("(%1, %2)").arg(s.h).arg(s.w);
}

QString number(double v)
{
    return QString::number(v, 'g', 6);
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// kernel_size, stride, padding, dilation, ceil_mode as keyword arguments.
QStringList windowArgs(const PoolSpec& s, bool dilation, bool padding, bool ceil)
{
    QStringList a{"kernel_size=" + pair(s.kernel)};
    if (s.stride)
        a << "stride=" + pair(*s.stride);
    if (padding && s.padding != Size2{0, 0})
        a << "padding=" + pair(s.padding);
    if (dilation && s.dilation != Size2{1, 1})
        a << "dilation=" + pair(s.dilation);
    if (ceil && s.ceil_mode)
        a << "ceil_mode=True";
    return a;
}

QStringList avgArgs(const PoolSpec& s)
{
    QStringList a = windowArgs(s, false, true, true);
    if (!s.count_include_pad)
        a << "count_include_pad=False";
    if (s.divisor_override)
        a << "divisor_override=" + QString::number(*s.divisor_override);
    return a;
}

QString call(const QString& fn, const QStringList& args)
{
    return fn + "(" + args.join(", ") + ")";
}

QString outputSize(const PoolSpec& s)
{
    return pair(s.output_size.value_or(Size2{1, 1}));
}

} // namespace

QString pytorchPoolCode(const PoolSpec& s, int channels)
{
    switch (s.op) {
    case PoolOp::Max:
        return call("nn.MaxPool2d", windowArgs(s, true, true, true));
    case PoolOp::Avg:
        return call("nn.AvgPool2d", avgArgs(s));
    case PoolOp::Min:
        // min(x) = -max(-x), indices included.
        return "-" + call("F.max_pool2d", QStringList{"-x"} + windowArgs(s, true, true, true));
    case PoolOp::Lp:
        return call("nn.LPPool2d",
                    QStringList{"norm_type=" + number(s.norm_type)} + windowArgs(s, false, false, true));
    case PoolOp::Mixed:
        return QString("%1 * %2 + %3 * %4  # mixed pooling, alpha = %1")
            .arg(number(s.alpha), call("F.max_pool2d", QStringList{"x"} + windowArgs(s, false, true, true)),
                 number(1.0 - s.alpha), call("F.avg_pool2d", QStringList{"x"} + avgArgs(s)));
    case PoolOp::Stochastic:
        return QString("# stochastic pooling (Zeiler & Fergus 2013), no PyTorch op: %1, %2")
            .arg(windowArgs(s, true, true, true).join(", "),
                 s.train ? "train (sampled)" : "eval (expectation)");
    case PoolOp::SoftPool:
        if (s.padding == Size2{0, 0} && s.dilation == Size2{1, 1}) {
            // sum(e^a * a) / sum(e^a) over each window: the two averages share the divisor.
            const QStringList w = windowArgs(s, false, false, true);
            return QString("%1 / %2  # SoftPool")
                .arg(call("F.avg_pool2d", QStringList{"x.exp() * x"} + w),
                     call("F.avg_pool2d", QStringList{"x.exp()"} + w));
        }
        return "# SoftPool (Stergiou et al. 2021), no PyTorch op: " +
               windowArgs(s, true, true, true).join(", ");
    case PoolOp::AdaptiveMax:
        return call("nn.AdaptiveMaxPool2d", {outputSize(s)});
    case PoolOp::AdaptiveAvg:
        return call("nn.AdaptiveAvgPool2d", {outputSize(s)});
    case PoolOp::GlobalMax:
        return "nn.AdaptiveMaxPool2d(1)";
    case PoolOp::GlobalAvg:
        return "nn.AdaptiveAvgPool2d(1)";
    case PoolOp::FractionalMax: {
        QStringList a{"kernel_size=" + pair(s.kernel)};
        if (s.output_ratio) {
            const auto& r = *s.output_ratio;
            a << (r[0] == r[1] ? "output_ratio=" + number(r[0])
                               : QString("output_ratio=(%1, %2)").arg(number(r[0]), number(r[1])));
        } else {
            a << "output_size=" + outputSize(s);
        }
        return call("nn.FractionalMaxPool2d", a);
    }
    case PoolOp::BlurPool: {
        PoolSpec dense = s;
        dense.stride = Size2{1, 1};
        dense.ceil_mode = false;
        const Size2 stride = s.effective_stride();
        return QString("nn.Sequential(%1, antialiased_cnns.BlurPool(%2, filt_size=%3, stride=%4))")
            .arg(call("nn.MaxPool2d", windowArgs(dense, true, true, false)))
            .arg(channels)
            .arg(s.blur_size)
            .arg(pair(stride));
    }
    }
    return {};
}

QString pytorchConvLayer(const ConvSpec& c, int inChannels)
{
    QStringList a{QString::number(inChannels), QString::number(c.out_channels),
                  "kernel_size=" + pair(c.kernel)};
    if (c.stride != Size2{1, 1})
        a << "stride=" + pair(c.stride);
    if (c.padding_same)
        a << "padding='same'";
    else if (c.padding != Size2{0, 0})
        a << "padding=" + pair(c.padding);
    if (c.dilation != Size2{1, 1})
        a << "dilation=" + pair(c.dilation);
    if (c.padding_mode != PaddingMode::Zeros)
        a << QString("padding_mode='%1'").arg(text(padding_mode_name(c.padding_mode)));
    return call("nn.Conv2d", a);
}

QString pytorchActivation(const ConvSpec& c)
{
    switch (c.activation) {
    case Activation::None:
        return {};
    case Activation::ReLU:
        return "nn.ReLU()";
    case Activation::LeakyReLU:
        return QString("nn.LeakyReLU(%1)").arg(number(c.negative_slope));
    case Activation::Sigmoid:
        return "nn.Sigmoid()";
    case Activation::Tanh:
        return "nn.Tanh()";
    case Activation::Abs:
        return "torch.abs";
    }
    return {};
}

QString pytorchConvCode(const ConvSpec& c, int inChannels)
{
    const QString activation = pytorchActivation(c);
    const QString layer = pytorchConvLayer(c, inChannels);
    return activation.isEmpty() ? layer : layer + ", " + activation;
}

} // namespace poolscope::ui
