// `coverage`: the int64 counts and the JSON summary are pool_coverage's.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/io/npy_io.h"
#include "core/shape/coverage.h"
#include "tests/cli/cli_fixtures.h"

namespace poolscope::cli_test {
namespace {

struct CoverageCase {
    std::string name;
    std::vector<std::string> flags;
    int h, w;
    long long never_read;
    std::int64_t max_count;
};

class CliCoverage : public ::testing::TestWithParam<CoverageCase> {};

TEST_P(CliCoverage, WritesTheCountsAndTheSummary)
{
    const CoverageCase& c = GetParam();
    const TempDir d;
    std::vector<std::string> args = {"coverage", "--input-size",
                                     std::to_string(c.h) + "," + std::to_string(c.w), "--output",
                                     d.file("n.npy")};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    const CliRun r = run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["cells_never_read"].get<long long>(), c.never_read);
    EXPECT_EQ(j["max_count"].get<std::int64_t>(), c.max_count);
    long long cells = 0;
    for (const auto& n : j["histogram"])
        cells += n.get<long long>();
    EXPECT_EQ(cells, (long long)c.h * c.w);
    const NpyIndices counts = read_npy_indices(d.file("n.npy"));
    EXPECT_EQ(counts.shape, (std::vector<long long>{c.h, c.w}));
    long long zeros = 0;
    for (std::int64_t n : counts.indices.data)
        zeros += n == 0;
    EXPECT_EQ(zeros, c.never_read);
}

INSTANTIATE_TEST_SUITE_P(Specs, CliCoverage,
                         ::testing::Values(
                             // 9 wide, kernel 2 stride 3: columns 2, 5, 8 unread, rows too: 81 - 36.
                             CoverageCase{
                                 "stride_past_kernel", {"--kernel-size", "2", "--stride", "3"}, 9, 9, 45, 1},
                             // 5 x 5 at kernel 2: the floor rule drops the last row and column.
                             CoverageCase{"floor_rule", {"--kernel-size", "2"}, 5, 5, 9, 1},
                             // kernel 3 stride 1 on 6 x 6: the middle cells are read by 3 x 3 windows.
                             CoverageCase{"overlap", {"--kernel-size", "3", "--stride", "1"}, 6, 6, 0, 9}),
                         [](const ::testing::TestParamInfo<CoverageCase>& info) { return info.param.name; });

TEST(CliCoverageArgs, WithoutAnInputSizeIsExitTwo)
{
    EXPECT_EQ(run_cli({"coverage", "--kernel-size", "2"}).exit_code, 2);
}

} // namespace
} // namespace poolscope::cli_test
