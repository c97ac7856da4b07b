#include "core/pool/pool_blur.h"

#include <algorithm>
#include <vector>

#include "core/pool/fast/lanes.h"
#include "core/pool/fast/pool_extreme.h"
#include "core/pool/pool_parallel.h"
#include "core/pool/pool_result.h"
#include "core/x86/blur_rows_avx2.h"
#include "core/x86/cpu_features.h"

namespace poolscope::detail {

BlurFilter blur_filter(int size)
{
    BlurFilter f;
    f.size = size;
    f.before = (size - 1) / 2;
    // Row size-1 of Pascal's triangle: [1 1], [1 2 1], [1 3 3 1], [1 4 6 4 1].
    std::array<double, 5> row{1.0};
    for (int n = 1; n < size; ++n)
        for (int k = n; k > 0; --k)
            row[std::size_t(k)] += row[std::size_t(k - 1)];
    double total = 0.0;
    for (int i = 0; i < size; ++i)
        total += row[std::size_t(i)];
    for (int i = 0; i < size; ++i)
        f.taps[std::size_t(i)] = float(row[std::size_t(i)] / total);
    for (int i = 0; i < size; ++i)
        for (int j = 0; j < size; ++j)
            f.w[std::size_t(i * size + j)] = double(f.taps[std::size_t(i)]) * f.taps[std::size_t(j)];
    return f;
}

Size2 blur_map_size(const PoolGeometry& g)
{
    return {int(pooling_output_size(g.in.h, g.kernel.h, g.padding.h, 1, g.dilation.h, false)),
            int(pooling_output_size(g.in.w, g.kernel.w, g.padding.w, 1, g.dilation.w, false))};
}

namespace {

struct Scratch {
    std::vector<float> map, rows;
};

// Output row's blur along the map row: out[o] = sum_j taps[j] * map[col(o, j)], in
// order, four outputs per vector where the columns run straight (no reflection).
template <int S>
void blur_along(const float* map, int map_w, int out_w, const BlurFilter& f, int stride, float* out)
{
    int o = 0;
#ifdef POOLSCOPE_LANES
    if constexpr (S > 0) {
        // Columns S*o + j - before stay inside [0, map_w) without reflection for
        // o in [o_lo, o_hi), and a whole vector load stays inside the row.
        const int o_lo = (f.before + S - 1) / S;
        for (o = 0; o < std::min(o_lo, out_w); ++o) {
            float acc = 0.f;
            for (int j = 0; j < f.size; ++j)
                acc += f.taps[std::size_t(j)] * map[blur_map_index(o, j, stride, f, map_w)];
            out[o] = acc;
        }
#if defined(POOLSCOPE_AVX2_KERNELS)
        if (cpu_has_avx2())
            o = blur_along_avx2(map, map_w, f.taps.data(), f.size, f.before, S, o, out_w, out);
#endif
        for (; o + 4 <= out_w && S * (o + 3) + f.size - 1 - f.before + (S - 1) < map_w; o += 4) {
            f32x4 acc = cv::v_setzero_f32();
            for (int j = 0; j < f.size; ++j) {
                const float* src = map + S * o + j - f.before;
                f32x4 v;
                if constexpr (S == 1) {
                    v = cv::v_load(src);
                } else {
                    f32x4 odd;
                    cv::v_load_deinterleave(src, v, odd);
                }
                acc = acc + cv::v_setall_f32(f.taps[std::size_t(j)]) * v;
            }
            cv::v_store(out + o, acc);
        }
    }
#endif
    for (; o < out_w; ++o) {
        float acc = 0.f;
        for (int j = 0; j < f.size; ++j)
            acc += f.taps[std::size_t(j)] * map[blur_map_index(o, j, stride, f, map_w)];
        out[o] = acc;
    }
}

} // namespace

void pool_blur(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g, const PoolOptions& options,
               PoolResult& result)
{
    const int channels = input.channels();
    const Size2 m = blur_map_size(g);
    PoolGeometry max_g = g;
    max_g.stride = {1, 1};
    max_g.out = m;
    const MaxRows max_rows(max_g);
    const BlurFilter f = blur_filter(spec.blur_size);
    prepare_result(result, channels, g.out, false);
    const int ow = g.out.w;

    // Per stripe of output rows: the max map rows its blur reads, then each of them
    // blurred along, then the rows blurred down.
    parallel_stripes(channels, g.out.h, 4, 32, options.threads, [&](int c, int oy0, int oy1) {
        thread_local Scratch s;
        const Plane p = plane_of(input, c);
        int m0 = m.h, m1 = 0;
        for (int oy = oy0; oy < oy1; ++oy)
            for (int i = 0; i < f.size; ++i) {
                const int r = blur_map_index(oy, i, g.stride.h, f, m.h);
                m0 = std::min(m0, r);
                m1 = std::max(m1, r + 1);
            }
        s.map.resize(std::size_t(m1 - m0) * m.w + 8);
        s.rows.resize(std::size_t(m1 - m0) * ow);
        if (max_rows.applies()) {
            max_rows.run(p, m0, m1, s.map.data());
        } else {
            for (int my = m0; my < m1; ++my)
                for (int mx = 0; mx < m.w; ++mx)
                    s.map[std::size_t(my - m0) * m.w + mx] = blur_max_cell(p, g, my, mx).value;
        }
        for (int my = m0; my < m1; ++my) {
            const float* map = s.map.data() + std::size_t(my - m0) * m.w;
            float* along = s.rows.data() + std::size_t(my - m0) * ow;
            if (g.stride.w == 1)
                blur_along<1>(map, m.w, ow, f, 1, along);
            else if (g.stride.w == 2)
                blur_along<2>(map, m.w, ow, f, 2, along);
            else
                blur_along<0>(map, m.w, ow, f, g.stride.w, along);
        }
        for (int oy = oy0; oy < oy1; ++oy) {
            float* out = result.output.row(c, oy);
            const float* rows[5];
            for (int i = 0; i < f.size; ++i)
                rows[i] = s.rows.data() + std::size_t(blur_map_index(oy, i, g.stride.h, f, m.h) - m0) * ow;
            int o = 0;
#if defined(POOLSCOPE_AVX2_KERNELS)
            if (cpu_has_avx2())
                o = blur_down_avx2(rows, f.taps.data(), f.size, out, ow);
#endif
#ifdef POOLSCOPE_LANES
            for (; o + 4 <= ow; o += 4) {
                f32x4 acc = cv::v_setzero_f32();
                for (int i = 0; i < f.size; ++i)
                    acc = acc + cv::v_setall_f32(f.taps[std::size_t(i)]) * cv::v_load(rows[i] + o);
                cv::v_store(out + o, acc);
            }
#endif
            for (; o < ow; ++o) {
                float acc = 0.f;
                for (int i = 0; i < f.size; ++i)
                    acc += f.taps[std::size_t(i)] * rows[i][o];
                out[o] = acc;
            }
        }
    });
}

} // namespace poolscope::detail
