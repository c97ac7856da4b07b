#pragma once
// Input files the CLI tests read, made once per test program in a temp folder.
#include <string>
#include <vector>

#include "core/tensor/tensor.h"
#include "tests/cli/cli_runner.h"

namespace poolscope::cli_test {

// Values that differ everywhere (no ties) and have both signs.
Tensor ramp(int channels, int height, int width);

// The folder with hw.npy (8,8), chw.npy (3,8,8), nchw.npy (1,2,8,8), hwc.npy (10,12,3)
// holding ramp(1, 10, 36) channels last, chw_narrow.npy (8,20,8), img.png (12x16 RGB),
// weights.npy (2,3,3,3), weights_hw.npy (3,3), garbage.png, garbage.npy, empty.npy, and
// chw.npy max-pooled 2x2: pooled.npy (3,4,4) with pooled_idx.npy (int64), and indices
// that are wrong: outside_idx.npy (one index past the plane), negative_idx.npy,
// two_channel_idx.npy (2,4,4), float_idx.npy (float32).
const TempDir& inputs();

// args with "{in}" replaced by the inputs folder and "{out}" by `out`.
std::vector<std::string> expand(const std::vector<std::string>& args, const std::string& out = "");

} // namespace poolscope::cli_test
