// What the CLI writes and prints: files that decode, the input's rank kept,
// indices that point at the maxima, traces that agree with the pooled maps,
// and shape and bench documents with the promised fields.
#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "core/io/npy_io.h"
#include "tests/cli/cli_fixtures.h"

namespace poolscope::cli_test {
namespace {

namespace fs = std::filesystem;

CliRun run_ok(const std::vector<std::string>& args)
{
    CliRun r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
}

std::string in(const std::string& name)
{
    return inputs().file(name);
}

TEST(CliPool, PngOutputDecodes)
{
    const TempDir d;
    run_ok({"pool", "--quiet", "--sample", "scene", "--op", "max", "--output", d.file("o.png")});
    const cv::Mat img = cv::imread(d.file("o.png"), cv::IMREAD_UNCHANGED);
    ASSERT_FALSE(img.empty());
    EXPECT_EQ(img.channels(), 3);
}

TEST(CliPool, FolderOutputHasOnePngPerChannelAndTheMontage)
{
    const TempDir d;
    run_ok({"pool", "--input", in("chw.npy"), "--output", d.file("maps") + "/"});
    EXPECT_EQ(list_dir(d.path() / "maps"), (std::vector<std::string>{"channel_00.png", "channel_01.png",
                                                                     "channel_02.png", "montage.png"}));
    const cv::Mat ch = cv::imread(d.file("maps/channel_01.png"), cv::IMREAD_UNCHANGED);
    EXPECT_EQ(ch.rows, 4);
    EXPECT_EQ(ch.cols, 4);
}

TEST(CliPool, NpyValuesAreTheWindowMaxima)
{
    const TempDir d;
    run_ok(
        {"pool", "--input", in("chw.npy"), "--op", "max", "--kernel-size", "2", "--output", d.file("o.npy")});
    const NpyArray out = read_npy(d.file("o.npy"));
    const Tensor x = ramp(3, 8, 8);
    ASSERT_EQ(out.shape, (std::vector<long long>{3, 4, 4}));
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < 4; ++y)
            for (int xx = 0; xx < 4; ++xx) {
                const float m = std::max({x.at(c, 2 * y, 2 * xx), x.at(c, 2 * y, 2 * xx + 1),
                                          x.at(c, 2 * y + 1, 2 * xx), x.at(c, 2 * y + 1, 2 * xx + 1)});
                EXPECT_EQ(out.tensor.at(c, y, xx), m) << c << "," << y << "," << xx;
            }
}

struct RankCase {
    std::string input;
    std::vector<long long> expected_shape;
};

class CliRank : public ::testing::TestWithParam<RankCase> {};

TEST_P(CliRank, NpyOutputKeepsTheInputsRank)
{
    const TempDir d;
    run_ok({"pool", "--input", in(GetParam().input), "--kernel-size", "2", "--output", d.file("o.npy"),
            "--indices", d.file("i.npy")});
    EXPECT_EQ(read_npy(d.file("o.npy")).shape, GetParam().expected_shape);
    EXPECT_EQ(read_npy(d.file("i.npy")).shape, GetParam().expected_shape);
}

INSTANTIATE_TEST_SUITE_P(Inputs, CliRank,
                         ::testing::Values(RankCase{"hw.npy", {4, 4}}, RankCase{"chw.npy", {3, 4, 4}},
                                           RankCase{"nchw.npy", {1, 2, 4, 4}}, RankCase{"img.png", {3, 6, 8}},
                                           RankCase{"hwc.npy", {3, 5, 6}},
                                           // (8, 10, 4) would read back as an image's (H, W, C)
                                           RankCase{"chw_narrow.npy", {1, 8, 10, 4}}));

// An (H, W, 3) array is an image saved channels last: pooled as 3 channels of H x W,
// and stderr says how it was read (a note: not with --quiet).
TEST(CliPool, ChannelsLastImageIsReadAsSuchAndSaidSo)
{
    const TempDir d;
    const CliRun r =
        run_ok({"pool", "--input", in("hwc.npy"), "--kernel-size", "2", "--output", d.file("o.npy")});
    EXPECT_NE(r.err.find("poolscope-cli: '" + in("hwc.npy") +
                         "': the .npy shape (10, 12, 3) is read as height, width, channels: 3 channels of "
                         "height 10, width 12\n"),
              std::string::npos)
        << r.err;
    const NpyArray out = read_npy(d.file("o.npy"));
    ASSERT_EQ(out.shape, (std::vector<long long>{3, 5, 6}));
    const Tensor hwc = ramp(1, 10, 36); // value of (y, x, c) at (0, y, 3 x + c)
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < 5; ++y)
            for (int x = 0; x < 6; ++x) {
                const float m = std::max(
                    {hwc.at(0, 2 * y, 3 * (2 * x) + c), hwc.at(0, 2 * y, 3 * (2 * x + 1) + c),
                     hwc.at(0, 2 * y + 1, 3 * (2 * x) + c), hwc.at(0, 2 * y + 1, 3 * (2 * x + 1) + c)});
                EXPECT_EQ(out.tensor.at(c, y, x), m) << c << "," << y << "," << x;
            }
    EXPECT_EQ(run_ok({"pool", "--quiet", "--input", in("hwc.npy"), "--output", d.file("q.npy")}).err, "");
    // Channels first stays as stored, silently.
    EXPECT_EQ(run_ok({"pool", "--input", in("chw.npy"), "--output", d.file("c.npy")}).err, "");
}

