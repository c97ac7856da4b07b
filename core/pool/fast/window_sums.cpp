#include "core/pool/fast/window_sums.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/pool/fast/lanes.h"
#include "core/pool/fast/padded_rows.h"
#include "core/pool/fast/row_strip.h"
#include "core/x86/cpu_features.h"
#include "core/x86/window_sums_avx2.h"

namespace poolscope::detail {

namespace {

struct Scratch {
    std::vector<float> padded, strip;
    std::vector<double> prefix, sums;

    template <class T> static T* sized(std::vector<T>& v, std::size_t n)
    {
        if (v.size() < n)
            v.resize(n);
        return v.data();
    }
};

Scratch& scratch()
{
    thread_local Scratch s;
    return s;
}

int rows_lo(const SumWindows& ws, int oy0, int oy1)
{
    int v = ws.ys[std::size_t(oy0)].lo;
    for (int oy = oy0; oy < oy1; ++oy)
        v = std::min(v, ws.ys[std::size_t(oy)].lo);
    return v;
}

int rows_hi(const SumWindows& ws, int oy0, int oy1)
{
    int v = ws.ys[std::size_t(oy0)].hi;
    for (int oy = oy0; oy < oy1; ++oy)
        v = std::max(v, ws.ys[std::size_t(oy)].hi);
    return v;
}

void transform_row(const float* src, float* dst, int n, const RowTransform& f, const float* ahead = nullptr)
{
    if (!f.apply) {
        copy_row_fetching<false>(src, dst, n, ahead);
        return;
    }
    if (ahead)
        prefetch_row(ahead, n);
    f.apply(src, dst, n, f.param);
}

// x^p exactly as lp_window raises each tap (pow_like_torch), the sign kept: vector
// code for the exponents it computes with plain IEEE operations, powf for the rest.
// (p = 1 is no transform at all: sum_transform sums the values themselves.)
void lp_power(const float* src, float* dst, int n, double p)
{
    int i = 0;
#if defined(POOLSCOPE_AVX2_KERNELS)
    if (p == 2.0 && cpu_has_avx2())
        i = lp2_power_avx2(src, dst, n);
#endif
#ifdef POOLSCOPE_LANES
    if (p == 2.0 || p == 3.0 || p == 0.5) {
        for (; i + 4 <= n; i += 4) {
            const f32x4 a = cv::v_load(src + i);
            const f32x4 r = p == 2.0 ? a * a : p == 3.0 ? a * a * a : cv::v_sqrt(a);
            cv::v_store(dst + i, r);
        }
    }
#endif
    for (; i < n; ++i)
        dst[i] = pow_like_torch(src[i], p);
}

// ---- windows of up to kMaxExactSumTaps taps: float sums in ATen's order

#ifdef POOLSCOPE_LANES
// V vectors of four outputs whose taps start at column x0 of each row: V
// independent chains of additions, each lane in ATen's order. At stride 2 one
// deinterleaving load holds two taps, k (even floats) and k + 1 (odd ones).
template <int S, int KW, int V>
inline void lane_sums(const float* const* rows, int nrows, int kw, int x0, float* out)
{
    if constexpr (KW > 0)
        kw = KW;
    f32x4 acc[V];
    for (int v = 0; v < V; ++v)
        acc[v] = cv::v_setzero_f32();
    for (int i = 0; i < nrows; ++i) {
        const float* r = rows[i] + x0;
        if constexpr (S == 1) {
            for (int k = 0; k < kw; ++k)
                for (int v = 0; v < V; ++v)
                    acc[v] = acc[v] + cv::v_load(r + 4 * v + k);
        } else {
            for (int k = 0; k < kw; k += 2)
                for (int v = 0; v < V; ++v) {
                    f32x4 even, odd;
                    cv::v_load_deinterleave(r + 8 * v + k, even, odd);
                    acc[v] = acc[v] + even;
                    if (k + 1 < kw)
                        acc[v] = acc[v] + odd;
                }
        }
    }
    for (int v = 0; v < V; ++v)
        cv::v_store(out + 4 * v, acc[v]);
}
#endif

// Window sums of outputs o, o + 1, ... below o_end in whole vectors, each output's
// taps starting at column stride * o of every row (all inside the rows):
// eight lanes where the processor has AVX2, then four. Returns the first o not
// written.
template <int S, int KW>
int vector_sums(const float* const* rows, int nrows, int kw, int o, int o_end, float* out)
{
#if defined(POOLSCOPE_AVX2_KERNELS)
    if (cpu_has_avx2())
        o = window_sums_avx2(rows, nrows, kw, S, o, o_end, out);
#endif
#ifdef POOLSCOPE_LANES
    constexpr int V = 4;
    for (; o + 4 * V <= o_end; o += 4 * V) // from o or where AVX2 stopped
        lane_sums<S, KW, V>(rows, nrows, kw, S * o, out + o);
    for (; o + 4 <= o_end; o += 4)
        lane_sums<S, KW, 1>(rows, nrows, kw, S * o, out + o);
#endif
    return o;
}

// One output row's sums from padded rows: acc = 0, then every tap of every row in
// order. KW > 0 fixes the taps per row at compile time.
template <int S, int KW> void exact_row(const PaddedRows& rows, const AvgAxis& ay, int kw, int ow, float* out)
{
    if constexpr (KW > 0)
        kw = KW;
    int o = 0;
    if constexpr (S == 1 || S == 2) {
        // The padded rows reach as far as any whole vector of outputs reads.
        const float* r[kMaxExactSumTaps];
        const int nrows = ay.count();
        for (int i = 0; i < nrows; ++i)
            r[i] = rows.row(ay.lo + i);
        o = vector_sums<S, KW>(r, nrows, kw, o, ow, out);
    }
    for (; o < ow; ++o) {
        float acc = 0.f;
        for (int y = ay.lo; y < ay.hi; ++y) {
            const float* r = rows.row(y) + std::size_t(o) * std::size_t(S > 0 ? S : 1);
            for (int k = 0; k < kw; ++k)
                acc += r[k];
        }
        out[o] = acc;
    }
}

} // namespace

void exact_row_sums(const PaddedRows& rows, const AvgAxis& ay, const SumWindows& ws, float* out)
{
    const int ow = int(ws.xs.size()), kw = ws.kernel.w, s = ws.stride.w;
    if (s == 1)
        kw == 2   ? exact_row<1, 2>(rows, ay, kw, ow, out)
        : kw == 3 ? exact_row<1, 3>(rows, ay, kw, ow, out)
                  : exact_row<1, 0>(rows, ay, kw, ow, out);
    else if (s == 2)
        kw == 2   ? exact_row<2, 2>(rows, ay, kw, ow, out)
        : kw == 3 ? exact_row<2, 3>(rows, ay, kw, ow, out)
                  : exact_row<2, 0>(rows, ay, kw, ow, out);
    else
        for (int o = 0; o < ow; ++o) {
            float acc = 0.f;
            for (int y = ay.lo; y < ay.hi; ++y) {
                const float* r = rows.row(y) + std::size_t(o) * s;
                for (int k = 0; k < kw; ++k)
                    acc += r[k];
            }
            out[o] = acc;
        }
}

namespace {

// ---- larger windows: running sums in double

// Pass 1, eight rows at a time turned sideways: prefix sums along the row, then each
// column window as a difference of two, into rows of doubles. Returns the first row
// holding an infinity or NaN (its running sum ends non-finite: every later difference
// would be NaN, inf - inf), or r1; the rows before it are summed.
int row_window_sums(const Plane& p, const SumWindows& ws, const RowTransform& f, int r0, int r1, double* sums,
                    Scratch& s)
{
    constexpr int L = kStripRows;
    const int ow = int(ws.xs.size()), w = p.w;
    float* strip = Scratch::sized(s.strip, std::size_t(w) * L);
    double* prefix = Scratch::sized(s.prefix, std::size_t(w + 1) * L);
    std::vector<float>& row_buf = s.padded; // a transformed row, when there is a transform
    for (int r = r0; r < r1; r += L) {
        const int n = std::min(L, r1 - r);
        if (f.apply) {
            float* t = Scratch::sized(row_buf, std::size_t(L) * w);
            for (int l = 0; l < L; ++l)
                transform_row(p.row(r + std::min(l, n - 1)), t + std::size_t(l) * w, w, f);
            const Plane tp{t, L, w, std::size_t(w)};
            load_strip(tp, 0, L, 0, w, strip);
        } else {
            load_strip(p, r, n, 0, w, strip, std::clamp(r1 - (r + L), 0, L));
        }
        std::fill_n(prefix, L, 0.0);
        for (int x = 0; x < w; ++x) {
            const float* v = strip + std::size_t(x) * L;
            const double* a = prefix + std::size_t(x) * L;
            double* b = prefix + std::size_t(x + 1) * L;
            int l = 0;
#ifdef POOLSCOPE_LANES
            for (; l < L; l += 4) {
                const f32x4 fv = cv::v_load(v + l);
                cv::v_store(b + l, cv::v_load(a + l) + cv::v_cvt_f64(fv));
                cv::v_store(b + l + 2, cv::v_load(a + l + 2) + cv::v_cvt_f64_high(fv));
            }
#endif
            for (; l < L; ++l)
                b[l] = a[l] + double(v[l]);
        }
        for (int o = 0; o < ow; ++o) {
            const AvgAxis& ax = ws.xs[std::size_t(o)];
            const double* hi = prefix + std::size_t(ax.hi) * L;
            const double* lo = prefix + std::size_t(ax.lo) * L;
            for (int l = 0; l < n; ++l)
                sums[std::size_t(r - r0 + l) * ow + o] = hi[l] - lo[l];
        }
        for (int l = 0; l < n; ++l)
            if (!std::isfinite(prefix[std::size_t(w) * L + l]))
                return r + l;
    }
    return r1;
}

// Output rows [oy0, oy1) of one running-sum block whose first input row is `origin`:
// the column windows' sums of every row from the origin, summed down the columns,
// each window a difference of two. Returns the first output row it could not sum
// (one whose rows reach an infinity or NaN), or oy1.
int running_sum_rows(const Plane& p, const SumWindows& ws, const RowTransform& f, int origin, int oy0,
                     int oy1, float* out, Scratch& s)
{
    const int ow = int(ws.xs.size());
    const int r1 = rows_hi(ws, oy0, oy1);
    // Row 0 of the buffer is zero; row k + 1 ends up as the prefix over rows origin..origin+k.
    double* q = Scratch::sized(s.sums, std::size_t(r1 - origin + 1) * ow);
    std::fill_n(q, ow, 0.0);
    const int summed = row_window_sums(p, ws, f, origin, r1, q + ow, s);
    for (int k = 1; k <= summed - origin; ++k) {
        double* b = q + std::size_t(k) * ow;
        const double* a = b - ow;
        int o = 0;
#ifdef POOLSCOPE_LANES
        for (; o + 2 <= ow; o += 2)
            cv::v_store(b + o, cv::v_load(a + o) + cv::v_load(b + o));
#endif
        for (; o < ow; ++o)
            b[o] += a[o];
    }
    for (int oy = oy0; oy < oy1; ++oy) {
        const AvgAxis& ay = ws.ys[std::size_t(oy)];
        if (ay.hi > summed)
            return oy;
        const double* hi = q + std::size_t(ay.hi - origin) * ow;
        const double* lo = q + std::size_t(ay.lo - origin) * ow;
        float* o_row = out + std::size_t(oy - oy0) * ow;
        for (int o = 0; o < ow; ++o)
            o_row[o] = float(hi[o] - lo[o]);
    }
    return oy1;
}

// Output rows [oy0, oy1) in ATen's order, tap by tap.
void exact_sum_rows(const Plane& p, const SumWindows& ws, const RowTransform& f, int oy0, int oy1, float* out,
                    Scratch& s)
{
    const int r0 = rows_lo(ws, oy0, oy1), r1 = rows_hi(ws, oy0, oy1);
    const int ow = int(ws.xs.size());
    // Each row is copied once, as one stream, into a ring of the rows one output row
    // reads, which stays in L1. Reading the window's rows in place from a plane in
    // memory stalled on every row start: 1.9x slower at 64 x 512 x 512, and only 4%
    // faster on inputs already in the cache.
    const ColumnReach reach = ColumnReach::of(p.w, ow, ws.kernel.w, ws.stride.w, ws.padding.w, 1);
    LazyPaddedRows rows(
        p, r0, r1, reach,
        [&](int, const float* src, float* dst, int n, const float* ahead) {
            transform_row(src, dst, n, f, ahead);
        },
        s.padded, ws.kernel.h);
    for (int oy = oy0; oy < oy1; ++oy) {
        const AvgAxis& ay = ws.ys[std::size_t(oy)];
        exact_row_sums(rows.ensure(ay.hi - 1), ay, ws, out + std::size_t(oy - oy0) * ow);
    }
}

} // namespace

SumWindows sum_windows(const PoolGeometry& g)
{
    SumWindows ws;
    ws.kernel = g.kernel;
    ws.stride = g.stride;
    ws.padding = g.padding;
    for (int oy = 0; oy < g.out.h; ++oy)
        ws.ys.push_back(avg_axis(oy, g.in.h, g.kernel.h, g.stride.h, g.padding.h));
    for (int ox = 0; ox < g.out.w; ++ox)
        ws.xs.push_back(avg_axis(ox, g.in.w, g.kernel.w, g.stride.w, g.padding.w));
    return ws;
}

RowTransform sum_transform(const PoolSpec& spec)
{
    // x^1 is x (Tensor.pow copies): LP at p = 1 sums the values as avg does.
    return spec.op == PoolOp::Lp && spec.norm_type != 1.0 ? RowTransform{lp_power, spec.norm_type}
                                                          : RowTransform{};
}

void window_sum_rows(const Plane& p, const SumWindows& ws, const RowTransform& f, int oy0, int oy1,
                     float* out)
{
    Scratch& s = scratch();
    if (ws.exact()) {
        exact_sum_rows(p, ws, f, oy0, oy1, out, s);
        return;
    }
    const int ow = int(ws.xs.size());
    for (int b0 = oy0; b0 < oy1;) {
        const int block = b0 / kSumBlockRows * kSumBlockRows;
        const int b1 = std::min(oy1, block + kSumBlockRows);
        float* o = out + std::size_t(b0 - oy0) * ow;
        const int summed = running_sum_rows(p, ws, f, ws.ys[std::size_t(block)].lo, b0, b1, o, s);
        if (summed < b1)
            exact_sum_rows(p, ws, f, summed, b1, out + std::size_t(summed - oy0) * ow, s);
        b0 = b1;
    }
}

} // namespace poolscope::detail
