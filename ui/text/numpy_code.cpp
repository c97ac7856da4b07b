// NumPy code for max and average pooling with PyTorch's exact windows and divisors.
#include <algorithm>

#include <QCoreApplication>

#include "ui/text/code_shapes.h"

namespace poolscope::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("FrameworkCode", text);
}

// Cells past the right padding the last window needs (ceil_mode), along one axis.
int extraEnd(int in, int out, int kernel, int stride, int pad, int dilation)
{
    return std::max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - (in + 2 * pad));
}

// True when every window lies inside the input and its padding along this axis.
bool windowsInside(int in, int out, int kernel, int stride, int pad)
{
    return (out - 1) * stride + kernel <= in + 2 * pad;
}

} // namespace

FrameworkCode numpyPoolCode(const CodeSetup& setup)
{
    const PoolSpec pool = effective_spec(setup.pool);
    if (pool.op != PoolOp::Max && pool.op != PoolOp::Avg)
        return {{}, {tr("NumPy code is given for max and average pooling only.")}};
    const CodeShapesOrError shapes = codeShapes(setup);
    if (!shapes.shapes)
        return {{}, {tr("These parameters do not fit the input: %1").arg(shapes.error)}};
    const CodeShapes& s = *shapes.shapes;
    const PoolGeometry& g = s.pool;
    const bool max = pool.op == PoolOp::Max;
    const Size2 extra{extraEnd(g.in.h, g.out.h, g.kernel.h, g.stride.h, g.padding.h, g.dilation.h),
                      extraEnd(g.in.w, g.out.w, g.kernel.w, g.stride.w, g.padding.w, g.dilation.w)};
    const Size2 span{g.dilation.h * (g.kernel.h - 1) + 1, g.dilation.w * (g.kernel.w - 1) + 1};
    const bool dilated = g.dilation != Size2{1, 1};

    QStringList code{"import numpy as np", "from numpy.lib.stride_tricks import sliding_window_view", ""};
    code << (setup.convEnabled ? "# x: the pooling layer's input (the convolution's output), (C, H, W)."
                               : "# x: the pooling layer's input, (C, H, W).");
    code << QString("x = np.random.rand(%1, %2, %3).astype(np.float32)")
                .arg(s.convChannels)
                .arg(g.in.h)
                .arg(g.in.w);
    code << "";
    const bool padded = g.padding != Size2{0, 0} || extra != Size2{0, 0};
    if (padded) {
        code << (max ? "# Padding is -inf, so it never wins." : "# Padding is 0.");
        if (extra != Size2{0, 0})
            code.last() += " The extra cells at the end hold ceil_mode's last window.";
        code << QString("xp = np.pad(x, ((0, 0), (%1, %2), (%3, %4))%5)")
                    .arg(g.padding.h)
                    .arg(g.padding.h + extra.h)
                    .arg(g.padding.w)
                    .arg(g.padding.w + extra.w)
                    .arg(max ? ", constant_values=-np.inf" : "");
    }
    code << (dilated ? "# Windows as wide as the dilated kernel, one every stride, every d-th tap of each."
                     : "# Every window, one every stride.");
    QString windows = QString("windows = sliding_window_view(%1, %2, axis=(1, 2))[:, ::%3, ::%4")
                          .arg(padded ? "xp" : "x", pyTuple(span))
                          .arg(g.stride.h)
                          .arg(g.stride.w);
    if (dilated)
        windows += QString(", ::%1, ::%2").arg(g.dilation.h).arg(g.dilation.w);
    windows += "]";
    // The end padding can hold one window more than PyTorch keeps (a last window
    // starting in the right padding is dropped): keep PyTorch's count.
    const auto count = [](int padded, int span, int stride) { return (padded - span) / stride + 1; };
    if (count(g.in.h + 2 * g.padding.h + extra.h, span.h, g.stride.h) != g.out.h ||
        count(g.in.w + 2 * g.padding.w + extra.w, span.w, g.stride.w) != g.out.w)
        windows += QString("[:, :%1, :%2]").arg(g.out.h).arg(g.out.w);
    code << windows;

    const QString shape = QString("(%1, %2, %3)").arg(s.convChannels).arg(g.out.h).arg(g.out.w);
    if (max) {
        code << "y = windows.max(axis=(-2, -1))  # y.shape == " + shape;
    } else if (pool.divisor_override) {
        code
            << QString("y = windows.sum(axis=(-2, -1)) / %1  # divisor_override").arg(*pool.divisor_override);
        code.last() += ", y.shape == " + shape;
    } else {
        const bool inside = windowsInside(g.in.h, g.out.h, g.kernel.h, g.stride.h, g.padding.h) &&
                            windowsInside(g.in.w, g.out.w, g.kernel.w, g.stride.w, g.padding.w);
        const bool noPadding = g.padding == Size2{0, 0};
        if (inside && (pool.count_include_pad || noPadding)) {
            code << QString("y = windows.sum(axis=(-2, -1)) / %1  # y.shape == %2")
                        .arg(g.kernel.h * g.kernel.w)
                        .arg(shape);
        } else {
            code << (pool.count_include_pad
                         ? "# PyTorch's divisor: each window clipped to the padded input."
                         : "# PyTorch's divisor: the input cells of each window (count_include_pad=False).");
            const auto axis = [&](const char* name, int in, int out, int kernel, int stride, int pad) {
                code << QString("%1 = np.arange(%2) * %3 - %4")
                            .arg(name + QString("0"))
                            .arg(out)
                            .arg(stride)
                            .arg(pad);
                code << QString("%1 = np.minimum(%2 + %3, %4)")
                            .arg(name + QString("1"), name + QString("0"))
                            .arg(kernel)
                            .arg(in + pad);
                if (!pool.count_include_pad)
                    code << QString("%1, %2 = np.maximum(%1, 0), np.minimum(%2, %3)")
                                .arg(name + QString("0"), name + QString("1"))
                                .arg(in);
            };
            axis("h", g.in.h, g.out.h, g.kernel.h, g.stride.h, g.padding.h);
            axis("w", g.in.w, g.out.w, g.kernel.w, g.stride.w, g.padding.w);
            code << "divisor = (h1 - h0)[:, None] * (w1 - w0)[None, :]";
            code << "y = windows.sum(axis=(-2, -1)) / divisor  # y.shape == " + shape;
        }
    }
    return {code.join('\n') + '\n', {}};
}

} // namespace poolscope::ui
