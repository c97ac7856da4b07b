#pragma once
// Names shown to people (menus, combo boxes, labels); the core's names are the
// CLI spellings.
#include <string_view>

#include <QString>

#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"

namespace poolscope::ui {

QString toQString(std::string_view s);

QString poolOpDisplayName(PoolOp op);      // e.g. "Max", "Adaptive average", "BlurPool (anti-aliased)"
QString poolOpDescription(PoolOp op);      // one sentence, for tooltips
QString presetDisplayName(KernelPreset p); // e.g. "Sobel x", "Gaussian blur"
QString activationDisplayName(Activation a);
QString paddingModeDisplayName(PaddingMode m);

} // namespace poolscope::ui