TEST(CliPool, IndicesPointAtTheOutputValues)
{
    const TempDir d;
    run_ok({"pool", "--input", in("chw.npy"), "--op", "max", "--kernel-size", "3", "--stride", "2",
            "--padding", "1", "--output", d.file("o.npy"), "--indices", d.file("i.npy")});
    const Tensor x = ramp(3, 8, 8);
    const NpyArray out = read_npy(d.file("o.npy"));
    const NpyArray idx = read_npy(d.file("i.npy"));
    ASSERT_EQ(idx.shape, out.shape);
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < out.tensor.height(); ++y)
            for (int xx = 0; xx < out.tensor.width(); ++xx) {
                const auto flat = (long long)idx.tensor.at(c, y, xx);
                ASSERT_GE(flat, 0);
                ASSERT_LT(flat, 64);
                EXPECT_EQ(x.at(c, int(flat / 8), int(flat % 8)), out.tensor.at(c, y, xx));
            }
}

TEST(CliPool, ConvPresetRunsFirstWithReLU)
{
    const TempDir d;
    run_ok({"pool", "--quiet", "--conv-preset", "sobel-x,sobel-y,box", "--op", "avg", "--output",
            d.file("o.npy")});
    const NpyArray out = read_npy(d.file("o.npy"));
    ASSERT_EQ(out.shape, (std::vector<long long>{3, 14, 14}));
    double lo = 0;
    cv::minMaxLoc(out.tensor.storage(), &lo);
    EXPECT_GE(lo, 0.0);
}

TEST(CliPool, GrayGivesOneChannel)
{
    const TempDir d;
    run_ok({"pool", "--quiet", "--sample", "scene", "--gray", "--output", d.file("o.npy")});
    EXPECT_EQ(read_npy(d.file("o.npy")).shape.front(), 1);
}

TEST(CliPool, NotesOnlyWithoutQuiet)
{
    const TempDir d;
    EXPECT_NE(run_ok({"pool", "--output", d.file("a.png")}).err.find("no --input given"), std::string::npos);
    EXPECT_EQ(run_ok({"--quiet", "pool", "--output", d.file("b.png")}).err, "");
    EXPECT_EQ(run_ok({"pool", "--output", d.file("c.png"), "--quiet"}).err, "");
}

TEST(CliPool, FailureLeavesAnExistingOutputUntouched)
{
    const TempDir d;
    const std::string target = d.file("o.npy");
    run_ok({"pool", "--input", in("hw.npy"), "--output", target});
    const auto before = fs::last_write_time(target);
    const auto size = fs::file_size(target);
    const CliRun r = run_cli({"pool", "--input", in("hw.npy"), "--kernel-size", "9", "--output", target});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(fs::last_write_time(target), before);
    EXPECT_EQ(fs::file_size(target), size);
    EXPECT_EQ(list_dir(d.path()), std::vector<std::string>{"o.npy"});
}

struct TraceCase {
    std::string name;
    std::vector<std::string> op_args;
};

