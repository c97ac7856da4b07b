#include "tests/core/parity/parity_support.h"

#include <cmath>
#include <limits>
#include <optional>
#include <sstream>

#include "core/pool/counter_rng.h"
#include "core/pool/pool_ops.h"
#include "core/tensor/errors.h"
#include "tests/reference/naive_pool.h"

namespace poolscope::testing {

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
    if (const auto why = tensor_mismatch(got, want, tol))
        return ::testing::AssertionFailure() << *why;
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult same_indices(const IndexTensor& got, const IndexTensor& want)
{
    if (const auto why = index_mismatch(got, want))
        return ::testing::AssertionFailure() << *why;
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
        << input.width() << " " << data_name(kind) << " input: " << spec_params(spec);
    return out.str();
}

} // namespace poolscope::testing
