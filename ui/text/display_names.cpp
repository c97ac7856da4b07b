#include "ui/text/display_names.h"

#include <QCoreApplication>

namespace poolscope::ui {

namespace {
QString tr(const char* s)
{
    return QCoreApplication::translate("poolscope", s);
}
} // namespace

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString poolOpDisplayName(PoolOp op)
{
    switch (op) {
    case PoolOp::Max:
        return tr("Max");
    case PoolOp::Avg:
        return tr("Average");
    case PoolOp::Min:
        return tr("Min");
    case PoolOp::Lp:
        return tr("LP (power average)");
    case PoolOp::Mixed:
        return tr("Mixed (max + average)");
    case PoolOp::Stochastic:
        return tr("Stochastic");
    case PoolOp::SoftPool:
        return tr("SoftPool");
    case PoolOp::AdaptiveMax:
        return tr("Adaptive max");
    case PoolOp::AdaptiveAvg:
        return tr("Adaptive average");
    case PoolOp::GlobalMax:
        return tr("Global max");
    case PoolOp::GlobalAvg:
        return tr("Global average");
    case PoolOp::FractionalMax:
        return tr("Fractional max");
    case PoolOp::BlurPool:
        return tr("BlurPool (anti-aliased)");
    }
    return {};
}

QString poolOpDescription(PoolOp op)
{
    switch (op) {
    case PoolOp::Max:
        return tr("Keeps the largest value of each window (nn.MaxPool2d).");
    case PoolOp::Avg:
        return tr("Keeps the mean of each window (nn.AvgPool2d).");
    case PoolOp::Min:
        return tr("Keeps the smallest value of each window, computed as -max(-x).");
    case PoolOp::Lp:
        return tr("The p-th root of the sum of p-th powers of each window (nn.LPPool2d).");
    case PoolOp::Mixed:
        return tr("A blend alpha * max + (1 - alpha) * average of each window (Yu et al. 2014).");
    case PoolOp::Stochastic:
        return tr(
            "Picks a value with probability proportional to it in training, its expectation in evaluation "
            "(Zeiler & Fergus 2013).");
    case PoolOp::SoftPool:
        return tr("A softmax-weighted sum of each window (Stergiou et al. 2021).");
    case PoolOp::AdaptiveMax:
        return tr("Max over bins sized so the output has the size you ask for (nn.AdaptiveMaxPool2d).");
    case PoolOp::AdaptiveAvg:
        return tr("Average over bins sized so the output has the size you ask for (nn.AdaptiveAvgPool2d).");
    case PoolOp::GlobalMax:
        return tr("One value per channel: the largest of the whole map.");
    case PoolOp::GlobalAvg:
        return tr("One value per channel: the mean of the whole map (Lin et al. 2013).");
    case PoolOp::FractionalMax:
        return tr(
            "Max over pseudo-random windows that shrink the map by a non-integer factor (Graham 2014).");
    case PoolOp::BlurPool:
        return tr("Max with stride 1, then a binomial blur, then subsampling (Zhang 2019).");
    }
    return {};
}

QString presetDisplayName(KernelPreset p)
{
    switch (p) {
    case KernelPreset::Identity:
        return tr("Identity");
    case KernelPreset::Box:
        return tr("Box blur");
    case KernelPreset::Gaussian:
        return tr("Gaussian blur");
    case KernelPreset::Sharpen:
        return tr("Sharpen");
    case KernelPreset::SobelX:
        return tr("Sobel x");
    case KernelPreset::SobelY:
        return tr("Sobel y");
    case KernelPreset::Laplacian:
        return tr("Laplacian");
    case KernelPreset::Emboss:
        return tr("Emboss");
    case KernelPreset::Outline:
        return tr("Outline");
    case KernelPreset::Random:
        return tr("Random");
    }
    return {};
}

QString activationDisplayName(Activation a)
{
    switch (a) {
    case Activation::None:
        return tr("None");
    case Activation::ReLU:
        return tr("ReLU");
    case Activation::LeakyReLU:
        return tr("Leaky ReLU");
    case Activation::Sigmoid:
        return tr("Sigmoid");
    case Activation::Tanh:
        return tr("Tanh");
    case Activation::Abs:
        return tr("Absolute value");
    }
    return {};
}

QString paddingModeDisplayName(PaddingMode m)
{
    switch (m) {
    case PaddingMode::Zeros:
        return tr("Zeros");
    case PaddingMode::Reflect:
        return tr("Reflect");
    case PaddingMode::Replicate:
        return tr("Replicate");
    case PaddingMode::Circular:
        return tr("Circular");
    }
    return {};
}

} // namespace poolscope::ui
