#pragma once
// Default file names for exports: safe on every file system and shell (letters,
// digits, '.', '_' and '-' only) and descriptive enough to find on a slide later,
// e.g. "digit-28x28-max-k2s2".
#include <QString>

#include "core/spec/pool_spec.h"

namespace poolscope::ui {

// inputName: the input's display name (a file name's extension is dropped);
// height x width: the input's size; spec: only the parameters its op reads appear.
QString exportBaseName(const QString& inputName, int height, int width, const PoolSpec& spec);

// The text with every run of characters outside [A-Za-z0-9._-] made one '-',
// without leading or trailing '-' or '.'; "poolscope" if nothing is left.
QString safeFileStem(const QString& text);

} // namespace poolscope::ui