std::ostream& operator<<(std::ostream& os, const TraceCase& c)
{
    return os << c.name;
}

class CliTrace : public ::testing::TestWithParam<TraceCase> {};

// The trace of a cell must give exactly the value the pool wrote there.
TEST_P(CliTrace, ResultEqualsThePooledValue)
{
    const TempDir d;
    std::vector<std::string> pool_args{"pool", "--input", in("chw.npy"), "--output", d.file("o.npy")};
    pool_args.insert(pool_args.end(), GetParam().op_args.begin(), GetParam().op_args.end());
    run_ok(pool_args);
    const NpyArray out = read_npy(d.file("o.npy"));
    const int h = out.tensor.height(), w = out.tensor.width();
    const int cells[][3] = {{0, 0, 0}, {1, h - 1, w - 1}, {2, h / 2, w - 1}, {2, h - 1, 0}};
    for (const auto& cell : cells) {
        std::vector<std::string> args{"trace",
                                      "--input",
                                      in("chw.npy"),
                                      "--channel",
                                      std::to_string(cell[0]),
                                      "--at",
                                      std::to_string(cell[1]) + "," + std::to_string(cell[2])};
        args.insert(args.end(), GetParam().op_args.begin(), GetParam().op_args.end());
        const CliRun r = run_ok(args);
        const auto j = nlohmann::json::parse(r.out);
        EXPECT_EQ(j.at("op"), GetParam().op_args.at(1));
        EXPECT_EQ(j.at("channel"), cell[0]);
        EXPECT_EQ(j.at("oy"), cell[1]);
        EXPECT_EQ(j.at("ox"), cell[2]);
        EXPECT_EQ(j.at("output"), (nlohmann::json{{"h", h}, {"w", w}}));
        // NaN is null in JSON (LP at p = 3 gives NaN where a window's sum of x^3 is negative).
        const float pooled = out.tensor.at(cell[0], cell[1], cell[2]);
        if (std::isnan(pooled))
            EXPECT_TRUE(j.at("result").is_null()) << r.out;
        else
            EXPECT_EQ(j.at("result").get<float>(), pooled)
                << "cell " << cell[0] << "," << cell[1] << "," << cell[2] << "\n"
                << r.out;
        const auto& taps = j.at("taps");
        ASSERT_TRUE(taps.is_array());
        EXPECT_EQ(taps.size(),
                  std::size_t(j.at("window").at("h").get<int>() * j.at("window").at("w").get<int>()));
        for (const auto& t : taps)
            for (const char* key : {"y", "x", "inside", "value", "weight"})
                EXPECT_TRUE(t.contains(key)) << key;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Ops, CliTrace,
    ::testing::Values(
        TraceCase{"Max", {"--op", "max", "--kernel-size", "3", "--stride", "2", "--padding", "1"}},
        TraceCase{"MaxDilatedCeil",
                  {"--op", "max", "--kernel-size", "2", "--dilation", "2", "--stride", "3", "--ceil-mode"}},
        TraceCase{"AvgExcludePad",
                  {"--op", "avg", "--kernel-size", "3", "--stride", "2", "--padding", "1",
                   "--count-include-pad", "false", "--ceil-mode"}},
        TraceCase{"AvgDivisor", {"--op", "avg", "--kernel-size", "2", "--divisor-override", "3"}},
        TraceCase{"Min", {"--op", "min", "--kernel-size", "2"}},
        TraceCase{"Lp", {"--op", "lp", "--kernel-size", "2", "--norm-type", "3"}},
        TraceCase{"Mixed", {"--op", "mixed", "--kernel-size", "2", "--alpha", "0.25"}},
        TraceCase{"StochasticTrain", {"--op", "stochastic", "--kernel-size", "2", "--train", "--seed", "7"}},
        TraceCase{"StochasticEval", {"--op", "stochastic", "--kernel-size", "2"}},
        TraceCase{"SoftPool", {"--op", "softpool", "--kernel-size", "2"}},
        TraceCase{"AdaptiveMax", {"--op", "adaptive-max", "--output-size", "3,5"}},
        TraceCase{"AdaptiveAvg", {"--op", "adaptive-avg", "--output-size", "3"}},
        TraceCase{"GlobalMax", {"--op", "global-max"}}, TraceCase{"GlobalAvg", {"--op", "global-avg"}},
        TraceCase{"FractionalMax",
                  {"--op", "fractional-max", "--kernel-size", "2", "--output-size", "5", "--seed", "3"}},
        TraceCase{"FractionalMaxRatio",
                  {"--op", "fractional-max", "--kernel-size", "2", "--output-ratio", "0.5,0.75"}},
        TraceCase{"BlurPool", {"--op", "blurpool", "--kernel-size", "2", "--blur-size", "3"}}),
    [](const auto& info) { return info.param.name; });

TEST(CliTrace, MaxReportsTheIndexPoolWrote)
{
    const TempDir d;
    run_ok({"pool", "--input", in("hw.npy"), "--kernel-size", "3", "--stride", "2", "--output",
            d.file("o.npy"), "--indices", d.file("i.npy")});
    const NpyArray idx = read_npy(d.file("i.npy"));
    const auto j = nlohmann::json::parse(
        run_ok({"trace", "--input", in("hw.npy"), "--kernel-size", "3", "--stride", "2", "--at", "1,2"}).out);
    EXPECT_EQ(j.at("index").get<long long>(), (long long)idx.tensor.at(0, 1, 2));
    const int chosen = j.at("chosen").get<int>();
    EXPECT_EQ(j.at("taps").at(chosen).at("weight"), 1.0);
}

TEST(CliShape, CeilModeFormulaAndUnreadCells)
{
    // PyTorch: floor((5 - 2 + 1) / 2) + 1 = 3 windows with ceil_mode, 2 without.
    const auto ceil = nlohmann::json::parse(
        run_ok({"shape", "--input-size", "5", "--kernel-size", "2", "--stride", "2", "--ceil-mode"}).out);
    EXPECT_EQ(ceil.at("output"), (nlohmann::json{{"h", 3}, {"w", 3}}));
    EXPECT_EQ(ceil.at("cells_never_read"), 0);
    EXPECT_TRUE(ceil.at("formula_h").is_string());
    EXPECT_TRUE(ceil.at("notes").is_array());

    const TempDir d;
    const auto floor = nlohmann::json::parse(
        run_ok({"shape", "--input-size", "5,7", "--kernel-size", "2", "--coverage", d.file("c.npy")}).out);
    EXPECT_EQ(floor.at("input"), (nlohmann::json{{"h", 5}, {"w", 7}}));
    EXPECT_EQ(floor.at("output"), (nlohmann::json{{"h", 2}, {"w", 3}}));
    // The last row and the last column are never read: 7 + 5 - 1 cells.
    EXPECT_EQ(floor.at("cells_never_read"), 11);
    const NpyArray cov = read_npy(d.file("c.npy"));
    ASSERT_EQ(cov.shape, (std::vector<long long>{5, 7}));
    EXPECT_EQ(cv::countNonZero(cov.tensor.plane(0) == 0), 11);
}

TEST(CliShape, ReadsTheSizeOfTheInput)
{
    const auto j =
        nlohmann::json::parse(run_ok({"shape", "--input", in("img.png"), "--kernel-size", "3"}).out);
    EXPECT_EQ(j.at("input"), (nlohmann::json{{"h", 12}, {"w", 16}}));
    EXPECT_EQ(j.at("output"), (nlohmann::json{{"h", 4}, {"w", 5}}));
    EXPECT_EQ(j.at("op"), "max");
}

TEST(CliBench, PrintsTimings)
{
    const auto j =
        nlohmann::json::parse(run_ok({"bench", "--op", "avg", "--kernel-size", "3", "--shape", "2,32,16",
                                      "--threads", "1", "--repeat", "3", "--warmup", "0"})
                                  .out);
    EXPECT_EQ(j.at("op"), "avg");
    EXPECT_EQ(j.at("shape"), (nlohmann::json{2, 32, 16}));
    EXPECT_EQ(j.at("output_shape"), (nlohmann::json{2, 10, 5}));
    EXPECT_EQ(j.at("threads"), 1);
    EXPECT_EQ(j.at("repeat"), 3);
    EXPECT_EQ(j.at("return_indices"), false);
    const double lo = j.at("min_ms"), med = j.at("median_ms"), mean = j.at("mean_ms");
    EXPECT_GE(lo, 0.0);
    EXPECT_LE(lo, med);
    EXPECT_LE(lo, mean);
}

// With --return-indices the timed runs write the indices too: 8 bytes per output
// cell, reported from what they wrote; without it they write none.
TEST(CliBench, TimesIndicesWhenAsked)
{
    const std::vector<std::string> args = {"bench",  "--op",     "max", "--kernel-size", "2", "--shape",
                                           "3,16,8", "--repeat", "1",   "--warmup",      "0"};
    std::vector<std::string> with = args;
    with.push_back("--return-indices");
    const auto j = nlohmann::json::parse(run_ok(with).out);
    EXPECT_EQ(j.at("return_indices"), true);
    EXPECT_EQ(j.at("output_bytes"), 3 * 8 * 4 * 4);
    ASSERT_TRUE(j.contains("indices_bytes")) << j.dump();
    EXPECT_EQ(j.at("indices_bytes"), 3 * 8 * 4 * 8);

    const auto without = nlohmann::json::parse(run_ok(args).out);
    EXPECT_EQ(without.at("return_indices"), false);
    EXPECT_EQ(without.at("output_bytes"), 3 * 8 * 4 * 4);
    EXPECT_FALSE(without.contains("indices_bytes")) << without.dump();

    // An op without indices has none to time, flag or not.
    std::vector<std::string> avg = with;
    avg[2] = "avg";
    EXPECT_FALSE(nlohmann::json::parse(run_ok(avg).out).contains("indices_bytes"));
}

TEST(CliConv, IdentityPresetAveragesTheChannels)
{
    const TempDir d;
    run_ok({"conv", "--input", in("chw.npy"), "--preset", "identity", "--padding", "1", "--output",
            d.file("o.npy")});
    const NpyArray out = read_npy(d.file("o.npy"));
    ASSERT_EQ(out.shape, (std::vector<long long>{1, 8, 8}));
    const Tensor x = ramp(3, 8, 8);
    for (int y = 0; y < 8; ++y)
        for (int xx = 0; xx < 8; ++xx)
            EXPECT_NEAR(out.tensor.at(0, y, xx), (x.at(0, y, xx) + x.at(1, y, xx) + x.at(2, y, xx)) / 3.f,
                        1e-6f);
}

TEST(CliConv, KeepsRankTwoAndPyTorchsDefaultPadding)
{
    const TempDir d;
    run_ok({"conv", "--input", in("hw.npy"), "--preset", "box", "--output", d.file("o.npy")});
    EXPECT_EQ(read_npy(d.file("o.npy")).shape, (std::vector<long long>{6, 6}));
}

TEST(CliConv, CustomWeightsAreCrossCorrelatedWithBias)
{
    const TempDir d;
    run_ok({"conv", "--input", in("chw.npy"), "--weights", in("weights.npy"), "--bias", "0.5", "--output",
            d.file("o.npy")});
    const NpyArray out = read_npy(d.file("o.npy"));
    ASSERT_EQ(out.shape, (std::vector<long long>{2, 6, 6}));
    const Tensor x = ramp(3, 8, 8), w = ramp(6, 3, 3); // w: [out*in][kh][kw]
    for (int o = 0; o < 2; ++o)
        for (int y = 0; y < 6; ++y)
            for (int xx = 0; xx < 6; ++xx) {
                double sum = 0.5;
                for (int i = 0; i < 3; ++i)
                    for (int ky = 0; ky < 3; ++ky)
                        for (int kx = 0; kx < 3; ++kx)
                            sum += double(w.at(o * 3 + i, ky, kx)) * x.at(i, y + ky, xx + kx);
                EXPECT_NEAR(out.tensor.at(o, y, xx), sum, 1e-5) << o << "," << y << "," << xx;
            }
}

TEST(CliConv, FolderOutput)
{
    const TempDir d;
    run_ok({"conv", "--quiet", "--preset", "sobel-x,sobel-y", "--padding", "same", "--activation", "relu",
            "--output", d.file("edges") + "/"});
    EXPECT_EQ(list_dir(d.path() / "edges"),
              (std::vector<std::string>{"channel_00.png", "channel_01.png", "montage.png"}));
}

} // namespace
} // namespace poolscope::cli_test
