// Montages: channel by channel equals whole, a near-square grid of integer-scaled cells.
#include <gtest/gtest.h>

#include "core/color/colormap.h"
#include "core/color/montage.h"
#include "core/color/value_range.h"

namespace poolscope {
namespace {

TEST(Montage, MontageBuiltChannelByChannelIsTheMontage)
{
    Tensor t(5, 9, 7);
    for (int c = 0; c < 5; ++c)
        for (int y = 0; y < 9; ++y)
            for (int x = 0; x < 7; ++x)
                t.at(c, y, x) = float(c * 3 - y) + 0.1f * float(x);
    MontageBuilder b(5, 9, 7, value_range(t));
    for (int c : {3, 0, 4, 1, 2}) // in any order
        b.add(c, t.plane(c));
    cv::Mat diff;
    cv::absdiff(b.image(), montage(t), diff);
    EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0);
}

struct MontageCase {
    int c, h, w, min_cell;
    int rows, cols, factor;
};

class Montages : public testing::TestWithParam<MontageCase> {};

TEST_P(Montages, NearSquareGridOfIntegerScaledCells)
{
    const MontageCase& m = GetParam();
    Tensor t(m.c, m.h, m.w);
    for (int c = 0; c < m.c; ++c)
        t.plane(c).setTo(float(c));
    const cv::Mat img = montage(t, m.min_cell);
    const int gap = 2;
    ASSERT_EQ(img.rows, m.rows * m.h * m.factor + (m.rows - 1) * gap);
    ASSERT_EQ(img.cols, m.cols * m.w * m.factor + (m.cols - 1) * gap);
    // Each cell is one flat colour: channel c of the shared range.
    const ValueRange r = value_range(t);
    for (int c = 0; c < m.c; ++c) {
        const cv::Rect cell((c % m.cols) * (m.w * m.factor + gap), (c / m.cols) * (m.h * m.factor + gap),
                            m.w * m.factor, m.h * m.factor);
        const cv::Vec3b want = colorize(t.plane(c), r, auto_colormap(r)).at<cv::Vec3b>(0);
        cv::Mat diff;
        cv::absdiff(img(cell), cv::Scalar(want[0], want[1], want[2]), diff);
        EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0) << "channel " << c;
    }
}

INSTANTIATE_TEST_SUITE_P(Montage, Montages,
                         testing::Values(MontageCase{1, 28, 28, 256, 1, 1, 10},
                                         MontageCase{2, 7, 5, 256, 1, 2, 37},
                                         MontageCase{3, 4, 4, 8, 2, 2, 2},
                                         MontageCase{5, 300, 200, 256, 2, 3, 1},
                                         MontageCase{10, 2, 3, 1, 3, 4, 1}));

} // namespace
} // namespace poolscope
