#include "tests/core/parity_support.h"

#include <bit>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <sstream>

#include "core/counter_rng.h"
#include "core/errors.h"
#include "core/pool_ops.h"
#include "tests/reference/naive_pool.h"

namespace poolscope::testing {

namespace {

std::string pair_text(Size2 v)
{
    return std::to_string(v.h) + "x" + std::to_string(v.w);
}

std::string float_text(double v)
{
    std::ostringstream out;
    out.precision(9);
    out << v;
    return out.str();
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

} // namespace

const char* data_name(Data d)
{
    switch (d) {
    case Data::Smooth:
        return "smooth";
    case Data::Positive:
        return "positive";
    case Data::Ties:
        return "ties";
    case Data::Special:
        return "special";
    }
    return "?";
}

std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d)
{
    return splitmix64(a ^ splitmix64(b ^ splitmix64(c ^ splitmix64(d))));
}

Tensor make_input(int channels, int height, int width, Data kind, std::uint64_t seed)
{
    Tensor t(channels, height, width);
    const float inf = std::numeric_limits<float>::infinity();
    float* v = t.data();
    for (std::size_t i = 0; i < t.size(); ++i) {
        // One hash per value: the high 32 bits give the value, the low bits the specials.
        const std::uint64_t bits = splitmix64(seed * 0x100000001B3ull + i);
        const double u = double(bits >> 32) * 0x1.0p-32;
        switch (kind) {
        case Data::Smooth:
            v[i] = float(u * 4 - 2);
            break;
        case Data::Positive:
            v[i] = float(2 - u * 2);
            break;
        case Data::Ties:
        case Data::Special:
            v[i] = float(std::floor(u * 4) - 1);
            break;
        }
        if (kind == Data::Special) {
            const std::uint64_t r = bits & 0xFFFF; // out of 65536
            if (r < 3932)                          // 6%
                v[i] = std::numeric_limits<float>::quiet_NaN();
            else if (r < 6554) // 4%
                v[i] = -inf;
            else if (r < 8520) // 3%
                v[i] = inf;
        }
    }
    return t;
}

::testing::AssertionResult same_tensor(const Tensor& got, const Tensor& want, Tolerance tol)
{
    if (got.channels() != want.channels() || got.height() != want.height() || got.width() != want.width())
        return ::testing::AssertionFailure()
               << "shape " << got.channels() << "x" << got.height() << "x" << got.width() << ", expected "
               << want.channels() << "x" << want.height() << "x" << want.width();
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
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << mismatches << " of " << want.size() << " values differ, first " << first.str();
}

::testing::AssertionResult same_indices(const IndexTensor& got, const IndexTensor& want)
{
    if (got.channels != want.channels || got.height != want.height || got.width != want.width ||
        got.data.size() != want.data.size())
        return ::testing::AssertionFailure() << "index shape " << got.channels << "x" << got.height << "x"
                                             << got.width << " (" << got.data.size() << " values), expected "
                                             << want.channels << "x" << want.height << "x" << want.width;
    for (int c = 0; c < want.channels; ++c)
        for (int y = 0; y < want.height; ++y)
            for (int x = 0; x < want.width; ++x)
                if (got.at(c, y, x) != want.at(c, y, x))
                    return ::testing::AssertionFailure()
                           << "index at (c=" << c << ", y=" << y << ", x=" << x << ") is " << got.at(c, y, x)
                           << ", expected " << want.at(c, y, x);
    return ::testing::AssertionSuccess();
}

void check_against_reference(const Tensor& input, const PoolSpec& spec, Data kind, Tolerance tol,
                             Tally& tally)
{
    // Described only on failure: building the text for every configuration of a
    // grid would cost more than the check.
    auto what = [&] { return describe(spec, input, kind); };
    std::optional<reference::Result> want;
    std::string why;
    try {
        want = reference::pool(input, spec);
    } catch (const ParamError& e) {
        why = e.what();
    }
    if (!want) {
        ++tally.rejected;
        try {
            pool(input, spec);
        } catch (const ParamError&) {
            return;
        } catch (const std::exception& e) {
            ADD_FAILURE() << what() << ": expected ParamError (" << why << "), the core threw " << e.what();
            ++tally.failures;
            return;
        }
        ADD_FAILURE() << what() << ": the reference rejects it (" << why << "), the core accepts it";
        ++tally.failures;
        return;
    }
    ++tally.valid;
    PoolResult got;
    try {
        got = pool(input, spec);
    } catch (const std::exception& e) {
        ADD_FAILURE() << what() << ": the core threw \"" << e.what() << "\"";
        ++tally.failures;
        return;
    }
    const bool indexed = spec.op == PoolOp::Max || spec.op == PoolOp::Min || spec.op == PoolOp::AdaptiveMax ||
                         spec.op == PoolOp::GlobalMax || spec.op == PoolOp::FractionalMax;
    const auto values = same_tensor(got.output, want->output, tol);
    const auto index = indexed ? same_indices(got.indices, want->indices) : ::testing::AssertionSuccess();
    if (!values)
        ADD_FAILURE() << what() << ": " << values.message();
    if (!index)
        ADD_FAILURE() << what() << ": " << index.message();
    if (!values || !index)
        ++tally.failures;
}

std::string describe(const PoolSpec& spec, const Tensor& input, Data kind)
{
    std::ostringstream out;
    out << pool_op_name(spec.op) << " on " << input.channels() << "x" << input.height() << "x"
        << input.width() << " " << data_name(kind) << " input: kernel " << pair_text(spec.kernel)
        << ", stride " << (spec.stride ? pair_text(*spec.stride) : "default") << ", padding "
        << pair_text(spec.padding) << ", dilation " << pair_text(spec.dilation)
        << (spec.ceil_mode ? ", ceil_mode" : "");
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
