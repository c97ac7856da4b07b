#pragma once
// The current pipeline as code a student can run: PyTorch, Keras/TensorFlow
// and NumPy, with the settings a framework cannot express named in notes.
#include <QString>
#include <QStringList>

#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"

namespace poolscope::ui {

enum class Framework { PyTorch, Keras, NumPy };

// What the snippets are written for: the input's shape and the two stages.
struct CodeSetup {
    int channels = 1, height = 28, width = 28; // the input, (C, H, W)
    bool convEnabled = true;
    ConvSpec conv;
    PoolSpec pool;
};

struct FrameworkCode {
    QString code;      // runnable Python
    QStringList notes; // settings with no equivalent, and why; empty when the code is exact
};

// Shapes come from the core's shape functions; invalid parameters give a note and no code.
FrameworkCode frameworkCode(Framework framework, const CodeSetup& setup);

FrameworkCode pytorchPipelineCode(const CodeSetup& setup);
FrameworkCode kerasPipelineCode(const CodeSetup& setup);
FrameworkCode numpyPoolCode(const CodeSetup& setup);

} // namespace poolscope::ui
