// Saved sessions: what is written reads back equal, and a damaged, foreign or
// hostile document changes only its valid fields, names every other one and
// never throws anything but InputError for a file that is not a session at all.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/document/session_file.h"
#include "core/document/spec_json.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

std::string joined(const Problems& p)
{
    std::string s;
    for (const auto& line : p)
        s += line + "\n";
    return s;
}

// ---------------------------------------------------------------- round trips

SessionFile varied()
{
    SessionFile s;
    s.file = "photos/猫 cat.jpg";
    s.conv_enabled = false;
    s.conv.out_channels = 7;
    s.conv.kernel = {5, 3};
    s.conv.stride = {2, 1};
    s.conv.padding_same = true;
    s.conv.dilation = {2, 2};
    s.conv.padding_mode = PaddingMode::Circular;
    s.conv.presets = {KernelPreset::Random, KernelPreset::Emboss};
    s.conv.seed = 2147483647;
    s.conv.bias = -0.25f;
    s.conv.activation = Activation::LeakyReLU;
    s.conv.negative_slope = 0.2f;
    s.pool.op = PoolOp::FractionalMax;
    s.pool.kernel = {3, 2};
    s.pool.stride = Size2{1, 4};
    s.pool.padding = {1, 0};
    s.pool.dilation = {1, 3};
    s.pool.ceil_mode = true;
    s.pool.count_include_pad = false;
    s.pool.divisor_override = -3;
    s.pool.norm_type = 0.1;
    s.pool.alpha = 0.3;
    s.pool.seed = 99;
    s.pool.train = true;
    s.pool.output_size = Size2{5, 6};
    s.pool.output_ratio = std::array<double, 2>{0.25, 0.75};
    s.pool.fractional_samples = {{0.0, 0.999999}, {0.5, 0.125}};
    s.pool.blur_size = 5;
    s.channel = 6;
    s.step = 123456;
    s.speed = 0.5;
    s.region = CellRect{40, 300, 20, 60};
    s.lab = "coverage";
    return s;
}

TEST(SessionFile, DefaultsReadBackEqualWithoutProblems)
{
    const SessionFile s;
    Problems problems;
    const SessionFile back = read_session(write_session(s), SessionFile{}, problems);
    EXPECT_TRUE(problems.empty()) << joined(problems);
    EXPECT_TRUE(back.pool == s.pool);
    EXPECT_TRUE(back.conv == s.conv);
}

TEST(SessionFile, EveryFieldReadsBackEqual)
{
    const SessionFile s = varied();
    Problems problems;
    const SessionFile back = read_session(write_session(s), SessionFile{}, problems);
    EXPECT_TRUE(problems.empty()) << joined(problems);
    EXPECT_TRUE(back.pool == s.pool);
    EXPECT_TRUE(back.conv == s.conv);
    EXPECT_EQ(back.file, s.file);
    EXPECT_EQ(back.sample, "");
    EXPECT_EQ(back.conv_enabled, false);
    EXPECT_EQ(back.channel, 6);
    EXPECT_EQ(back.step, 123456);
    EXPECT_EQ(back.speed, 0.5);
    EXPECT_EQ(back.region, (CellRect{40, 300, 20, 60}));
    EXPECT_EQ(back.lab, "coverage");
}

TEST(SessionFile, NoRegionIsWrittenAsNone)
{
    Problems problems;
    const SessionFile back = read_session(write_session(SessionFile{}), SessionFile{}, problems);
    EXPECT_FALSE(back.region.has_value());
    EXPECT_EQ(write_session(SessionFile{}).find("region"), std::string::npos);
}

TEST(SessionFile, EveryPoolOpAndPresetRoundTrips)
{
    for (PoolOp op : kAllPoolOps) {
        PoolSpec p;
        p.op = op;
        Problems problems;
        PoolSpec back;
        back.op = op == PoolOp::Max ? PoolOp::Avg : PoolOp::Max;
        read_pool_spec(nlohmann::json::parse(pool_spec_json(p).dump()), back, problems);
        EXPECT_EQ(back.op, op);
        EXPECT_TRUE(problems.empty()) << joined(problems);
    }
}

