#include "core/pool/first_step.h"

#include <cmath>
#include <vector>

#include "core/pool/pool_cells.h"

namespace poolscope {

int first_informative_step(const Tensor& input, int channel, const PoolSpec& spec, const PoolGeometry& g)
{
    if (g.out.h <= 0 || g.out.w <= 0 || g.out.h * g.out.w == 1 || channel < 0 || channel >= input.channels())
        return 0;
    const cv::Mat plane = input.plane(channel);
    // Every window is a row set times a column set: the column sets are made once.
    std::vector<std::vector<int>> columns(std::size_t(g.out.w));
    for (int ox = 0; ox < g.out.w; ++ox)
        columns[std::size_t(ox)] = detail::window_axis_cells(spec, g, ox, false, channel);
    for (int oy = 0; oy < g.out.h; ++oy) {
        const std::vector<int> rows = detail::window_axis_cells(spec, g, oy, true, channel);
        for (int ox = 0; ox < g.out.w; ++ox) {
            const std::vector<int>& cols = columns[std::size_t(ox)];
            if (rows.empty() || cols.empty())
                continue;
            const float first = plane.at<float>(rows.front(), cols.front());
            for (int y : rows) {
                const float* row = plane.ptr<float>(y);
                for (int x : cols) {
                    // NaN differs from everything, itself included: informative.
                    if (!(row[x] == first))
                        return oy * g.out.w + ox;
                }
            }
        }
    }
    return 0;
}

} // namespace poolscope
