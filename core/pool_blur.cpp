#include "core/pool_blur.h"

#include "core/pool_parallel.h"

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
        for (int j = 0; j < size; ++j)
            f.w[std::size_t(i * size + j)] = row[std::size_t(i)] * row[std::size_t(j)] / (total * total);
    return f;
}

Size2 blur_map_size(const PoolGeometry& g)
{
    return {int(pooling_output_size(g.in.h, g.kernel.h, g.padding.h, 1, g.dilation.h, false)),
            int(pooling_output_size(g.in.w, g.kernel.w, g.padding.w, 1, g.dilation.w, false))};
}

void pool_blur(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g, const PoolOptions&,
               PoolResult& result)
{
    const int channels = input.channels();
    const Size2 m = blur_map_size(g);
    Tensor map(channels, m.h, m.w);
    parallel_rows(channels, m.h, [&](int c, int my) {
        const Plane p = plane_of(input, c);
        float* out = map.row(c, my);
        for (int mx = 0; mx < m.w; ++mx)
            out[mx] = blur_max_cell(p, g, my, mx).value;
    });

    const BlurFilter f = blur_filter(spec.blur_size);
    result.output = Tensor(channels, g.out.h, g.out.w);
    parallel_rows(channels, g.out.h, [&](int c, int oy) {
        const Plane mp = plane_of(map, c);
        float* out = result.output.row(c, oy);
        for (int ox = 0; ox < g.out.w; ++ox)
            out[ox] = blur_value(f, [&](int i, int j) {
                return mp.at(blur_map_index(oy, i, g.stride.h, f, m.h),
                             blur_map_index(ox, j, g.stride.w, f, m.w));
            });
    });
}

} // namespace poolscope::detail
