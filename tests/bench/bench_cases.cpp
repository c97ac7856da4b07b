#include "tests/bench/bench_cases.h"

#include <array>
#include <initializer_list>

#include <opencv2/core.hpp>

#include "tests/bench/cache_eviction.h"

namespace poolscope::bench {
namespace {

std::string shape_name(Shape3 s)
{
    return cv::format("%dx%dx%d", s.c, s.h, s.w);
}

// "k3s2p1": the sliding-window hyperparameters as they appear in a case name.
std::string window_name(int k, int s, int p)
{
    return cv::format("k%ds%dp%d", k, s, p);
}

std::string size_name(Size2 s)
{
    return cv::format("%dx%d", s.h, s.w);
}

PoolSpec sliding(PoolOp op, int k, int s, int p)
{
    PoolSpec spec;
    spec.op = op;
    spec.kernel = square(k);
    spec.stride = square(s);
    spec.padding = square(p);
    // OpenCV's AVE divides by the whole window, padding included.
    spec.count_include_pad = true;
    return spec;
}

BenchCase pool_case(const std::string& label, Shape3 shape, PoolSpec spec, OpenCvRef opencv = OpenCvRef::None)
{
    BenchCase c;
    c.name = label + "_" + shape_name(shape);
    c.shape = shape;
    c.spec = std::move(spec);
    c.opencv = opencv;
    return c;
}

OpenCvRef opencv_ref(PoolOp op)
{
    return op == PoolOp::Max ? OpenCvRef::Max : op == PoolOp::Avg ? OpenCvRef::Ave : OpenCvRef::None;
}

} // namespace

std::vector<BenchCase> bench_cases(bool smoke)
{
    // The smoke shapes keep every op and its parameters, only smaller.
    const Shape3 maps = smoke ? Shape3{4, 64, 64} : Shape3{64, 512, 512};
    const Shape3 wide_maps = smoke ? Shape3{4, 64, 64} : Shape3{16, 512, 512};
    const Shape3 image = smoke ? Shape3{3, 64, 96} : Shape3{3, 1080, 1920};
    const Size2 half{maps.h / 2, maps.w / 2};
    std::vector<BenchCase> cases;

    for (PoolOp op : {PoolOp::Max, PoolOp::Min, PoolOp::Avg})
        for (auto [k, s, p] : {std::array{2, 2, 0}, std::array{3, 2, 1}, std::array{3, 1, 1}})
            cases.push_back(pool_case(std::string(pool_op_name(op)) + "_" + window_name(k, s, p), maps,
                                      sliding(op, k, s, p), opencv_ref(op)));
    for (PoolOp op : {PoolOp::Max, PoolOp::Avg})
        cases.push_back(pool_case(std::string(pool_op_name(op)) + "_" + window_name(15, 1, 7), wide_maps,
                                  sliding(op, 15, 1, 7), opencv_ref(op)));

    BenchCase indices = pool_case("max-indices_k3s2p1", maps, sliding(PoolOp::Max, 3, 2, 1), OpenCvRef::Max);
    indices.options.indices = true;
    cases.push_back(indices);

    PoolSpec lp = sliding(PoolOp::Lp, 3, 2, 0); // lp_pool2d takes no padding
    lp.norm_type = 2.0;
    cases.push_back(pool_case("lp2_k3s2", maps, lp));
    PoolSpec mixed = sliding(PoolOp::Mixed, 3, 2, 1);
    mixed.alpha = 0.5;
    cases.push_back(pool_case("mixed0.5_k3s2p1", maps, mixed));
    for (bool train : {false, true}) {
        PoolSpec stochastic = sliding(PoolOp::Stochastic, 3, 2, 1);
        stochastic.train = train;
        stochastic.seed = 1;
        cases.push_back(
            pool_case(train ? "stochastic-train_k3s2p1" : "stochastic-eval_k3s2p1", maps, stochastic));
    }
    cases.push_back(pool_case("softpool_k3s2p1", maps, sliding(PoolOp::SoftPool, 3, 2, 1)));
    PoolSpec blur = sliding(PoolOp::BlurPool, 3, 2, 1);
    blur.blur_size = 3;
    cases.push_back(pool_case("blurpool3_k3s2p1", maps, blur));

    PoolSpec fractional;
    fractional.op = PoolOp::FractionalMax;
    fractional.kernel = square(3);
    fractional.output_size = half;
    fractional.seed = 1;
    cases.push_back(pool_case("fractional-max_k3o" + size_name(half), maps, fractional));
    for (PoolOp op : {PoolOp::AdaptiveMax, PoolOp::AdaptiveAvg}) {
        PoolSpec adaptive;
        adaptive.op = op;
        adaptive.output_size = half;
        cases.push_back(pool_case(std::string(pool_op_name(op)) + "_o" + size_name(half), maps, adaptive));
    }
    for (PoolOp op : {PoolOp::GlobalMax, PoolOp::GlobalAvg}) {
        PoolSpec global;
        global.op = op;
        cases.push_back(pool_case(std::string(pool_op_name(op)), maps, global));
    }

    BenchCase unpool = pool_case("max-unpool_k3s2p1", maps, sliding(PoolOp::Max, 3, 2, 1));
    unpool.kind = CaseKind::Unpool;
    cases.push_back(unpool);

    BenchCase backward = pool_case("max-backward_k3s2p1", maps, sliding(PoolOp::Max, 3, 2, 1));
    backward.kind = CaseKind::Backward;
    cases.push_back(backward);

    // The invariance sweep of issue 21: 16 shifts (17 views) along x on 8 channels.
    const Shape3 sweep_maps = smoke ? Shape3{2, 64, 64} : Shape3{8, 512, 512};
    PoolSpec blur2 = sliding(PoolOp::BlurPool, 2, 2, 0);
    blur2.blur_size = 3;
    for (const auto& [label, spec] : {std::pair{"invariance-max_k2s2_x16", sliding(PoolOp::Max, 2, 2, 0)},
                                      std::pair{"invariance-blurpool3_k2s2_x16", blur2}}) {
        BenchCase sweep = pool_case(label, sweep_maps, spec);
        sweep.kind = CaseKind::Invariance;
        sweep.sweep = {ShiftAxis::X, 16, 0.0};
        cases.push_back(sweep);
    }

    BenchCase conv;
    conv.kind = CaseKind::Conv;
    conv.shape = image;
    conv.conv.out_channels = 8;
    conv.conv.kernel = square(3);
    conv.conv.stride = square(1);
    conv.conv.padding = square(1);
    conv.conv.padding_mode = PaddingMode::Zeros;
    conv.name = "conv2d_k3s1p1_3to8_" + shape_name(image);
    cases.push_back(conv);
    // The window's first step after a conv change: the focused channel alone.
    conv.conv.out_channels = 1;
    conv.name = "conv2d_k3s1p1_3to1_" + shape_name(image);
    cases.push_back(conv);

    // Scaling with the map size and the thread count, on the two ops OpenCV also has:
    // warm (the same buffers again, so small maps stay in the caches) and, where the
    // caches can be flushed, cold (every call reads its maps from memory).
    const std::vector<int> sides = smoke ? std::vector<int>{32, 64} : std::vector<int>{256, 512, 1024, 2048};
    const int scale_channels = smoke ? 4 : 16;
    for (bool cold : {false, true}) {
        if (cold && !cache_eviction_available())
            break;
        for (PoolOp op : {PoolOp::Max, PoolOp::Avg})
            for (int side : sides)
                for (int threads : {1, 2}) {
                    BenchCase c =
                        pool_case(std::string(pool_op_name(op)) + "_" + window_name(3, 2, 1),
                                  {scale_channels, side, side}, sliding(op, 3, 2, 1), opencv_ref(op));
                    c.name += "_t" + std::to_string(threads) + (cold ? "_cold" : "");
                    c.threads = threads;
                    c.series = std::string(pool_op_name(op)) + " k3 s2 p1, " + std::to_string(threads) +
                               (threads == 1 ? " thread" : " threads");
                    c.cold = cold;
                    cases.push_back(c);
                }
    }
    return cases;
}

} // namespace poolscope::bench
