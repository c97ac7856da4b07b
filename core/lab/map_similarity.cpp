#include "core/lab/map_similarity.h"

#include <algorithm>
#include <array>
#include <cmath>
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

struct RowSums {
    long long equal = 0;
    double ab = 0, aa = 0, bb = 0;
};

// Four partial sums of each kind, so that the additions do not wait on each other,
// added together in a fixed order at the end of the row.
constexpr int kLanes = 4;

RowSums row_sums(const float* ra, const float* rb, int w, double tolerance)
{
    std::array<double, kLanes> ab{}, aa{}, bb{};
    long long equal = 0;
    int x = 0;
    const auto cell = [&](int lane, float u, float v) {
        equal += (u == v) | (std::isnan(u) & std::isnan(v)) | (std::fabs(double(u) - double(v)) <= tolerance);
        const double du = u, dv = v;
        ab[lane] += du * dv, aa[lane] += du * du, bb[lane] += dv * dv;
    };
    for (; x + kLanes <= w; x += kLanes)
        for (int l = 0; l < kLanes; ++l)
            cell(l, ra[x + l], rb[x + l]);
    for (int l = 0; x < w; ++x, ++l)
        cell(l, ra[x], rb[x]);
    return {equal, (ab[0] + ab[1]) + (ab[2] + ab[3]), (aa[0] + aa[1]) + (aa[2] + aa[3]),
            (bb[0] + bb[1]) + (bb[2] + bb[3])};
}

} // namespace

MapComparison compare_maps(const Tensor& a, const Tensor& b, double tolerance, int threads)
{
    require_same_shape(a, b);
    if (!(tolerance >= 0.0))
        throw ParamError("the tolerance must be 0 or more (it is " + std::to_string(tolerance) + ")");
    if (a.empty())
        return {};
    const int rows = a.channels() * a.height(), w = a.width();
    const auto row_count = std::size_t(rows);
    std::vector<RowSums> sums(row_count);
    parallel_for(cv::Range(0, rows), threads, std::ceil(rows / 64.0), [&](const cv::Range& r) {
        for (int i = r.start; i < r.end; ++i)
            sums[std::size_t(i)] =
                row_sums(a.storage().ptr<float>(i), b.storage().ptr<float>(i), w, tolerance);
    });
    RowSums t;
    for (const RowSums& s : sums)
        t.equal += s.equal, t.ab += s.ab, t.aa += s.aa, t.bb += s.bb;

    MapComparison c;
    c.equal_fraction = double(t.equal) / double(a.size());
    // A float's square is finite in double, so only a NaN or an infinity in the
    // maps makes these sums other than finite.
    if (!std::isfinite(t.aa) || !std::isfinite(t.bb))
        c.cosine = std::nan("");
    else if (t.aa == 0.0 || t.bb == 0.0)
        c.cosine = t.aa == t.bb ? 1.0 : 0.0;
    else // sqrt(s * s) is s exactly, so a map against itself gives 1, not 1 - 1 ulp
        c.cosine = std::clamp(t.ab / std::sqrt(t.aa * t.bb), -1.0, 1.0);
    return c;
}

} // namespace poolscope
