#pragma once
// The pooling keys a teacher presses without the forms: K / Shift+K (kernel),
// S / Shift+S (stride), P / Shift+P (padding), T (next pooling type). A change
// stays within the forms' limits (core/spec/spec_limits.h), touches only a
// parameter the op reads, and is made only when PyTorch accepts it on the
// current pool input; otherwise it says why.
#include <optional>

#include <QString>

#include "core/spec/pool_spec.h"
#include "core/tensor/size2.h"

namespace poolscope::ui {

enum class PoolKey { KernelUp, KernelDown, StrideUp, StrideDown, PaddingUp, PaddingDown, NextOp };

struct PoolKeyChange {
    std::optional<PoolSpec> spec; // the new spec; none when the change is refused
    QString why;                  // why not
};

// `poolInput`: the pool input's height and width, to check the change on; none
// when there is no result yet (then only the limits are checked).
PoolKeyChange changePool(const PoolSpec& spec, PoolKey key, std::optional<Size2> poolInput);

} // namespace poolscope::ui
