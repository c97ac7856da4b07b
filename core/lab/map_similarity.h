#pragma once
// How alike two pooled maps of the same shape are, cell by cell: the two measures
// of the translation-invariance sweep (invariance.h), kept apart so that anything
// comparing maps names the same definitions.
#include "core/tensor/tensor.h"

namespace poolscope {

// The fraction of cells (over all channels) where a and b are equal: a == b, or
// |a - b| <= tolerance (in double) when tolerance > 0. NaN counts as equal to NaN
// (the same map twice is wholly equal, and a NaN that stays where it was has not
// moved), and to nothing else. An empty pair gives 1. Throws ParamError when the
// shapes differ or the tolerance is negative or not a number.
double equal_fraction(const Tensor& a, const Tensor& b, double tolerance = 0.0, int threads = 0);

// The cosine similarity of a and b flattened over all channels, sum(a*b) /
// sqrt(sum(a*a) * sum(b*b)), summed in double in row order (the same bits for any
// `threads`, thread_budget's meaning), clamped to [-1, 1]. Where PyTorch's
// cosine_similarity divides by a small epsilon instead, this defines: both maps
// zero -> 1 (they are the same map), exactly one zero -> 0. A NaN or an infinity in
// either map gives NaN, as PyTorch's gives for them: such a map has no direction.
// The same map twice gives exactly 1. Throws ParamError when the shapes differ.
double cosine_similarity(const Tensor& a, const Tensor& b, int threads = 0);

} // namespace poolscope
