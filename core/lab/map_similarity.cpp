#include "core/lab/map_similarity.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "core/tensor/errors.h"
#include "core/tensor/threads.h"

namespace poolscope {
namespace {

void require_same_shape(const Tensor& a, const Tensor& b)
{
    if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width())
        throw ParamError("the maps to compare differ in shape: " + std::to_string(a.channels()) + "x" +
                         std::to_string(a.height()) + "x" + std::to_string(a.width()) + " and " +
                         std::to_string(b.channels()) + "x" + std::to_string(b.height()) + "x" +
                         std::to_string(b.width()));
}

// The (C*H) rows of both maps, in about one stripe per 64 rows.
template <class Body> void for_rows(const Tensor& a, int threads, Body&& body)
{
    const int rows = a.channels() * a.height();
    parallel_for(cv::Range(0, rows), threads, std::ceil(rows / 64.0), [&](const cv::Range& r) {
        for (int i = r.start; i < r.end; ++i)
            body(i, a.storage().ptr<float>(i));
    });
}

struct Sums {
    double ab = 0, aa = 0, bb = 0;
    bool finite = true;
};

} // namespace

double equal_fraction(const Tensor& a, const Tensor& b, double tolerance, int threads)
{
    require_same_shape(a, b);
    if (!(tolerance >= 0.0))
        throw ParamError("the tolerance must be 0 or more (it is " + std::to_string(tolerance) + ")");
    if (a.empty())
        return 1.0;
    const int w = a.width();
    std::vector<long long> equal(std::size_t(a.channels()) * a.height(), 0);
    for_rows(a, threads, [&](int i, const float* ra) {
        const float* rb = b.storage().ptr<float>(i);
        long long n = 0;
        for (int x = 0; x < w; ++x) {
            const float u = ra[x], v = rb[x];
            n += u == v || (std::isnan(u) && std::isnan(v)) || std::abs(double(u) - double(v)) <= tolerance;
        }
        equal[std::size_t(i)] = n;
    });
    return double(std::accumulate(equal.begin(), equal.end(), 0LL)) / double(a.size());
}

double cosine_similarity(const Tensor& a, const Tensor& b, int threads)
{
    require_same_shape(a, b);
    const int w = a.width();
    // Per row, then added in row order: the same sums whatever the stripes.
    std::vector<Sums> rows(std::size_t(a.channels()) * a.height());
    for_rows(a, threads, [&](int i, const float* ra) {
        const float* rb = b.storage().ptr<float>(i);
        Sums s;
        for (int x = 0; x < w; ++x) {
            const double u = ra[x], v = rb[x];
            s.finite = s.finite && std::isfinite(u) && std::isfinite(v);
            s.ab += u * v, s.aa += u * u, s.bb += v * v;
        }
        rows[std::size_t(i)] = s;
    });
    Sums t;
    for (const Sums& s : rows) {
        t.finite = t.finite && s.finite;
        t.ab += s.ab, t.aa += s.aa, t.bb += s.bb;
    }
    if (!t.finite)
        return std::nan("");
    if (t.aa == 0.0 || t.bb == 0.0)
        return t.aa == t.bb ? 1.0 : 0.0;
    // sqrt(s * s) is s exactly, so a map against itself gives 1, not 1 - 1 ulp.
    return std::clamp(t.ab / std::sqrt(t.aa * t.bb), -1.0, 1.0);
}

} // namespace poolscope