TEST(SessionFile, PyTorchStyleSingleIntegersMeanBothAxes)
{
    Problems problems;
    const SessionFile s = read_session(
        R"({"format": "poolscope-session", "version": 1,
            "pool": {"kernel_size": 3, "stride": 2, "padding": 1, "output_ratio": 0.5},
            "conv": {"padding": 2}})",
        SessionFile{}, problems);
    EXPECT_TRUE(problems.empty()) << joined(problems);
    EXPECT_EQ(s.pool.kernel, (Size2{3, 3}));
    EXPECT_EQ(s.pool.stride, (Size2{2, 2}));
    EXPECT_EQ(s.pool.padding, (Size2{1, 1}));
    EXPECT_EQ(s.pool.output_ratio, (std::array<double, 2>{0.5, 0.5}));
    EXPECT_EQ(s.conv.padding, (Size2{2, 2}));
}

// ---------------------------------------------------------------- not a session

struct NotASession {
    std::string name;
    std::string text;
    std::string says;
};

class RefusesNotASession : public testing::TestWithParam<NotASession> {};

TEST_P(RefusesNotASession, WithOneLine)
{
    Problems problems;
    try {
        read_session(GetParam().text, SessionFile{}, problems);
        FAIL() << "accepted";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(GetParam().says), std::string::npos) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Session, RefusesNotASession,
    testing::Values(
        NotASession{"Empty", "", "invalid JSON at byte"},
        NotASession{"Truncated", R"({"format": "poolscope-session", "pool": {"op": )",
                    "invalid JSON at byte"},
        NotASession{"Png", "\x89PNG\r\n\x1a\n", "invalid JSON"},
        NotASession{"Array", "[1, 2, 3]", "not a PoolScope session"},
        NotASession{"Number", "42", "not a PoolScope session"},
        NotASession{"OtherFormat", R"({"format": "notebook", "version": 1})", "not a PoolScope session"},
        NotASession{"FormatNotAString", R"({"format": 1})", "not a PoolScope session"},
        NotASession{"NoFormat", R"({"version": 1, "pool": {}})", "not a PoolScope session"},
        NotASession{"NumberOverflow", R"({"format": "poolscope-session", "version": 1e999})", "invalid JSON"},
        NotASession{"InvalidUtf8", "{\"format\": \"poolscope-session\", \"x\": \"\xff\xfe\"}",
                    "invalid JSON"},
        NotASession{"DeepNesting",
                    R"({"format": "poolscope-session", "pool": )" + std::string(100000, '[') +
                        std::string(100000, ']') + "}",
                    "nested deeper than 32 levels"},
        NotASession{"TooLarge", std::string(SessionFile::kMaxBytes + 1, ' '), "at most 1048576 bytes"}),
    [](const testing::TestParamInfo<NotASession>& i) { return i.param.name; });

// ---------------------------------------------------------------- field by field

struct BadField {
    std::string name;
    std::string fields; // inside the top-level object, after format and version
    std::vector<std::string> says;
};

class KeepsDefaultsFieldByField : public testing::TestWithParam<BadField> {};

// Every bad field below leaves the whole session at its defaults, except the one
// valid field (pool.alpha = 0.25) each document carries to show reading went on.
TEST_P(KeepsDefaultsFieldByField, AndSaysWhich)
{
    const std::string text = R"({"format": "poolscope-session", "version": 1, )" + GetParam().fields +
                             R"(, "pool": {"alpha": 0.25}})";
    Problems problems;
    SessionFile defaults;
    defaults.sample = "digit";
    const SessionFile s = read_session(text, defaults, problems);
    PoolSpec expected;
    expected.alpha = 0.25;
    EXPECT_TRUE(s.pool == expected);
    EXPECT_TRUE(s.conv == ConvSpec{});
    EXPECT_EQ(s.sample, "digit");
    EXPECT_EQ(s.file, "");
    EXPECT_EQ(s.conv_enabled, true);
    EXPECT_EQ(s.channel, 0);
    EXPECT_EQ(s.step, 0);
    EXPECT_EQ(s.speed, 4.0);
    EXPECT_FALSE(s.region.has_value());
    EXPECT_EQ(s.lab, "none");
    ASSERT_EQ(problems.size(), GetParam().says.size()) << joined(problems);
    for (std::size_t i = 0; i < problems.size(); ++i)
        EXPECT_NE(problems[i].find(GetParam().says[i]), std::string::npos) << problems[i];
}

