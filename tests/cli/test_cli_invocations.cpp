// A table of command lines with the exit code each must give and text its
// output must hold. Every failure must be one "poolscope-cli: error: ..." line.
#include <regex>

#include <gtest/gtest.h>

#include "tests/cli/cli_fixtures.h"

namespace poolscope::cli_test {
namespace {

struct Invocation {
    std::string name;
    std::vector<std::string> args; // "{in}": the inputs folder, "{out}": a fresh output folder
    int exit_code;
    std::string out_has; // substring of stdout ("" = anything)
    std::string err_has; // substring of stderr ("" = anything)
};

std::ostream& operator<<(std::ostream& os, const Invocation& i)
{
    return os << i.name;
}

class CliInvocation : public ::testing::TestWithParam<Invocation> {};

TEST_P(CliInvocation, ExitCodeAndMessages)
{
    const Invocation& c = GetParam();
    const TempDir out;
    const CliRun r = run_cli(expand(c.args, out.path().string()));
    ASSERT_FALSE(r.crashed) << r.err;
    EXPECT_EQ(r.exit_code, c.exit_code) << "stdout: " << r.out << "\nstderr: " << r.err;
    EXPECT_NE(r.out.find(c.out_has), std::string::npos) << r.out;
    EXPECT_NE(r.err.find(c.err_has), std::string::npos) << r.err;
    if (c.exit_code != 0) {
        // One error line, last; before it at most notes ("poolscope-cli: ...") and the
        // PNG decoder's own complaint about a damaged file.
        EXPECT_TRUE(std::regex_match(
            r.err,
            std::regex("((poolscope-cli: (?!error:)|libpng )[^\n]*\n)*poolscope-cli: error: [^\n]+\n")))
            << r.err;
        EXPECT_EQ(r.out, "");
        // Nothing, not even a temporary, is left in the output folder after a failure.
        EXPECT_TRUE(list_dir(out.path()).empty());
    }
}

const Invocation kHelp[] = {
    {"MainHelp", {"--help"}, 0, "Exit codes", ""},
    {"MainHelpListsCommands", {"--help"}, 0, "bench", ""},
    {"PoolHelp", {"pool", "--help"}, 0, "--count-include-pad", ""},
    {"PoolHelpNamesOps", {"pool", "--help"}, 0, "fractional-max", ""},
    {"ConvHelp", {"conv", "--help"}, 0, "--padding-mode", ""},
    {"TraceHelp", {"trace", "--help"}, 0, "--at", ""},
    {"ShapeHelp", {"shape", "--help"}, 0, "--input-size", ""},
    {"BenchHelp", {"bench", "--help"}, 0, "--repeat", ""},
    {"UnpoolHelp", {"unpool", "--help"}, 0, "--output-size", ""},
    {"MainHelpListsUnpool", {"--help"}, 0, "unpool", ""},
    {"Version", {"--version"}, 0, "poolscope-cli", ""},
};
INSTANTIATE_TEST_SUITE_P(Help, CliInvocation, ::testing::ValuesIn(kHelp),
                         [](const auto& info) { return info.param.name; });

const Invocation kSuccess[] = {
    {"PoolDefaultSampleSaysSo", {"pool", "--output", "{out}/o.png"}, 0, "", "embedded sample 'digit'"},
    {"ShapeOfFive", {"shape", "--input-size", "5", "--kernel-size", "2"}, 0, "\"formula_h\"", ""},
    {"NegativeDivisorIsPyTorchs",
     {"pool", "--op", "avg", "--divisor-override", "-2", "--input", "{in}/hw.npy", "--output", "{out}/o.npy"},
     0,
     "",
     ""},
    {"PaddingZeroFitsAnyOp", {"shape", "--op", "lp", "--padding", "0", "--input-size", "8"}, 0, "\"lp\"", ""},
};
INSTANTIATE_TEST_SUITE_P(Success, CliInvocation, ::testing::ValuesIn(kSuccess),
                         [](const auto& info) { return info.param.name; });

const std::string kPng = "{out}/o.png";
const Invocation kBadArgs[] = {
    {"NoCommand", {}, 2, "", "subcommand"},
    {"UnknownCommand", {"frobnicate"}, 2, "", "unknown command 'frobnicate'"},
    {"UnknownFlag", {"pool", "--frobnicate", "--output", kPng}, 2, "", "--frobnicate"},
    {"KernelZero",
     {"pool", "--kernel-size", "0", "--output", kPng},
     2,
     "",
     "--kernel-size must be at least 1"},
    {"KernelNegative", {"pool", "--kernel-size=-3", "--output", kPng}, 2, "", "--kernel-size"},
    {"KernelTwoToThe31", {"pool", "--kernel-size", "2147483648", "--output", kPng}, 2, "", "too large"},
    {"KernelHuge", {"pool", "--kernel-size", "99999999999999999999", "--output", kPng}, 2, "", "too large"},
    {"KernelNotANumber", {"pool", "--kernel-size", "3,x", "--output", kPng}, 2, "", "'3,x'"},
    {"KernelThreeParts", {"pool", "--kernel-size", "3,2,1", "--output", kPng}, 2, "", "N or H,W"},
    {"KernelOctalLooking", {"pool", "--kernel-size", "0x3", "--output", kPng}, 2, "", "--kernel-size"},
    {"StrideZero", {"pool", "--stride", "0", "--output", kPng}, 2, "", "--stride"},
    {"UnknownOp", {"pool", "--op", "median", "--output", kPng}, 2, "", "--op"},
    {"FlagTheOpIgnores",
     {"pool", "--op", "max", "--alpha", "0.3", "--output", kPng},
     2,
     "",
     "--alpha is not used"},
    {"KernelForGlobal",
     {"pool", "--op", "global-avg", "--kernel-size", "3", "--output", kPng},
     2,
     "",
     "--kernel-size is not used"},
    {"DilationForAvg", {"pool", "--op", "avg", "--dilation", "2", "--output", kPng}, 2, "", "--dilation"},
    {"IndicesForAvg",
     {"pool", "--op", "avg", "--indices", "{out}/i.npy", "--output", kPng},
     2,
     "",
     "produces no indices"},
    {"IndicesNotNpy", {"pool", "--indices", "{out}/i.png"}, 2, "", ".npy"},
    {"SameFileTwice", {"pool", "--indices", "{out}/a.npy", "--output", "{out}/a.npy"}, 2, "", "same file"},
    {"NothingToWrite", {"pool"}, 2, "", "nothing to write"},
    {"UnknownOutputFormat", {"pool", "--output", "{out}/o.jpg"}, 2, "", "format"},
    {"KernelLargerThanInput", {"pool", "--kernel-size", "40", "--output", kPng}, 2, "", ""},
    {"PaddingOverHalfKernel", {"pool", "--kernel-size", "2", "--padding", "2", "--output", kPng}, 2, "", ""},
    {"DivisorZero", {"pool", "--op", "avg", "--divisor-override", "0", "--output", kPng}, 2, "", "not zero"},
    {"CountIncludePadMaybe",
     {"pool", "--op", "avg", "--count-include-pad", "maybe", "--output", kPng},
     2,
     "",
     "--count-include-pad"},
    {"NormTypeNaN", {"pool", "--op", "lp", "--norm-type", "nan", "--output", kPng}, 2, "", "finite"},
    {"BlurSizeSix", {"pool", "--op", "blurpool", "--blur-size", "6", "--output", kPng}, 2, "", "--blur-size"},
    {"InputAndSample",
     {"pool", "--input", "{in}/hw.npy", "--sample", "digit", "--output", kPng},
     2,
     "",
     "excludes"},
    {"UnknownSample", {"pool", "--sample", "lena", "--output", kPng}, 2, "", "--sample"},
    {"GrayOnNpy", {"pool", "--input", "{in}/hw.npy", "--gray", "--output", kPng}, 2, "", "--gray"},
    {"HugeAdaptiveOutput",
     {"--max-memory-mb", "64", "pool", "--op", "adaptive-avg", "--output-size", "100000", "--output", kPng},
     2,
     "",
     "refusing to allocate"},
    {"MemoryCapZero", {"--max-memory-mb", "0", "pool", "--output", kPng}, 2, "", "--max-memory-mb"},
    {"TraceWithoutAt", {"trace"}, 2, "", "--at"},
    {"TraceOutsideOutput", {"trace", "--at", "99,0"}, 2, "", "outside"},
    {"TraceChannelOutside", {"trace", "--at", "0,0", "--channel", "1"}, 2, "", "--channel"},
    {"ShapeSizeAndInput", {"shape", "--input-size", "8", "--input", "{in}/hw.npy"}, 2, "", "excludes"},
    {"ShapeHugeCoverage",
     {"shape", "--input-size", "2000000000", "--coverage", "{out}/c.npy"},
     2,
     "",
     "refusing to allocate"},
    {"BenchShapeZero", {"bench", "--shape", "0,8,8"}, 2, "", "--shape"},
    {"BenchShapeHuge", {"bench", "--shape", "100000,100000,100000"}, 2, "", "refusing to allocate"},
    {"BenchThreadsZero", {"bench", "--shape", "1,8,8", "--threads", "0"}, 2, "", "--threads"},
    {"ConvSameWithStride", {"conv", "--padding", "same", "--stride", "2", "--output", kPng}, 2, "", ""},
    {"ConvUnknownPreset", {"conv", "--preset", "sobel-z", "--output", kPng}, 2, "", "sobel-z"},
    {"ConvSlopeWithoutLeaky", {"conv", "--negative-slope", "0.1", "--output", kPng}, 2, "", "leaky-relu"},
    {"ConvWithoutOutput", {"conv"}, 2, "", "--output"},
    {"ConvWeightsChannelMismatch",
     {"conv", "--input", "{in}/hw.npy", "--weights", "{in}/weights.npy", "--output", kPng},
     2,
     "",
     "input channel"},
    {"ConvWeightsAndPreset",
     {"conv", "--weights", "{in}/weights_hw.npy", "--preset", "box", "--output", kPng},
     2,
     "",
     "excludes"},
    {"UnpoolWithoutIndices",
     {"unpool", "--input", "{in}/pooled.npy", "--kernel-size", "2", "--output", "{out}/u.npy"},
     2,
     "",
     "--indices"},
    {"UnpoolWithoutKernel",
     {"unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/pooled_idx.npy", "--output", "{out}/u.npy"},
     2,
     "",
     "--kernel-size"},
    {"UnpoolKernelZero",
     {"unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/pooled_idx.npy", "--kernel-size", "0",
      "--output", "{out}/u.npy"},
     2,
     "",
     "--kernel-size must be at least 1"},
    {"UnpoolIndexPastThePlane",
     {"unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/outside_idx.npy", "--kernel-size", "2",
      "--output", "{out}/u.npy"},
     2,
     "",
     "invalid max index: 64 at channel 1, cell (2, 3)"},
    {"UnpoolNegativeIndex",
     {"unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/negative_idx.npy", "--kernel-size", "2",
      "--output", "{out}/u.npy"},
     2,
     "",
     "invalid max index: -1 at channel 0, cell (0, 0)"},
    {"UnpoolIndicesOfAnotherShape",
     {"unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/two_channel_idx.npy", "--kernel-size", "2",
      "--output", "{out}/u.npy"},
     2,
     "",
     "2x4x4 indices for 3x4x4 values"},
    {"UnpoolOutputSizeTooLarge",
     {"unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/pooled_idx.npy", "--kernel-size", "2",
      "--output-size", "10,8", "--output", "{out}/u.npy"},
     2,
     "",
     "output_size"},
    {"UnpoolOutputSizeTooSmallForTheIndices",
     {"unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/pooled_idx.npy", "--kernel-size", "2",
      "--output-size", "7,7", "--output", "{out}/u.npy"},
     2,
     "",
     "invalid max index"},
    {"UnpoolImageInput",
     {"unpool", "--input", "{in}/img.png", "--indices", "{in}/pooled_idx.npy", "--kernel-size", "2",
      "--output", "{out}/u.npy"},
     2,
     "",
     ".npy"},
    {"UnpoolHugeOutput",
     {"--max-memory-mb", "1", "unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/pooled_idx.npy",
      "--kernel-size", "2", "--stride", "300", "--output", "{out}/u.npy"},
     2,
     "",
     "refusing to allocate"},
    {"ConvHugeOutput",
     {"--max-memory-mb", "16", "conv", "--out-channels", "100000", "--output", kPng},
     2,
     "",
     "refusing to allocate"},
};
INSTANTIATE_TEST_SUITE_P(BadArguments, CliInvocation, ::testing::ValuesIn(kBadArgs),
                         [](const auto& info) { return info.param.name; });

const Invocation kBadFiles[] = {
    {"MissingInput", {"pool", "--input", "{in}/missing.png", "--output", kPng}, 3, "", "no such file"},
    {"InputIsFolder", {"pool", "--input", "{in}", "--output", kPng}, 3, "", "directory"},
    {"GarbagePng", {"pool", "--input", "{in}/garbage.png", "--output", kPng}, 3, "", ""},
    {"GarbageNpy", {"pool", "--input", "{in}/garbage.npy", "--output", kPng}, 3, "", ""},
    {"EmptyNpy", {"pool", "--input", "{in}/empty.npy", "--output", kPng}, 3, "", ""},
    {"GarbageWeights", {"conv", "--weights", "{in}/garbage.npy", "--output", kPng}, 3, "", ""},
    {"OutputFolderMissing", {"pool", "--output", "{out}/no/such/folder/o.png"}, 3, "", "does not exist"},
    {"IndicesFolderMissing", {"pool", "--indices", "{out}/no/i.npy"}, 3, "", "does not exist"},
    {"CoverageFolderMissing",
     {"shape", "--input-size", "8", "--coverage", "{out}/no/c.npy"},
     3,
     "",
     "does not exist"},
    {"TraceGarbageInput", {"trace", "--input", "{in}/garbage.npy", "--at", "0,0"}, 3, "", ""},
    {"UnpoolFloatIndices",
     {"unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/float_idx.npy", "--kernel-size", "2",
      "--output", "{out}/u.npy"},
     3,
     "",
     "int64"},
    {"UnpoolMissingIndices",
     {"unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/missing.npy", "--kernel-size", "2",
      "--output", "{out}/u.npy"},
     3,
     "",
     "missing.npy"},
    {"UnpoolGarbageInput",
     {"unpool", "--input", "{in}/garbage.npy", "--indices", "{in}/pooled_idx.npy", "--kernel-size", "2",
      "--output", "{out}/u.npy"},
     3,
     "",
     "garbage.npy"},
    {"UnpoolOutputFolderMissing",
     {"unpool", "--input", "{in}/pooled.npy", "--indices", "{in}/pooled_idx.npy", "--kernel-size", "2",
      "--output", "{out}/no/u.npy"},
     3,
     "",
     "does not exist"},
};
INSTANTIATE_TEST_SUITE_P(BadFiles, CliInvocation, ::testing::ValuesIn(kBadFiles),
                         [](const auto& info) { return info.param.name; });

} // namespace
} // namespace poolscope::cli_test
