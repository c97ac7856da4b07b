#pragma once
// How a kernel covers a run of outputs with vectors of L. Internal linkage, so the
// files built for wider instruction sets keep their own copy.
namespace poolscope::detail {
namespace {

// Calls step(o) for the vectors of L outputs that cover [o, end): whole vectors
// while they fit, then, if outputs are left and the run holds one vector, the
// vector that ends at end, overlapping the one before (the same values where they
// overlap), so none is left to fold one tap at a time. Returns the first output
// not covered: end, or o when the run is shorter than one vector.
template <int L, class Step> int cover_with_vectors(int o, int end, Step&& step)
{
    const int first = o;
    for (; o + L <= end; o += L)
        step(o);
    if (o < end && end - L >= first) {
        step(end - L);
        o = end;
    }
    return o;
}

} // namespace
} // namespace poolscope::detail
