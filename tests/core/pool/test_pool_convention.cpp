// Framework conventions: the output sizes and paddings against TensorFlow's
// kernel_shape_util rules written out here, ONNX's SAME_LOWER, the rules in words,
// and Caffe's against OpenCV's own dnn Pooling layer, built at test time from a
// one-layer Caffe prototxt.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/dnn.hpp>

#include "core/grad/pool_backward.h"
#include "core/pool/pool_convention.h"
#include "core/shape/coverage.h"
#include "core/tensor/errors.h"
#include "tests/core/parity/parity_support.h"

namespace poolscope::testing {
namespace {

// tensorflow/core/framework/kernel_shape_util.cc, GetWindowedOutputSizeVerboseV2.
struct TfAxis {
    long long out, before, after;
};
TfAxis tf_axis(long long in, long long k, long long s, long long d, bool same)
{
    const long long eff = (k - 1) * d + 1;
    if (!same)
        return {(in - eff + s) / s, 0, 0};
    const long long out = (in + s - 1) / s;
    const long long needed = std::max(0LL, (out - 1) * s + eff - in);
    return {out, needed / 2, needed - needed / 2};
}

struct Geo {
    int n, k, s, d;
};

std::vector<Geo> axis_grid()
{
    std::vector<Geo> v;
    for (int n : {1, 2, 5, 7, 28})
        for (int k : {1, 2, 3, 5})
            for (int s : {1, 2, 3})
                for (int d : {1, 2})
                    v.push_back({n, k, s, d});
    return v;
}

PoolSpec square(PoolOp op, int k, int s, int d = 1, int p = 0)
{
    PoolSpec spec;
    spec.op = op;
    spec.kernel = {k, k};
    spec.stride = Size2{s, s};
    spec.dilation = {d, d};
    spec.padding = {p, p};
    return spec;
}

class ConventionAxes : public ::testing::TestWithParam<Geo> {};

TEST_P(ConventionAxes, FollowTensorFlowsKernelShapeUtil)
{
    const Geo a = GetParam();
    // A width of 9 keeps every case valid along the other axis.
    const PoolSpec spec = square(PoolOp::Max, a.k, a.s, a.d);
    const TfAxis same = tf_axis(a.n, a.k, a.s, a.d, true);
    const ConventionGeometry g = convention_geometry(Convention::TfSame, spec, a.n, 9);
    EXPECT_EQ(g.h.out, same.out);
    EXPECT_EQ(g.h.pad_before, same.before);
    EXPECT_EQ(g.h.pad_after, same.after);
    const ConventionGeometry onnx = convention_geometry(Convention::OnnxSameLower, spec, a.n, 9);
    EXPECT_EQ(onnx.h.out, same.out);
    EXPECT_EQ(onnx.h.pad_before, same.after) << "SAME_LOWER puts the odd padding first";
    EXPECT_EQ(onnx.h.pad_after, same.before);
    const TfAxis valid = tf_axis(a.n, a.k, a.s, a.d, false);
    if (valid.out >= 1) {
        const ConventionGeometry v = convention_geometry(Convention::TfValid, spec, a.n, 28);
        EXPECT_EQ(v.h.out, valid.out);
        EXPECT_EQ(v.h.pad_before + v.h.pad_after, 0);
    } else {
        EXPECT_THROW(convention_geometry(Convention::TfValid, spec, a.n, 28), ParamError);
    }
}

INSTANTIATE_TEST_SUITE_P(Grid, ConventionAxes, ::testing::ValuesIn(axis_grid()),
                         [](const ::testing::TestParamInfo<Geo>& info) {
                             const Geo& a = info.param;
                             return "n" + std::to_string(a.n) + "_k" + std::to_string(a.k) + "_s" +
                                    std::to_string(a.s) + "_d" + std::to_string(a.d);
                         });

TEST(ConventionRule, IsWrittenOutWithTheNumbers)
{
    const ConventionGeometry g = convention_geometry(Convention::TfSame, square(PoolOp::Max, 2, 2), 28, 28);
    EXPECT_EQ(g.h.rule,
              "TensorFlow 'SAME': out = ceil(n / s) = ceil(28 / 2) = 14; total padding max((14 - 1) * 2 + "
              "2 - 28, 0) = 0, 0 before and 0 after");
    const ConventionGeometry odd = convention_geometry(Convention::TfSame, square(PoolOp::Max, 3, 2), 8, 8);
    EXPECT_NE(odd.w.rule.find("= 1, 0 before and 1 after (the odd one after)"), std::string::npos)
        << odd.w.rule;
    const ConventionGeometry caffe =
        convention_geometry(Convention::Caffe, square(PoolOp::Avg, 3, 2, 1, 1), 6, 6);
    EXPECT_NE(
        caffe.h.rule.find("Caffe: out = 1 + ceil((n + 2p - k) / s) = 1 + ceil((6 + 2 * 1 - 3) / 2) = 4"),
        std::string::npos)
        << caffe.h.rule;
}

TEST(ConventionRule, OtherOpsThanMaxAndAvgAreRefused)
{
    EXPECT_THROW(convention_geometry(Convention::TfSame, square(PoolOp::Lp, 2, 2), 8, 8), ParamError);
    EXPECT_THROW(convention_geometry(Convention::Caffe, square(PoolOp::Max, 3, 1, 2), 8, 8), ParamError);
}

// TensorFlow 'SAME' avg by its definition: the mean of the window's cells inside.
TEST(ConventionPool, TfSameAvgIsTheMeanOfTheInsideCells)
{
    Tensor x(2, 7, 8);
    for (std::size_t i = 0; i < x.size(); ++i)
        x.data()[i] = float(int(i * 37 % 23)) - 11.f;
    const PoolSpec spec = square(PoolOp::Avg, 3, 2);
    const ConventionGeometry g = convention_geometry(Convention::TfSame, spec, 7, 8);
    const PoolResult r = pool_convention(x, spec, Convention::TfSame);
    for (int c = 0; c < 2; ++c)
        for (int oy = 0; oy < g.h.out; ++oy)
            for (int ox = 0; ox < g.w.out; ++ox) {
                double sum = 0;
                int n = 0;
                for (int y = oy * 2 - g.h.pad_before; y < oy * 2 - g.h.pad_before + 3; ++y)
                    for (int xx = ox * 2 - g.w.pad_before; xx < ox * 2 - g.w.pad_before + 3; ++xx)
                        if (y >= 0 && y < 7 && xx >= 0 && xx < 8)
                            sum += x.at(c, y, xx), ++n;
                EXPECT_NEAR(r.output.at(c, oy, ox), sum / n, 1e-5) << c << " " << oy << " " << ox;
            }
}

// OpenCV's dnn Pooling layer from a one-layer Caffe prototxt.
cv::Mat opencv_caffe_pool(const Tensor& x, bool max, Size2 k, Size2 s, Size2 p)
{
    const std::string proto =
        "name: \"pool\"\ninput: \"data\"\ninput_dim: 1\ninput_dim: " + std::to_string(x.channels()) +
        "\ninput_dim: " + std::to_string(x.height()) + "\ninput_dim: " + std::to_string(x.width()) +
        "\nlayer { name: \"pool\" type: \"Pooling\" bottom: \"data\" top: \"pool\" "
        "pooling_param { pool: " +
        (max ? "MAX" : "AVE") + " kernel_h: " + std::to_string(k.h) + " kernel_w: " + std::to_string(k.w) +
        " stride_h: " + std::to_string(s.h) + " stride_w: " + std::to_string(s.w) +
        " pad_h: " + std::to_string(p.h) + " pad_w: " + std::to_string(p.w) + " } }\n";
    cv::dnn::Net net = cv::dnn::readNetFromCaffe(proto.data(), proto.size());
    const int dims[] = {1, x.channels(), x.height(), x.width()};
    cv::Mat blob(4, dims, CV_32F, const_cast<float*>(x.data()));
    net.setInput(blob);
    return net.forward("pool").clone();
}

struct CaffeCase {
    int h, w;
    Size2 k, s, p;
};

std::vector<CaffeCase> caffe_grid()
{
    std::vector<CaffeCase> v;
    for (int n : {5, 8, 11})
        for (int k : {1, 2, 3, 4})
            for (int s : {1, 2, 3})
                for (int p = 0; p < k && p <= 2; ++p)
                    if (n + 2 * p >= k)
                        v.push_back({n,
                                     n + 1,
                                     {k, k == 1 ? 1 : k - 1},
                                     {s, s == 1 ? 2 : s},
                                     {p, p == 0 ? 0 : p - 1}});
    return v;
}

class CaffeAgainstOpenCv : public ::testing::TestWithParam<CaffeCase> {};

TEST_P(CaffeAgainstOpenCv, MaxExactlyAndAveClose)
{
    const CaffeCase& c = GetParam();
    Tensor x(3, c.h, c.w);
    cv::Mat values = x.storage();
    cv::RNG(uint64_t(c.h * 131 + c.k.h * 17 + c.s.h * 5 + c.p.h)).fill(values, cv::RNG::UNIFORM, -1.f, 1.f);
    for (bool max : {true, false}) {
        PoolSpec spec = square(max ? PoolOp::Max : PoolOp::Avg, 1, 1);
        spec.kernel = c.k;
        spec.stride = c.s;
        spec.padding = c.p;
        const PoolResult ours = pool_convention(x, spec, Convention::Caffe, {.indices = false});
        const cv::Mat theirs = opencv_caffe_pool(x, max, c.k, c.s, c.p);
        ASSERT_EQ(theirs.size[2], ours.output.height()) << (max ? "max" : "ave");
        ASSERT_EQ(theirs.size[3], ours.output.width()) << (max ? "max" : "ave");
        const Tensor t = Tensor::fromPlanes(
            {cv::Mat(theirs.size[2], theirs.size[3], CV_32F, const_cast<float*>(theirs.ptr<float>(0, 0))),
             cv::Mat(theirs.size[2], theirs.size[3], CV_32F, const_cast<float*>(theirs.ptr<float>(0, 1))),
             cv::Mat(theirs.size[2], theirs.size[3], CV_32F, const_cast<float*>(theirs.ptr<float>(0, 2)))});
        // Max selects (exact); ave is a float sum times 1/area, in another order where
        // OpenCV's vector path runs.
        EXPECT_TRUE(same_tensor(ours.output, t, max ? kExact : relative(1e-6, 1e-7)))
            << (max ? "max" : "ave");
    }
}

INSTANTIATE_TEST_SUITE_P(Grid, CaffeAgainstOpenCv, ::testing::ValuesIn(caffe_grid()),
                         [](const ::testing::TestParamInfo<CaffeCase>& info) {
                             const CaffeCase& c = info.param;
                             return "in" + std::to_string(c.h) + "x" + std::to_string(c.w) + "_k" +
                                    std::to_string(c.k.h) + "x" + std::to_string(c.k.w) + "_s" +
                                    std::to_string(c.s.h) + "x" + std::to_string(c.s.w) + "_p" +
                                    std::to_string(c.p.h) + "x" + std::to_string(c.p.w);
                         });

} // namespace
} // namespace poolscope::testing

