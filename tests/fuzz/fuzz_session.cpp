// libFuzzer target: saved sessions (and, through them, the settings' spec JSON) from
// arbitrary bytes. read_session may refuse the whole file with InputError, nothing
// else. What it accepts must lie within the controls' limits, and must survive a
// round trip: written and read again, it gives the same document and no problems.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/document/session_file.h"
#include "core/spec/spec_limits.h"
#include "core/tensor/errors.h"

namespace poolscope::fuzz {
namespace {

[[noreturn]] void fail(const std::string& what, std::string_view text)
{
    std::fprintf(stderr, "\nfuzz_session: %s\nfrom: %.*s\n\n", what.c_str(),
                 int(std::min<std::size_t>(text.size(), 400)), text.data());
    std::abort();
}

bool in(limits::IntRange r, Size2 v)
{
    return r.contains(v.h) && r.contains(v.w);
}

// The limits a read session must respect, whatever the file said.
std::string out_of_limits(const SessionFile& s)
{
    const PoolSpec& p = s.pool;
    const ConvSpec& c = s.conv;
    if (!in(limits::kPoolKernel, p.kernel) || (p.stride && !in(limits::kPoolStride, *p.stride)) ||
        !in(limits::kPoolPadding, p.padding) || !in(limits::kPoolDilation, p.dilation))
        return "pool window parameters";
    if ((p.divisor_override && !limits::kDivisorOverride.contains(*p.divisor_override)) ||
        !limits::kNormType.contains(p.norm_type) || !limits::kAlpha.contains(p.alpha) ||
        p.seed > limits::kMaxSeed || !limits::kBlurSize.contains(p.blur_size) ||
        (p.output_size && !in(limits::kPoolOutputSize, *p.output_size)))
        return "pool parameters";
    if (p.output_ratio && !(limits::kOutputRatio.contains((*p.output_ratio)[0]) &&
                            limits::kOutputRatio.contains((*p.output_ratio)[1])))
        return "pool.output_ratio";
    if (p.fractional_samples.size() > std::size_t(limits::kMaxFractionalSamples))
        return "pool.fractional_samples";
    for (const auto& u : p.fractional_samples)
        if (!(u[0] >= 0 && u[0] < 1 && u[1] >= 0 && u[1] < 1))
            return "a fractional sample";
    if (!limits::kConvOutChannels.contains(c.out_channels) || !in(limits::kConvKernel, c.kernel) ||
        !in(limits::kConvStride, c.stride) || !in(limits::kConvPadding, c.padding) ||
        !in(limits::kConvDilation, c.dilation) || c.presets.empty() ||
        c.presets.size() > std::size_t(limits::kConvOutChannels.hi) || c.seed > limits::kMaxSeed ||
        !limits::kConvBias.contains(c.bias) || !limits::kNegativeSlope.contains(c.negative_slope))
        return "conv parameters";
    if (s.channel < 0 || s.step < 0 || !limits::kAnimationSpeed.contains(s.speed))
        return "view";
    if (s.file.size() > SessionFile::kMaxPathLength || s.sample.size() > 64)
        return "input";
    return {};
}

} // namespace
} // namespace poolscope::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace poolscope;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Problems problems;
    SessionFile s;
    try {
        s = read_session(text, SessionFile{}, problems);
    } catch (const InputError&) {
        return 0;
    }
    if (const std::string bad = fuzz::out_of_limits(s); !bad.empty())
        fuzz::fail("accepted " + bad + " outside the controls' limits", text);
    const std::string written = write_session(s);
    Problems again;
    SessionFile back;
    try {
        back = read_session(written, SessionFile{}, again);
    } catch (const InputError& e) {
        fuzz::fail(std::string("its own output is refused: ") + e.what(), written);
    }
    if (!again.empty())
        fuzz::fail("its own output has problems: " + again.front(), written);
    if (write_session(back) != written)
        fuzz::fail("a round trip changes the document", written);
    return 0;
}
