#include "core/lab/invariance.h"

#include <array>
#include <string>
#include <utility>

#include "core/lab/map_similarity.h"
#include "core/pool/pool_convention.h"
#include "core/shape/convention_shape.h"
#include "core/shape/pool_shape.h"
#include "core/spec/name_table.h"
#include "core/tensor/errors.h"
#include "core/tensor/threads.h"

namespace poolscope {
namespace {

constexpr NameTable<ShiftAxis, 3> kNames = {{
    {ShiftAxis::X, "x"},
    {ShiftAxis::Y, "y"},
    {ShiftAxis::XY, "xy"},
}};

bool shifts_rows(ShiftAxis axis)
{
    return axis != ShiftAxis::X;
}
bool shifts_columns(ShiftAxis axis)
{
    return axis != ShiftAxis::Y;
}

std::string size_text(Size2 s)
{
    return std::to_string(s.h) + "x" + std::to_string(s.w);
}

// The view at shift d into `view` (reused across shifts). pool() reads a whole
// Tensor, whose planes follow each other without gaps, and a crop's do not, so
// each plane's crop is a cv::Mat header copied into place.
void copy_view(const Tensor& input, ShiftAxis axis, int d, Tensor& view, int threads)
{
    const cv::Rect crop(shifts_columns(axis) ? d : 0, shifts_rows(axis) ? d : 0, view.width(), view.height());
    parallel_for(cv::Range(0, input.channels()), threads, input.channels(), [&](const cv::Range& r) {
        for (int c = r.start; c < r.end; ++c) {
            cv::Mat to = view.plane(c);
            input.plane(c)(crop).copyTo(to);
        }
    });
}

// The pooled size of an in.h x in.w map; throws ParamError as the geometry does.
Size2 pooled_size(const PoolSpec& spec, Convention c, Size2 in)
{
    if (c == Convention::PyTorch)
        return resolve_geometry(spec, in.h, in.w).out;
    return convention_geometry(c, spec, in.h, in.w).out();
}

} // namespace

std::string_view shift_axis_name(ShiftAxis axis)
{
    return name_in(kNames, axis).value_or("x");
}

std::optional<ShiftAxis> parse_shift_axis(std::string_view name)
{
    return value_in(kNames, name);
}

Size2 shifted_view_size(ShiftAxis axis, int max_shift, int in_h, int in_w)
{
    if (max_shift < 0)
        throw ParamError("the largest shift must be 0 or more (it is " + std::to_string(max_shift) + ")");
    const auto check = [&](int size, const char* along) {
        if (max_shift >= size)
            throw ParamError("the largest shift " + std::to_string(max_shift) + " leaves nothing of the " +
                             std::to_string(size) + " " + along + ": it must be at most " +
                             std::to_string(size - 1));
    };
    if (shifts_rows(axis))
        check(in_h, "rows");
    if (shifts_columns(axis))
        check(in_w, "columns");
    return {in_h - (shifts_rows(axis) ? max_shift : 0), in_w - (shifts_columns(axis) ? max_shift : 0)};
}

SweepShape sweep_shape(const PoolSpec& spec, const ShiftSweep& sweep, int in_h, int in_w)
{
    if (!(sweep.tolerance >= 0.0))
        throw ParamError("the tolerance must be 0 or more (it is " + std::to_string(sweep.tolerance) + ")");
    SweepShape shape;
    shape.view = shifted_view_size(sweep.axis, sweep.max_shift, in_h, in_w);
    // A spec wrong at any size says so plainly; one that only the smaller views
    // refuse says which size that is.
    pooled_size(spec, sweep.convention, {in_h, in_w});
    try {
        shape.output = pooled_size(spec, sweep.convention, shape.view);
    } catch (const ParamError& e) {
        throw ParamError("on the shifted views, " + size_text(shape.view) + " (the input " +
                         size_text({in_h, in_w}) + " less the largest shift " +
                         std::to_string(sweep.max_shift) + "): " + e.what());
    }
    return shape;
}

InvarianceResult measure_invariance(const Tensor& input, const PoolSpec& spec, const ShiftSweep& sweep,
                                    int threads)
{
    if (input.empty())
        throw ParamError("the input is empty: there is nothing to shift");
    const SweepShape shape = sweep_shape(spec, sweep, input.height(), input.width());
    InvarianceResult result{input.channels(), shape.view, shape.output, {}};

    const PoolOptions options{.indices = false, .threads = threads};
    Tensor view = Tensor::uninitialized(input.channels(), result.view.h, result.view.w);
    copy_view(input, sweep.axis, 0, view, threads);
    const Tensor reference = pool_convention(view, spec, sweep.convention, options).output;
    const auto compared = [&](int d, const Tensor& pooled) {
        const MapComparison m = compare_maps(pooled, reference, sweep.tolerance, threads);
        return ShiftComparison{d, m.equal_fraction, m.cosine};
    };
    result.shifts.push_back(compared(0, reference));
    for (int d = 1; d <= sweep.max_shift; ++d) {
        copy_view(input, sweep.axis, d, view, threads);
        const Tensor shifted = pool_convention(view, spec, sweep.convention, options).output;
        result.shifts.push_back(compared(d, shifted));
    }
    return result;
}

} // namespace poolscope
