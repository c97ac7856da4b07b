#include "tests/core/parity/parity_compare.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <sstream>

namespace poolscope::testing {

namespace {

std::string pair_text(Size2 v)
{
    return std::to_string(v.h) + "x" + std::to_string(v.w);
}

// Steps between two finite floats on the float32 number line (signed zeros are one point).
long long ulp_distance(float a, float b)
{
    auto ordered = [](float v) {
        const auto bits = std::bit_cast<std::int32_t>(v);
        return bits < 0 ? -(long long)(bits & 0x7fffffff) : (long long)bits;
    };
    return std::llabs(ordered(a) - ordered(b));
}

} // namespace

std::string float_text(double v)
{
    std::ostringstream out;
    out.precision(9);
    out << v;
    return out.str();
}

bool values_match(float got, float want, Tolerance tol)
{
    if (std::isnan(want) || std::isnan(got))
        return std::isnan(want) && std::isnan(got);
    if (std::isinf(want) || std::isinf(got))
        return got == want;
    if (tol.exact)
        return got == want;
    if (tol.ulps > 0)
        return got == want || ulp_distance(got, want) <= tol.ulps;
    return std::abs(double(got) - double(want)) <= tol.abs + tol.rel * std::abs(double(want));
}

std::optional<std::string> tensor_mismatch(const Tensor& got, const Tensor& want, Tolerance tol)
{
    if (got.channels() != want.channels() || got.height() != want.height() || got.width() != want.width()) {
        std::ostringstream out;
        out << "shape " << got.channels() << "x" << got.height() << "x" << got.width() << ", expected "
            << want.channels() << "x" << want.height() << "x" << want.width();
        return out.str();
    }
    int mismatches = 0;
    std::ostringstream first;
    for (int c = 0; c < want.channels(); ++c) {
        for (int y = 0; y < want.height(); ++y) {
            for (int x = 0; x < want.width(); ++x) {
                if (values_match(got.at(c, y, x), want.at(c, y, x), tol))
                    continue;
                if (mismatches++ == 0)
                    first << "at (c=" << c << ", y=" << y << ", x=" << x << ") got "
                          << float_text(got.at(c, y, x)) << ", expected " << float_text(want.at(c, y, x));
            }
        }
    }
    if (mismatches == 0)
        return std::nullopt;
    return std::to_string(mismatches) + " of " + std::to_string(want.size()) + " values differ, first " +
           first.str();
}

std::optional<std::string> index_mismatch(const IndexTensor& got, const IndexTensor& want)
{
    std::ostringstream out;
    if (got.channels != want.channels || got.height != want.height || got.width != want.width ||
        got.data.size() != want.data.size()) {
        out << "index shape " << got.channels << "x" << got.height << "x" << got.width << " ("
            << got.data.size() << " values), expected " << want.channels << "x" << want.height << "x"
            << want.width;
        return out.str();
    }
    for (int c = 0; c < want.channels; ++c)
        for (int y = 0; y < want.height; ++y)
            for (int x = 0; x < want.width; ++x)
                if (got.at(c, y, x) != want.at(c, y, x)) {
                    out << "index at (c=" << c << ", y=" << y << ", x=" << x << ") is " << got.at(c, y, x)
                        << ", expected " << want.at(c, y, x);
                    return out.str();
                }
    return std::nullopt;
}

std::string spec_params(const PoolSpec& spec)
{
    std::ostringstream out;
    out << "kernel " << pair_text(spec.kernel) << ", stride "
        << (spec.stride ? pair_text(*spec.stride) : "default") << ", padding " << pair_text(spec.padding)
        << ", dilation " << pair_text(spec.dilation) << (spec.ceil_mode ? ", ceil_mode" : "");
    switch (spec.op) {
    case PoolOp::Avg:
    case PoolOp::Mixed:
        out << (spec.count_include_pad ? ", count_include_pad" : ", exclude pad");
        if (spec.divisor_override)
            out << ", divisor_override " << *spec.divisor_override;
        if (spec.op == PoolOp::Mixed)
            out << ", alpha " << spec.alpha;
        break;
    case PoolOp::Lp:
        out << ", norm_type " << spec.norm_type;
        break;
    case PoolOp::Stochastic:
        out << (spec.train ? ", train, seed " : ", eval, seed ") << spec.seed;
        break;
    case PoolOp::BlurPool:
        out << ", blur_size " << spec.blur_size;
        break;
    default:
        break;
    }
    if (spec.output_size)
        out << ", output_size " << pair_text(*spec.output_size);
    if (spec.output_ratio)
        out << ", output_ratio " << (*spec.output_ratio)[0] << "x" << (*spec.output_ratio)[1];
    if (spec.op == PoolOp::FractionalMax) {
        out << ", seed " << spec.seed;
        for (const auto& [uw, uh] : spec.fractional_samples)
            out << ", sample {" << float_text(uw) << ", " << float_text(uh) << "}";
    }
    return out.str();
}

} // namespace poolscope::testing