INSTANTIATE_TEST_SUITE_P(
    Session, KeepsDefaultsFieldByField,
    testing::Values(
        BadField{"UnknownTopLevelField", R"("colour": "red")", {"session.\"colour\": unknown field"}},
        BadField{"ConvEnabledNotBool",
                 R"("conv_enabled": "yes")",
                 {"session.conv_enabled: \"yes\" is not true or false"}},
        BadField{"InputBoth",
                 R"("input": {"sample": "", "file": 3})",
                 {"input.sample: \"\" is not a text of 1 to 64", "input.file: 3 is not a text"}},
        BadField{"InputNotObject", R"("input": "digit.png")", {"input: \"digit.png\" is not an object"}},
        BadField{"InputPathWithNul", R"("input": {"file": "a\u0000b.png"})", {"input.file: "}},
        BadField{"ConvKernelZero",
                 R"("conv": {"kernel_size": 0})",
                 {"conv.kernel_size: 0 is not an integer or [height, width] in 1..9"}},
        BadField{"ConvNegativeChannels",
                 R"("conv": {"out_channels": -1})",
                 {"conv.out_channels: -1 is not an integer in 1..16"}},
        BadField{
            "ConvHugeChannels", R"("conv": {"out_channels": 2147483648})", {"conv.out_channels: 2147483648"}},
        BadField{"ConvFloatChannels", R"("conv": {"out_channels": 2.0})", {"conv.out_channels: 2.0"}},
        BadField{"ConvUnsignedOverflow",
                 R"("conv": {"seed": 18446744073709551615})",
                 {"conv.seed: 18446744073709551615 is not an integer in 0..2147483647"}},
        BadField{
            "ConvPresetsEmpty", R"("conv": {"presets": []})", {"conv.presets: [] is not a list of 1 to 16"}},
        BadField{"ConvPresetUnknown", R"("conv": {"presets": ["sobel-x", "sobel-z"]})", {"conv.presets: "}},
        BadField{"ConvPaddingWord",
                 R"("conv": {"padding": "valid"})",
                 {"conv.padding: \"valid\" is not \"same\""}},
        BadField{"ConvMode",
                 R"("conv": {"padding_mode": "mirror"})",
                 {"conv.padding_mode: \"mirror\" is not one of zeros"}},
        BadField{"ConvBiasOutOfRange",
                 R"("conv": {"bias": 1e300})",
                 {"conv.bias: 1e+300 is not a number in -10.0..10.0"}},
        BadField{"ConvNotObject", R"("conv": [1, 2])", {"conv: [1,2] is not an object"}},
        BadField{"ViewFields",
                 R"("view": {"channel": -1, "step": -5, "speed": 0, "zoom": 3})",
                 {"view.channel: -1", "view.step: -5", "view.speed: 0 is not a number in 0.5..5000.0",
                  "view.\"zoom\": unknown field"}},
        BadField{"RegionPartly",
                 R"("view": {"region": {"x": 3, "y": -1, "width": 0, "height": 4}})",
                 {"view.region.y: -1", "view.region.width: 0"}},
        BadField{"LabUnknown",
                 R"("view": {"lab": "heatmap"})",
                 {"view.lab: \"heatmap\" is not one of none, coverage"}},
        BadField{"RegionIncomplete", R"("view": {"region": {"x": 3, "y": 1}})", {"view.region: needs x, y"}},
        BadField{"RegionNotObject", R"("view": {"region": [1, 2, 3, 4]})", {"view.region: [1,2,3,4] is not"}},
        BadField{"LongUnknownKey",
                 R"("view": {")" + std::string(5000, 'k') + R"(": 1})",
                 {"view.\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...: unknown field"}}),
    [](const testing::TestParamInfo<BadField>& i) { return i.param.name; });

struct BadPoolField {
    std::string name;
    std::string pool; // fields of "pool"
    std::string says;
};

class PoolFieldsAreCheckedOneByOne : public testing::TestWithParam<BadPoolField> {};

