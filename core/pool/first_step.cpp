#include "core/pool/first_step.h"

#include <cmath>
#include <vector>

#include "core/pool/output_region.h"
#include "core/pool/pool_cells.h"

namespace poolscope {

int first_informative_step(const Tensor& input, int channel, const PoolSpec& spec, const PoolGeometry& g)
{
    return first_informative_step(input, channel, spec, g, CellRect{0, 0, g.out.h, g.out.w});
}

int first_informative_step(const Tensor& input, int channel, const PoolSpec& spec, const PoolGeometry& g,
                           CellRect outputs)
{
    const CellRect o = clip_region(outputs, g.out.h, g.out.w);
    if (o.count() <= 1 || channel < 0 || channel >= input.channels())
        return 0;
    const cv::Mat plane = input.plane(channel);
    // Every window is a row set times a column set: the column sets are made once.
    std::vector<std::vector<int>> columns(std::size_t(o.w));
    for (int i = 0; i < o.w; ++i)
        columns[std::size_t(i)] = detail::window_axis_cells(spec, g, o.x + i, false, channel);
    for (int j = 0; j < o.h; ++j) {
        const std::vector<int> rows = detail::window_axis_cells(spec, g, o.y + j, true, channel);
        for (int i = 0; i < o.w; ++i) {
            const std::vector<int>& cols = columns[std::size_t(i)];
            if (rows.empty() || cols.empty())
                continue;
            const float first = plane.at<float>(rows.front(), cols.front());
            for (int y : rows) {
                const float* row = plane.ptr<float>(y);
                for (int x : cols) {
                    // NaN differs from everything, itself included: informative.
                    if (!(row[x] == first))
                        return j * o.w + i;
                }
            }
        }
    }
    return 0;
}

} // namespace poolscope
