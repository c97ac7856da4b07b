#pragma once
// The arithmetic of one output cell written out with its numbers, e.g.
// "(0.120 + 0.800 + 0.330 + 0.450) / 4 = 0.425", and why the divisor is what it is.
#include <QString>

#include "core/pool/window_trace.h"
#include "core/spec/pool_spec.h"

namespace poolscope::ui {

struct TraceExplanation {
    QString operation;   // the op with the window's numbers and the result
    QString divisorNote; // avg-type ops: where the divisor comes from; else empty
    QString chosen;      // the selected input cell (max, min, fractional, stochastic train); else empty
    QString index;       // PyTorch's flat index with its arithmetic; else empty
};

// `inputWidth`: width of the pool input (the flat index is y * W + x).
TraceExplanation explainTrace(const WindowTrace& trace, const PoolSpec& spec, int inputWidth);

// How numbers are written in the explanations: three decimals, or three
// significant digits for magnitudes that would round to zero or grow too long.
QString formatValue(double v);

// Longest list of terms written out before the middle is elided.
inline constexpr int kMaxListedTerms = 12;

} // namespace poolscope::ui
