#include "core/pool/fast/pool_average.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/pool/fast/lanes.h"
#include "core/pool/fast/pool_extreme.h"
#include "core/pool/fast/window_sums.h"
#include "core/pool/pool_parallel.h"
#include "core/pool/pool_result.h"
#include "core/pool/window_values.h"
#include "core/x86/cpu_features.h"
#include "core/x86/window_sums_avx2.h"

namespace poolscope::detail {

namespace {

// The divisor of every output cell of a row, as ATen chooses it, as a float: the
// row's factor times each column's. Products below 2^24 are exact in float, so the
// float product equals float(the integer product).
struct Divisors {
    std::vector<float> xs;
    std::vector<int> ys;
    std::vector<long long> xs_exact;
    std::optional<int> override_;
    bool float_exact = true;

    Divisors(const SumWindows& ws, bool pool_size, std::optional<int> divisor_override)
        : override_(divisor_override)
    {
        long long max_x = 0, max_y = 0;
        for (const AvgAxis& a : ws.xs) {
            xs_exact.push_back(pool_size ? a.pool : a.count());
            xs.push_back(float(xs_exact.back()));
            max_x = std::max(max_x, xs_exact.back());
        }
        for (const AvgAxis& a : ws.ys) {
            ys.push_back(pool_size ? a.pool : a.count());
            max_y = std::max<long long>(max_y, ys.back());
        }
        float_exact = max_x * max_y < (1LL << 24);
    }

    // out[o] = sum[o] / float(divisor of (oy, o)), in place.
    void divide(int oy, float* row) const
    {
        const int ow = int(xs.size());
        if (override_) {
            const float d = float(*override_);
            for (int o = 0; o < ow; ++o)
                row[o] = row[o] / d;
            return;
        }
        const long long dy = ys[std::size_t(oy)];
        int o = 0;
        if (float_exact) {
            const float fy = float(dy);
#if defined(POOLSCOPE_AVX2_KERNELS)
            if (cpu_has_avx2())
                o = divide_avx2(row, ow, fy, xs.data());
#endif
#ifdef POOLSCOPE_LANES
            const f32x4 vy = cv::v_setall_f32(fy);
            for (; o + 4 <= ow; o += 4) // from 0 or where AVX2 stopped
                cv::v_store(row + o, cv::v_load(row + o) / (vy * cv::v_load(xs.data() + o)));
#endif
            for (; o < ow; ++o)
                row[o] = row[o] / (fy * xs[std::size_t(o)]);
            return;
        }
        for (; o < ow; ++o)
            row[o] = row[o] / float(dy * xs_exact[std::size_t(o)]);
    }
};

// lp_window's last step: (lp_rectify(avg) * kh*kw)^(1/p).
void lp_finish(float* row, int n, float area, double p)
{
    int i = 0;
#if defined(POOLSCOPE_AVX2_KERNELS)
    if (p == 2.0 && cpu_has_avx2())
        i = lp2_finish_avx2(row, n, area);
#endif
#ifdef POOLSCOPE_LANES
    if (p == 2.0 || p == 1.0) {
        const f32x4 a = cv::v_setall_f32(area), zero = cv::v_setzero_f32(), sign = cv::v_setall_f32(-0.f);
        for (; i + 4 <= n; i += 4) {
            f32x4 v = cv::v_load(row + i);
            // lp_rectify: the sign bit cleared where v is a zero or a NaN.
            const f32x4 zero_or_nan = (v == zero) | (v != v);
            v = v & ~(zero_or_nan & sign);
            v = v * a;
            cv::v_store(row + i, p == 2.0 ? cv::v_sqrt(v) : v);
        }
    }
#endif
    for (; i < n; ++i)
        row[i] = pow_like_torch(lp_rectify(row[i]) * area, 1.0 / p);
}

// mixed_window's blend, on the max already in `out` and the average in `avg`.
void mix(float* out, const float* avg, int n, double alpha)
{
    int i = 0;
#if defined(POOLSCOPE_AVX2_KERNELS)
    if (cpu_has_avx2())
        i = mix_avx2(out, avg, n, alpha);
#endif
#ifdef POOLSCOPE_LANES
    const cv::v_float64x2 a = cv::v_setall_f64(alpha), b = cv::v_setall_f64(1.0 - alpha);
    for (; i + 4 <= n; i += 4) { // from 0 or where AVX2 stopped
        const f32x4 m = cv::v_load(out + i), v = cv::v_load(avg + i);
        const cv::v_float64x2 lo = a * cv::v_cvt_f64(m) + b * cv::v_cvt_f64(v);
        const cv::v_float64x2 hi = a * cv::v_cvt_f64_high(m) + b * cv::v_cvt_f64_high(v);
        cv::v_store(out + i, cv::v_cvt_f32(lo, hi));
    }
#endif
    for (; i < n; ++i)
        out[i] = float(alpha * double(out[i]) + (1.0 - alpha) * double(avg[i]));
}

} // namespace

bool pool_average(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g, PoolResult& result,
                  int threads)
{
    const PoolOp op = spec.op;
    if (op != PoolOp::Avg && op != PoolOp::Lp && op != PoolOp::Mixed)
        return false;
    const int channels = input.channels(), ow = g.out.w;
    // Mixed: per stripe, the max half first (with the op's kernel, stride and
    // padding), then the average blended into it while the rows are still cached.
    const MaxRows max_rows(g);
    if (op == PoolOp::Mixed && !max_rows.applies())
        return false;
    prepare_result(result, channels, g.out, false);
    const SumWindows ws = sum_windows(g);
    const bool lp = op == PoolOp::Lp;
    const Divisors divisors(ws, lp || spec.count_include_pad, lp ? std::nullopt : spec.divisor_override);
    const RowTransform transform = sum_transform(spec);
    const float area = float(g.kernel.h * g.kernel.w);
    // A large output is finished in a buffer and streamed out around the caches.
    const bool stream = op != PoolOp::Mixed && result.output.size() * sizeof(float) >= kStreamingBytes;
    // Stripes of whole running-sum blocks, so that no block's rows are summed twice.
    const int align = ws.exact() ? 1 : kSumBlockRows;
    parallel_stripes(
        channels, g.out.h, 4, 64, threads,
        [&](int c, int oy0, int oy1) {
            thread_local std::vector<float> sums;
            float* out = result.output.row(c, oy0);
            float* dst = out;
            if (op == PoolOp::Mixed)
                max_rows.run(plane_of(input, c), oy0, oy1, out);
            if (op == PoolOp::Mixed || stream) {
                sums.resize(std::size_t(oy1 - oy0) * ow);
                dst = sums.data();
            }
            window_sum_rows(plane_of(input, c), ws, transform, oy0, oy1, dst);
            for (int oy = oy0; oy < oy1; ++oy) {
                float* row = dst + std::size_t(oy - oy0) * ow;
                float* out_row = out + std::size_t(oy - oy0) * ow;
                divisors.divide(oy, row);
                if (lp)
                    lp_finish(row, ow, area, spec.norm_type);
                if (op == PoolOp::Mixed)
                    mix(out_row, row, ow, spec.alpha);
                else if (stream)
                    stream_row(out_row, row, ow);
            }
            if (stream)
                stream_fence();
        },
        align);
    return true;
}

} // namespace poolscope::detail
