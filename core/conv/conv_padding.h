#pragma once
// The rows of a conv's padded input, made as a stripe of output rows reaches
// them. Padding whole planes up front would copy every plane once more, into
// fresh memory the system must first zero: for a full-HD image most of the
// time a one-channel conv takes. A stripe needs only the rows under its kernel.
#include <vector>

#include "core/tensor/tensor.h"

namespace poolscope::detail {

// Padding on each side of the input, and how it is filled (a cv::BorderTypes
// value: BORDER_CONSTANT is zeros).
struct ConvPads {
    int top = 0, bottom = 0, left = 0, right = 0;
    int border = 0;
    bool none() const { return top == 0 && bottom == 0 && left == 0 && right == 0; }
};

class ConvPaddedRows {
public:
    // `span` rows of the padded input lie under the kernel of one output row
    // ((kernel_rows - 1) * dilation + 1).
    ConvPaddedRows(const Tensor& input, ConvPads pads, int span, int kernel_rows);

    // Padded row `py` (0 is the first row of the top padding) of channel `c`,
    // from the padded input's column 0; `ky` is the kernel row that reads it.
    // Every row one output row needs stays valid while that output row is computed.
    const float* row(int c, int py, int ky);

private:
    void fill(float* dst, int c, int py) const;

    const Tensor& input_;
    ConvPads pads_;
    int width_ = 0;       // of a padded row
    int slots_ = 0;       // rows held per channel
    bool shared_ = false; // slot by row (shared by neighbouring output rows), or by kernel row
    std::vector<int> leftCols_, rightCols_; // source columns of the side padding, -1 for zero
    std::vector<float> rows_;
    std::vector<int> held_; // the padded row each slot holds, per channel; -1 for none
};

} // namespace poolscope::detail