namespace poolscope::testing {
namespace {

struct ConventionOp {
    Convention convention;
    PoolOp op;
};

class ConventionBackward : public ::testing::TestWithParam<ConventionOp> {};

// Max and avg are linear in x once the max has chosen its taps, so the backward is
// the forward's adjoint: <pool(x), g> = <x, backward(x, g)>.
TEST_P(ConventionBackward, IsTheForwardsAdjoint)
{
    const auto [convention, op] = GetParam();
    for (const Size2 k : {Size2{3, 3}, Size2{2, 3}})
        for (const int s : {1, 2, 3}) {
            PoolSpec spec = square(op, 1, s, 1, convention == Convention::Caffe ? 1 : 0);
            spec.kernel = k;
            Tensor x(2, 9, 10);
            cv::Mat values = x.storage();
            cv::RNG(uint64_t(k.w * 10 + s)).fill(values, cv::RNG::UNIFORM, -1.f, 1.f);
            const PoolResult y = pool_convention(x, spec, convention, {.indices = false});
            Tensor g(2, y.output.height(), y.output.width());
            cv::Mat gv = g.storage();
            cv::RNG(uint64_t(s)).fill(gv, cv::RNG::UNIFORM, -1.f, 1.f);
            const Tensor gx = pool_backward(x, spec, convention, g);
            double forward = 0, backward = 0;
            for (std::size_t i = 0; i < g.size(); ++i)
                forward += double(y.output.data()[i]) * g.data()[i];
            for (std::size_t i = 0; i < x.size(); ++i)
                backward += double(x.data()[i]) * gx.data()[i];
            EXPECT_NEAR(forward, backward, 1e-4 * (1 + std::abs(forward)))
                << "kernel " << k.h << "x" << k.w << " stride " << s;
        }
}

INSTANTIATE_TEST_SUITE_P(Conventions, ConventionBackward,
                         ::testing::Values(ConventionOp{Convention::TfSame, PoolOp::Max},
                                           ConventionOp{Convention::TfSame, PoolOp::Avg},
                                           ConventionOp{Convention::TfValid, PoolOp::Avg},
                                           ConventionOp{Convention::OnnxSameLower, PoolOp::Max},
                                           ConventionOp{Convention::OnnxSameLower, PoolOp::Avg},
                                           ConventionOp{Convention::Caffe, PoolOp::Max},
                                           ConventionOp{Convention::Caffe, PoolOp::Avg}),
                         [](const ::testing::TestParamInfo<ConventionOp>& info) {
                             std::string name = std::string(convention_name(info.param.convention)) + "_" +
                                                std::string(pool_op_name(info.param.op));
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

// Coverage under a convention: each window's inside cells, counted one by one.
TEST_P(ConventionBackward, CoverageCountsEveryWindowsInsideCells)
{
    const auto [convention, op] = GetParam();
    PoolSpec spec = square(op, 3, 2, 1, convention == Convention::Caffe ? 1 : 0);
    const ConventionGeometry g = convention_geometry(convention, spec, 8, 11);
    std::vector<std::int64_t> want(8 * 11, 0);
    for (int oy = 0; oy < g.h.out; ++oy)
        for (int ox = 0; ox < g.w.out; ++ox)
            for (int i = 0; i < 3; ++i)
                for (int j = 0; j < 3; ++j) {
                    const int y = oy * 2 - g.h.pad_before + i, x = ox * 2 - g.w.pad_before + j;
                    if (y >= 0 && y < 8 && x >= 0 && x < 11)
                        ++want[std::size_t(y) * 11 + x];
                }
    EXPECT_EQ(pool_coverage(spec, convention, 8, 11).counts, want);
}

} // namespace
} // namespace poolscope::testing

namespace poolscope::testing {
namespace {

class ConventionTrace : public ::testing::TestWithParam<ConventionOp> {};

// Every cell's trace gives the op's value there, and its weights are the op's:
// max one chosen inside tap, avg 1/divisor on each inside tap.
TEST_P(ConventionTrace, GivesTheOpsValueAndWeights)
{
    const auto [convention, op] = GetParam();
    PoolSpec spec = square(op, 3, 2, 1, convention == Convention::Caffe ? 1 : 0);
    Tensor x(2, 7, 9);
    cv::Mat values = x.storage();
    cv::RNG(5).fill(values, cv::RNG::UNIFORM, -1.f, 1.f);
    const PoolResult y = pool_convention(x, spec, convention);
    for (int oy = 0; oy < y.output.height(); ++oy)
        for (int ox = 0; ox < y.output.width(); ++ox) {
            const WindowTrace t = trace(x, spec, convention, 1, oy, ox);
            EXPECT_EQ(t.result, y.output.at(1, oy, ox)) << oy << "," << ox;
            double weights = 0, weighted = 0;
            for (const Tap& tap : t.taps) {
                weights += tap.weight;
                weighted += tap.weight * tap.value;
            }
            if (op == PoolOp::Max) {
                ASSERT_GE(t.chosen, 0);
                EXPECT_EQ(t.taps[std::size_t(t.chosen)].value, t.result);
                EXPECT_EQ(t.index, y.indices.at(1, oy, ox));
            } else {
                EXPECT_NEAR(weighted, t.result, 1e-5);
            }
            if (op == PoolOp::Max || convention != Convention::Caffe)
                EXPECT_NEAR(weights, 1.0, 1e-9);
        }
}

INSTANTIATE_TEST_SUITE_P(Conventions, ConventionTrace,
                         ::testing::Values(ConventionOp{Convention::TfSame, PoolOp::Max},
                                           ConventionOp{Convention::TfSame, PoolOp::Avg},
                                           ConventionOp{Convention::OnnxSameLower, PoolOp::Avg},
                                           ConventionOp{Convention::Caffe, PoolOp::Max},
                                           ConventionOp{Convention::Caffe, PoolOp::Avg}),
                         [](const ::testing::TestParamInfo<ConventionOp>& info) {
                             std::string name = std::string(convention_name(info.param.convention)) + "_" +
                                                std::string(pool_op_name(info.param.op));
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

} // namespace
} // namespace poolscope::testing
