#include "core/exercise/exercise.h"

#include <random>

#include "core/pool/pool_ops.h"
#include "core/shape/pool_shape.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

// A uniform integer in [lo, hi] by rejection: std::uniform_int_distribution
// differs between standard libraries, so a seed would not make the same sheet everywhere.
int draw(std::mt19937_64& rng, int lo, int hi)
{
    const std::uint64_t range = std::uint64_t(hi - lo) + 1;
    const std::uint64_t limit = std::mt19937_64::max() - std::mt19937_64::max() % range;
    std::uint64_t x = 0;
    do {
        x = rng();
    } while (x >= limit);
    return lo + int(x % range);
}

bool coin(std::mt19937_64& rng)
{
    return draw(rng, 0, 1) == 1;
}

PoolSpec draw_spec(std::mt19937_64& rng)
{
    PoolSpec spec;
    spec.op = coin(rng) ? PoolOp::Avg : PoolOp::Max;
    const int k = draw(rng, kExerciseMinKernel, kExerciseMaxKernel);
    spec.kernel = square(k);
    spec.stride = square(draw(rng, kExerciseMinStride, kExerciseMaxStride));
    spec.padding = square(draw(rng, 0, k / 2));
    spec.ceil_mode = coin(rng);
    spec.count_include_pad = spec.op == PoolOp::Avg ? coin(rng) : true;
    return spec;
}

// Valid under PyTorch's rules and small enough to do by hand.
bool doable(const PoolSpec& spec, int h, int w)
{
    try {
        const PoolGeometry g = resolve_geometry(spec, h, w);
        return g.out.h >= 1 && g.out.w >= 1 && g.out.h <= kExerciseMaxOutputSide &&
               g.out.w <= kExerciseMaxOutputSide;
    } catch (const ParamError&) {
        return false;
    }
}

} // namespace

Exercise make_exercise(std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    Exercise e;
    // Re-drawn until doable: most draws are, so this ends after a few.
    do {
        e.height = draw(rng, kExerciseMinSide, kExerciseMaxSide);
        e.width = draw(rng, kExerciseMinSide, kExerciseMaxSide);
        e.spec = draw_spec(rng);
    } while (!doable(e.spec, e.height, e.width));
    e.tenths.resize(std::size_t(e.height) * e.width);
    for (int& t : e.tenths)
        t = draw(rng, 0, kExerciseMaxTenths);
    return e;
}

std::vector<Exercise> make_sheet(std::uint64_t seed, int n)
{
    // Each problem's seed from the sheet's own generator, so problem i does not
    // depend on how many draws the problems before it took.
    std::mt19937_64 seeds(seed);
    std::vector<Exercise> sheet;
    for (int i = 0; i < n; ++i)
        sheet.push_back(make_exercise(seeds()));
    return sheet;
}

Tensor exercise_input(const Exercise& e)
{
    Tensor t(1, e.height, e.width);
    for (int y = 0; y < e.height; ++y)
        for (int x = 0; x < e.width; ++x)
            t.at(0, y, x) = float(e.tenthsAt(y, x)) / 10.f;
    return t;
}

Tensor exercise_answer(const Exercise& e)
{
    return pool(exercise_input(e), e.spec, PoolOptions{.indices = false, .threads = 1}).output;
}

} // namespace poolscope
