#include "ui/shell/pool_keys.h"

#include <algorithm>

#include <QObject>

#include "core/shape/pool_shape.h"
#include "core/spec/spec_limits.h"
#include "core/tensor/errors.h"
#include "ui/text/display_names.h"

namespace poolscope::ui {

namespace {

QString tr(const char* text)
{
    return QObject::tr(text);
}

// Both axes one step, or nothing when either would leave the range.
std::optional<Size2> stepped(Size2 v, int delta, limits::IntRange range)
{
    const Size2 out{v.h + delta, v.w + delta};
    if (!range.contains(out.h) || !range.contains(out.w))
        return std::nullopt;
    return out;
}

PoolKeyChange refuse(const QString& why)
{
    return {std::nullopt, why};
}

// PyTorch's own check on the pool input, with its message.
PoolKeyChange checked(const PoolSpec& spec, std::optional<Size2> poolInput)
{
    if (poolInput) {
        try {
            resolve_geometry(spec, poolInput->h, poolInput->w);
        } catch (const ParamError& e) {
            return refuse(tr("Not changed: %1.").arg(QString::fromStdString(e.what())));
        }
    }
    return {spec, {}};
}

PoolKeyChange nextOp(const PoolSpec& spec, std::optional<Size2> poolInput)
{
    const auto at = std::find(kAllPoolOps.begin(), kAllPoolOps.end(), spec.op);
    const std::size_t start = std::size_t(at - kAllPoolOps.begin());
    // The next op the current parameters suit: Lp, say, takes no padding.
    for (std::size_t i = 1; i < kAllPoolOps.size(); ++i) {
        PoolSpec s = spec;
        s.op = kAllPoolOps[(start + i) % kAllPoolOps.size()];
        if (PoolKeyChange c = checked(s, poolInput); c.spec)
            return c;
    }
    return refuse(tr("No other pooling type accepts these parameters."));
}

} // namespace

PoolKeyChange changePool(const PoolSpec& spec, PoolKey key, std::optional<Size2> poolInput)
{
    const PoolOpTraits traits = pool_op_traits(spec.op);
    const QString op = poolOpDisplayName(spec.op);
    PoolSpec s = spec;
    switch (key) {
    case PoolKey::KernelUp:
    case PoolKey::KernelDown: {
        if (!traits.kernel)
            return refuse(tr("%1 pooling has no kernel size.").arg(op));
        const bool up = key == PoolKey::KernelUp;
        const auto k = stepped(spec.kernel, up ? 1 : -1, limits::kPoolKernel);
        if (!k)
            return refuse(up ? tr("The kernel size is at its largest, %1.").arg(limits::kPoolKernel.hi)
                             : tr("The kernel size is at its smallest, %1.").arg(limits::kPoolKernel.lo));
        s.kernel = *k;
        break;
    }
    case PoolKey::StrideUp:
    case PoolKey::StrideDown: {
        if (!traits.sliding)
            return refuse(tr("%1 pooling has no stride.").arg(op));
        const bool up = key == PoolKey::StrideUp;
        const auto st = stepped(spec.effective_stride(), up ? 1 : -1, limits::kPoolStride);
        if (!st)
            return refuse(up ? tr("The stride is at its largest, %1.").arg(limits::kPoolStride.hi)
                             : tr("The stride is at its smallest, %1.").arg(limits::kPoolStride.lo));
        s.stride = *st; // from stride=None too: the stride now differs from the kernel
        break;
    }
    case PoolKey::PaddingUp:
    case PoolKey::PaddingDown: {
        if (!traits.padding)
            return refuse(tr("%1 pooling has no padding.").arg(op));
        const bool up = key == PoolKey::PaddingUp;
        const auto p = stepped(spec.padding, up ? 1 : -1, limits::kPoolPadding);
        if (!p)
            return refuse(up ? tr("The padding is at its largest, %1.").arg(limits::kPoolPadding.hi)
                             : tr("The padding is already 0."));
        s.padding = *p;
        break;
    }
    case PoolKey::NextOp:
        return nextOp(spec, poolInput);
    }
    // The padding rule does not depend on the input: checked even without one.
    if (traits.sliding && (s.padding.h > s.kernel.h / 2 || s.padding.w > s.kernel.w / 2))
        return refuse(tr("Not changed: padding %1 would be more than half of kernel size %2 (PyTorch "
                         "allows padding <= kernel_size / 2).")
                          .arg(std::max(s.padding.h, s.padding.w))
                          .arg(std::min(s.kernel.h, s.kernel.w)));
    return checked(s, poolInput);
}

} // namespace poolscope::ui
