#pragma once
// Random small pooling problems for students to solve by hand: a grid of
// one-decimal values and a max or avg layer, drawn from a seed so a teacher can
// make the same sheet again. The answer is never stored: exercise_answer()
// computes it with pool(), so it is the core's (and PyTorch's) number.
#include <cstdint>
#include <vector>

#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"

namespace poolscope {

// The ranges a problem is drawn from.
inline constexpr int kExerciseMinSide = 4, kExerciseMaxSide = 8;
inline constexpr int kExerciseMinKernel = 2, kExerciseMaxKernel = 3;
inline constexpr int kExerciseMinStride = 1, kExerciseMaxStride = 3;
inline constexpr int kExerciseMaxTenths = 99; // values 0.0 to 9.9
inline constexpr int kExerciseMaxOutputSide = 4;

struct Exercise {
    int height = 0, width = 0;
    // Row-major values in tenths: the value is tenths / 10, and its text is exact.
    std::vector<int> tenths;
    // Max or avg, square kernel and stride, with padding, ceil_mode and (avg) count_include_pad.
    PoolSpec spec;

    int tenthsAt(int y, int x) const { return tenths[std::size_t(y) * width + x]; }
};

Exercise make_exercise(std::uint64_t seed);
// n problems from one seed (each problem from its own seed, drawn from this one).
std::vector<Exercise> make_sheet(std::uint64_t seed, int n);

// The grid as a 1 x H x W tensor of float(tenths) / 10.
Tensor exercise_input(const Exercise& exercise);
// The output, computed with pool(): 1 x out_h x out_w.
Tensor exercise_answer(const Exercise& exercise);

} // namespace poolscope