// The bad field is ignored and the valid alpha next to it still read.
TEST_P(PoolFieldsAreCheckedOneByOne, AndTheRestIsRead)
{
    PoolSpec spec;
    Problems problems;
    read_pool_spec(nlohmann::json::parse("{" + GetParam().pool + R"(, "alpha": 0.75})"), spec, problems);
    PoolSpec expected;
    expected.alpha = 0.75;
    EXPECT_TRUE(spec == expected);
    ASSERT_EQ(problems.size(), 1u) << joined(problems);
    EXPECT_NE(problems[0].find(GetParam().says), std::string::npos) << problems[0];
}

INSTANTIATE_TEST_SUITE_P(
    Session, PoolFieldsAreCheckedOneByOne,
    testing::Values(
        BadPoolField{"OpUnknown", R"("op": "maximum")", "pool.op: \"maximum\" is not one of max, avg, min"},
        BadPoolField{"OpNumber", R"("op": 0)", "pool.op: 0 is not one of"},
        BadPoolField{"KernelZero", R"("kernel_size": [0, 2])", "pool.kernel_size: [0,2] is not"},
        BadPoolField{"KernelThree", R"("kernel_size": [2, 2, 2])", "pool.kernel_size: [2,2,2]"},
        BadPoolField{"KernelTooLarge", R"("kernel_size": 100)", "in 1..99"},
        BadPoolField{"KernelString", R"("kernel_size": "2,2")", "pool.kernel_size: \"2,2\""},
        BadPoolField{"StrideZero", R"("stride": 0)", "pool.stride: 0 is not null, an integer"},
        BadPoolField{"PaddingNegative", R"("padding": -1)", "pool.padding: -1"},
        BadPoolField{"DilationHuge", R"("dilation": 9223372036854775807)",
                     "pool.dilation: 9223372036854775807"},
        BadPoolField{"CeilNumber", R"("ceil_mode": 1)", "pool.ceil_mode: 1 is not true or false"},
        BadPoolField{"DivisorHuge", R"("divisor_override": 100000)", "pool.divisor_override: 100000"},
        BadPoolField{"NormTypeZero", R"("norm_type": 0)", "pool.norm_type: 0 is not a number in 0.1..64.0"},
        BadPoolField{"SeedNegative", R"("seed": -1)", "pool.seed: -1"},
        BadPoolField{"OutputSizeObject", R"("output_size": {"h": 2})", "pool.output_size: {\"h\":2}"},
        BadPoolField{"RatioOne", R"("output_ratio": [0.5, 1.0])", "pool.output_ratio: [0.5,1.0]"},
        BadPoolField{"SampleOne", R"("fractional_samples": [[0.5, 1.0]])", "pool.fractional_samples: "},
        BadPoolField{"SampleShape", R"("fractional_samples": [0.5, 0.5])", "pool.fractional_samples: "},
        BadPoolField{"BlurSize", R"("blur_size": 6)", "pool.blur_size: 6 is not an integer in 2..5"},
        BadPoolField{"Unknown", R"("kernel": 3)", "pool.\"kernel\": unknown field"}),
    [](const testing::TestParamInfo<BadPoolField>& i) { return i.param.name; });

TEST(SessionFile, ANewerVersionIsReadWithANote)
{
    Problems problems;
    const SessionFile s =
        read_session(R"({"format": "poolscope-session", "version": 7, "pool": {"op": "avg"}, "layers": []})",
                     SessionFile{}, problems);
    EXPECT_EQ(s.pool.op, PoolOp::Avg);
    ASSERT_EQ(problems.size(), 2u) << joined(problems);
    EXPECT_NE(problems[0].find("newer PoolScope (version 7)"), std::string::npos) << problems[0];
    EXPECT_NE(problems[1].find("session.\"layers\": unknown field"), std::string::npos) << problems[1];
}

TEST(SessionFile, AMissingOrBadVersionIsNamed)
{
    for (const char* version : {"", R"("version": "1",)", R"("version": 0,)"}) {
        Problems problems;
        read_session(std::string(R"({"format": "poolscope-session", )") + version + R"( "view": {}})",
                     SessionFile{}, problems);
        ASSERT_EQ(problems.size(), 1u) << version << "\n" << joined(problems);
        EXPECT_NE(problems[0].find("session.version"), std::string::npos) << problems[0];
    }
}

} // namespace
} // namespace poolscope
