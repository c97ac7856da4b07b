#include "core/pool/fast/axis_plan.h"

#include <algorithm>

namespace poolscope::detail {

bool AxisPlan::all_nonempty() const
{
    return std::all_of(count.begin(), count.end(), [](int n) { return n > 0; });
}

int AxisPlan::lo(int o0, int o1) const
{
    // Starts are not monotonic under dilation (a later window may begin on an
    // earlier residue), so look at every window.
    int v = first[o0];
    for (int o = o0 + 1; o < o1; ++o)
        v = std::min(v, first[o]);
    return v;
}

int AxisPlan::hi(int o0, int o1) const
{
    int v = last(o0);
    for (int o = o0 + 1; o < o1; ++o)
        v = std::max(v, last(o));
    return v + 1;
}

AxisPlan plan_from_taps(const std::vector<AxisTaps>& taps, bool sliding)
{
    AxisPlan p;
    p.first.reserve(taps.size());
    p.count.reserve(taps.size());
    for (const AxisTaps& t : taps) {
        p.first.push_back(t.first());
        p.count.push_back(t.count);
        p.step = t.step;
        p.size = std::max(p.size, t.size);
    }
    p.sliding = sliding;
    return p;
}

AxisPlan sliding_plan(int out, int in, int kernel, int stride, int pad, int dilation)
{
    std::vector<AxisTaps> taps(std::size_t(std::max(out, 0)));
    for (int o = 0; o < out; ++o)
        taps[std::size_t(o)] = sliding_taps(o, in, kernel, stride, pad, dilation);
    AxisPlan p = plan_from_taps(taps, true);
    p.step = dilation;
    p.size = kernel;
    p.stride = stride;
    return p;
}

} // namespace poolscope::detail
