// `unpool`: the values pool --indices points at go back to their cells, zeros
// elsewhere, as PyTorch's max_unpool2d puts them: checked on what pool writes and
// on every max_unpool2d case PyTorch wrote (tests/golden).
#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/io/npy_io.h"
#include "core/pool/pool_ops.h"
#include "tests/cli/cli_fixtures.h"

namespace poolscope::cli_test {
namespace {

CliRun run_ok(const std::vector<std::string>& args)
{
    CliRun r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(r.crashed);
    return r;
}

std::string in(const std::string& name)
{
    return inputs().file(name);
}

std::string pair_text(const nlohmann::json& v)
{
    return std::to_string(v[0].get<int>()) + "," + std::to_string(v[1].get<int>());
}

// Same shape and the same bits in every cell.
::testing::AssertionResult same_bits(const NpyArray& got, const NpyArray& want)
{
    if (got.shape != want.shape)
        return ::testing::AssertionFailure() << "shape differs";
    for (std::size_t i = 0; i < want.tensor.size(); ++i)
        if (std::bit_cast<std::uint32_t>(got.tensor.data()[i]) !=
            std::bit_cast<std::uint32_t>(want.tensor.data()[i]))
            return ::testing::AssertionFailure() << "value " << i << " is " << got.tensor.data()[i]
                                                 << ", expected " << want.tensor.data()[i];
    return ::testing::AssertionSuccess();
}

// pool --indices, then unpool: each window's maximum back in its cell, every other
// cell 0, the .npy's rank kept.
TEST(CliUnpool, PutsEachMaximumBackWherePoolFoundIt)
{
    const TempDir d;
    run_ok({"pool", "--input", in("chw.npy"), "--op", "max", "--kernel-size", "2", "--output",
            d.file("p.npy"), "--indices", d.file("i.npy")});
    const CliRun r = run_ok({"unpool", "--input", d.file("p.npy"), "--indices", d.file("i.npy"),
                             "--kernel-size", "2", "--output", d.file("u.npy")});
    EXPECT_EQ(r.out, "");
    const NpyArray u = read_npy(d.file("u.npy"));
    ASSERT_EQ(u.shape, (std::vector<long long>{3, 8, 8}));
    const Tensor x = ramp(3, 8, 8);
    int kept = 0;
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < 8; ++y)
            for (int xx = 0; xx < 8; ++xx) {
                float best = x.at(c, y / 2 * 2, xx / 2 * 2);
                for (int dy = 0; dy < 2; ++dy)
                    for (int dx = 0; dx < 2; ++dx)
                        best = std::max(best, x.at(c, y / 2 * 2 + dy, xx / 2 * 2 + dx));
                const bool is_max = x.at(c, y, xx) == best;
                EXPECT_EQ(u.tensor.at(c, y, xx), is_max ? x.at(c, y, xx) : 0.f) << c << "," << y << "," << xx;
                kept += is_max;
            }
    EXPECT_EQ(kept, 3 * 16);
}

// An explicit size, a stride and padding, a (1, C, H, W) input: the core's numbers.
TEST(CliUnpool, SizeStrideAndPaddingAsTheCore)
{
    const TempDir d;
    run_ok({"pool", "--input", in("nchw.npy"), "--op", "max", "--kernel-size", "3", "--stride", "2",
            "--padding", "1", "--output", d.file("p.npy"), "--indices", d.file("i.npy")});
    run_ok({"unpool", "--input", d.file("p.npy"), "--indices", d.file("i.npy"), "--kernel-size", "3",
            "--stride", "2", "--padding", "1", "--output-size", "8,8", "--output", d.file("u.npy")});
    const NpyArray p = read_npy(d.file("p.npy"));
    const NpyIndices i = read_npy_indices(d.file("i.npy"));
    const NpyArray u = read_npy(d.file("u.npy"));
    ASSERT_EQ(u.shape, (std::vector<long long>{1, 2, 8, 8}));
    NpyArray want;
    want.shape = u.shape;
    want.tensor = max_unpool(p.tensor, i.indices, {3, 3}, Size2{2, 2}, {1, 1}, Size2{8, 8});
    EXPECT_TRUE(same_bits(u, want));
    // Without --output-size the output is (4 - 1) * 2 - 2 + 3 = 7 wide and high: a
    // maximum from the input's last row or column has nowhere to go, as in PyTorch.
    const CliRun r =
        run_cli({"unpool", "--input", d.file("p.npy"), "--indices", d.file("i.npy"), "--kernel-size", "3",
                 "--stride", "2", "--padding", "1", "--output", d.file("u7.npy")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("the output planes are 7x7"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(d.file("u7.npy")));
}

// Every max_unpool2d case PyTorch wrote, through the command line: the pooled values
// (.in), their indices (.idx) and the parameters in, PyTorch's output (.out) out,
// bit for bit.
TEST(CliUnpool, MatchesPyTorchsGoldenFiles)
{
    const std::string dir = POOLSCOPE_GOLDEN_DIR;
    std::ifstream manifest(dir + "/manifest.json");
    ASSERT_TRUE(manifest) << dir;
    const nlohmann::json m = nlohmann::json::parse(manifest);
    int checked = 0;
    for (const nlohmann::json& c : m.at("cases")) {
        if (c.at("op") != "max_unpool2d")
            continue;
        SCOPED_TRACE(c.dump());
        const nlohmann::json& p = c.at("params");
        const TempDir d;
        std::vector<std::string> args{"unpool",
                                      "--input",
                                      dir + "/" + c.at("input").get<std::string>(),
                                      "--indices",
                                      dir + "/" + c.at("indices").get<std::string>(),
                                      "--kernel-size",
                                      pair_text(p.at("kernel")),
                                      "--stride",
                                      pair_text(p.at("stride")),
                                      "--padding",
                                      pair_text(p.at("padding")),
                                      "--output",
                                      d.file("u.npy")};
        if (!p.at("output_size").is_null()) {
            args.push_back("--output-size");
            args.push_back(pair_text(p.at("output_size")));
        }
        run_ok(args);
        EXPECT_TRUE(
            same_bits(read_npy(d.file("u.npy")), read_npy(dir + "/" + c.at("output").get<std::string>())));
        ++checked;
    }
    EXPECT_GE(checked, 6);
}

} // namespace
} // namespace poolscope::cli_test
