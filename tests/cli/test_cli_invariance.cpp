// `invariance`: the CSV and the JSON hold measure_invariance's figures for the
// same input and flags, and bad flags get a message and a nonzero exit.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/io/npy_io.h"
#include "core/lab/invariance.h"
#include "tests/cli/cli_fixtures.h"

namespace poolscope::cli_test {
namespace {

std::string read_text(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> v;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        v.push_back(line);
    return v;
}

InvarianceResult expected(const PoolSpec& spec, const ShiftSweep& sweep)
{
    return measure_invariance(read_npy(inputs().file("chw.npy")).tensor, spec, sweep);
}

PoolSpec max_k2()
{
    PoolSpec spec;
    spec.kernel = {2, 2};
    return spec;
}

TEST(CliInvariance, WritesACsvOfEveryShift)
{
    const TempDir d;
    const CliRun r =
        run_cli({"invariance", "--input", inputs().file("chw.npy"), "--op", "max", "--kernel-size", "2",
                 "--axis", "y", "--max-shift", "3", "--output", d.file("curve.csv")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::vector<std::string> got = lines(read_text(d.file("curve.csv")));
    const InvarianceResult want = expected(max_k2(), {ShiftAxis::Y, 3, 0.0});
    ASSERT_EQ(got.size(), 5u);
    EXPECT_EQ(got[0], "shift,equal_fraction,cosine");
    for (int i = 0; i <= 3; ++i) {
        const ShiftComparison& s = want.shifts[std::size_t(i)];
        double fraction = 0, cosine = 0;
        int shift = -1;
        ASSERT_EQ(std::sscanf(got[std::size_t(i) + 1].c_str(), "%d,%lf,%lf", &shift, &fraction, &cosine), 3)
            << got[std::size_t(i) + 1];
        EXPECT_EQ(shift, i);
        EXPECT_EQ(fraction, s.equal_fraction); // the shortest text that reads back the same
        EXPECT_EQ(cosine, s.cosine);
    }
}

TEST(CliInvariance, WritesJsonWithTheShapesTheSpecAndTheRows)
{
    const TempDir d;
    const CliRun r = run_cli({"invariance", "--input", inputs().file("chw.npy"), "--op", "max",
                              "--kernel-size", "2", "--axis", "xy", "--max-shift", "2", "--tolerance", "0.05",
                              "--output", d.file("curve.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(read_text(d.file("curve.json")));
    const InvarianceResult want = expected(max_k2(), {ShiftAxis::XY, 2, 0.05});
    EXPECT_EQ(j["input"], nlohmann::json({{"c", 3}, {"h", 8}, {"w", 8}}));
    EXPECT_EQ(j["pool"]["op"], "max");
    EXPECT_EQ(j["pool"]["kernel_size"], nlohmann::json({2, 2}));
    EXPECT_EQ(j["convention"], "pytorch");
    EXPECT_EQ(j["axis"], "xy");
    EXPECT_EQ(j["max_shift"], 2);
    EXPECT_EQ(j["tolerance"], 0.05);
    EXPECT_EQ(j["view"], nlohmann::json({{"c", 3}, {"h", 6}, {"w", 6}}));
    EXPECT_EQ(j["output"], nlohmann::json({{"c", 3}, {"h", 3}, {"w", 3}}));
    ASSERT_EQ(j["shifts"].size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(j["shifts"][i]["shift"], int(i));
        EXPECT_EQ(j["shifts"][i]["equal_fraction"].get<double>(), want.shifts[i].equal_fraction);
        EXPECT_EQ(j["shifts"][i]["cosine"].get<double>(), want.shifts[i].cosine);
    }
}

TEST(CliInvariance, TakesTheConvention)
{
    const TempDir d;
    const CliRun r =
        run_cli({"invariance", "--sample", "checkerboard", "--op", "max", "--kernel-size", "3", "--stride",
                 "2", "--convention", "tf-same", "--max-shift", "4", "--output", d.file("c.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(read_text(d.file("c.json")));
    EXPECT_EQ(j["convention"], "tf-same");
    EXPECT_EQ(j["output"], nlohmann::json({{"c", 1}, {"h", 32}, {"w", 30}})); // ceil(64 / 2), ceil(60 / 2)
}

struct BadFlags {
    std::string name;
    std::vector<std::string> args;
    int exit_code;
    std::string message; // a part of the error message
};

class CliInvarianceBad : public ::testing::TestWithParam<BadFlags> {};

TEST_P(CliInvarianceBad, SaysWhatIsWrongAndWritesNothing)
{
    const BadFlags& c = GetParam();
    const TempDir d;
    std::vector<std::string> args = {"invariance", "--input", inputs().file("chw.npy")};
    for (const std::string& a : c.args)
        args.push_back(a == "{out}" ? d.file("out.csv") : a);
    const CliRun r = run_cli(args);
    EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_TRUE(list_dir(d.path()).empty());
}

INSTANTIATE_TEST_SUITE_P(
    Flags, CliInvarianceBad,
    ::testing::Values(
        BadFlags{"no_output", {"--max-shift", "2"}, 2, "--output"},
        BadFlags{"no_max_shift", {"--output", "{out}"}, 2, "--max-shift"},
        BadFlags{"negative_shift", {"--max-shift", "-1", "--output", "{out}"}, 2, "--max-shift"},
        BadFlags{"shift_past_the_input", {"--max-shift", "8", "--output", "{out}"}, 2, "at most 7"},
        BadFlags{"unknown_axis", {"--axis", "z", "--max-shift", "1", "--output", "{out}"}, 2, "--axis"},
        BadFlags{"negative_tolerance",
                 {"--max-shift", "1", "--tolerance", "-0.1", "--output", "{out}"},
                 2,
                 "--tolerance"},
        BadFlags{"tolerance_not_a_number",
                 {"--max-shift", "1", "--tolerance", "abc", "--output", "{out}"},
                 2,
                 "--tolerance"},
        BadFlags{"kernel_larger_than_the_views",
                 {"--kernel-size", "6", "--max-shift", "4", "--output", "{out}"},
                 2,
                 "shifted views, 8x4"},
        BadFlags{"not_csv_or_json", {"--max-shift", "1", "--output", "curve.txt"}, 2, ".csv or .json"},
        BadFlags{"missing_folder",
                 {"--max-shift", "1", "--output", "no/such/folder/curve.csv"},
                 3,
                 "does not exist"}),
    [](const ::testing::TestParamInfo<BadFlags>& info) { return info.param.name; });

} // namespace
} // namespace poolscope::cli_test
