#pragma once
// How alike two pooled maps of the same shape are, cell by cell: the two measures
// of the translation-invariance sweep (invariance.h), kept apart so that anything
// comparing maps names the same definitions.
#include "core/tensor/tensor.h"

namespace poolscope {

struct MapComparison {
    // The fraction of cells (over all channels) where a and b are equal: a == b, or
    // |a - b| <= tolerance (in double). NaN counts as equal to NaN (the same map
    // twice is wholly equal, and a NaN that stays where it was has not moved), and
    // to nothing else. An empty pair gives 1.
    double equal_fraction = 1;
    // The cosine similarity of a and b flattened over all channels, sum(a*b) /
    // sqrt(sum(a*a) * sum(b*b)), in double, clamped to [-1, 1]. Where PyTorch's
    // cosine_similarity divides by a small epsilon instead, this defines: both maps
    // zero -> 1 (they are the same map), exactly one zero -> 0. A NaN or an infinity
    // in either map gives NaN, as PyTorch's gives for them: such a map has no
    // direction. The same map twice gives exactly 1.
    double cosine = 1;
};

// Both measures in one pass over the maps, on at most `threads` threads
// (thread_budget's meaning). Each row's sums are added in a fixed order, so the
// figures are the same bits for any count. Throws ParamError when the shapes
// differ or the tolerance is negative or not a number.
MapComparison compare_maps(const Tensor& a, const Tensor& b, double tolerance = 0.0, int threads = 0);

inline double equal_fraction(const Tensor& a, const Tensor& b, double tolerance = 0.0, int threads = 0)
{
    return compare_maps(a, b, tolerance, threads).equal_fraction;
}
inline double cosine_similarity(const Tensor& a, const Tensor& b, int threads = 0)
{
    return compare_maps(a, b, 0.0, threads).cosine;
}

} // namespace poolscope
