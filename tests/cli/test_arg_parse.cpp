// The strict value parsers behind the flags: what they accept and what they refuse.
#include <gtest/gtest.h>

#include "app/cli/arg_parse.h"
#include "app/cli/cli_errors.h"

namespace poolscope::cli {
namespace {

struct Size2Case {
    std::string text;
    int min_value;
    bool ok;
    Size2 expected;
};

class ParseSize2 : public ::testing::TestWithParam<Size2Case> {};

TEST_P(ParseSize2, AcceptsOrRefuses)
{
    const Size2Case& c = GetParam();
    if (c.ok) {
        EXPECT_EQ(parse_size2("--kernel-size", c.text, c.min_value), c.expected);
    } else {
        try {
            parse_size2("--kernel-size", c.text, c.min_value);
            FAIL() << "accepted '" << c.text << "'";
        } catch (const ArgError& e) {
            EXPECT_NE(std::string(e.what()).find("--kernel-size"), std::string::npos) << e.what();
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Values, ParseSize2,
                         ::testing::Values(Size2Case{"3", 1, true, {3, 3}}, Size2Case{"3,2", 1, true, {3, 2}},
                                           Size2Case{"0", 0, true, {0, 0}},
                                           Size2Case{"2147483647", 1, true, {2147483647, 2147483647}},
                                           Size2Case{"0", 1, false, {}}, Size2Case{"-1", 0, false, {}},
                                           Size2Case{"2147483648", 1, false, {}},
                                           Size2Case{"99999999999999999999", 1, false, {}},
                                           Size2Case{"-99999999999999999999", 0, false, {}},
                                           Size2Case{"3,", 1, false, {}}, Size2Case{",3", 1, false, {}},
                                           Size2Case{"3,2,1", 1, false, {}}, Size2Case{"", 1, false, {}},
                                           Size2Case{"x", 1, false, {}}, Size2Case{"3x", 1, false, {}},
                                           Size2Case{" 3", 1, false, {}}, Size2Case{"+3", 1, false, {}},
                                           Size2Case{"0x10", 1, false, {}}, Size2Case{"1.5", 1, false, {}}));

struct DoubleCase {
    std::string text;
    bool ok;
    double expected;
};

class ParseDouble : public ::testing::TestWithParam<DoubleCase> {};

TEST_P(ParseDouble, FiniteDecimalsOnly)
{
    const DoubleCase& c = GetParam();
    if (c.ok)
        EXPECT_EQ(parse_double("--alpha", c.text), c.expected);
    else
        EXPECT_THROW(parse_double("--alpha", c.text), ArgError);
}

INSTANTIATE_TEST_SUITE_P(Values, ParseDouble,
                         ::testing::Values(DoubleCase{"0.25", true, 0.25}, DoubleCase{"-2", true, -2.0},
                                           DoubleCase{"1e-3", true, 1e-3}, DoubleCase{"nan", false, 0},
                                           DoubleCase{"inf", false, 0}, DoubleCase{"1e999", false, 0},
                                           DoubleCase{"0.5,", false, 0}, DoubleCase{"", false, 0},
                                           DoubleCase{"half", false, 0}));

struct U64Case {
    std::string text;
    bool ok;
    std::uint64_t expected;
};

class ParseU64 : public ::testing::TestWithParam<U64Case> {};

TEST_P(ParseU64, WholeRangeNoSignNoWrap)
{
    const U64Case& c = GetParam();
    if (c.ok)
        EXPECT_EQ(parse_u64("--seed", c.text), c.expected);
    else
        EXPECT_THROW(parse_u64("--seed", c.text), ArgError);
}

INSTANTIATE_TEST_SUITE_P(Values, ParseU64,
                         ::testing::Values(U64Case{"0", true, 0}, U64Case{"42", true, 42},
                                           U64Case{"18446744073709551615", true, 18446744073709551615ull},
                                           U64Case{"18446744073709551616", false, 0}, U64Case{"-1", false, 0},
                                           U64Case{"1e3", false, 0}));

struct ListCase {
    std::string text;
    std::size_t count;
    bool ok;
    std::vector<int> expected;
};

class ParseIntList : public ::testing::TestWithParam<ListCase> {};

TEST_P(ParseIntList, ExactCount)
{
    const ListCase& c = GetParam();
    if (c.ok)
        EXPECT_EQ(parse_int_list("--shape", c.text, c.count, 1), c.expected);
    else
        EXPECT_THROW(parse_int_list("--shape", c.text, c.count, 1), ArgError);
}

INSTANTIATE_TEST_SUITE_P(Values, ParseIntList,
                         ::testing::Values(ListCase{"64,512,512", 3, true, {64, 512, 512}},
                                           ListCase{"64,512", 3, false, {}},
                                           ListCase{"1,2,3,4", 3, false, {}},
                                           ListCase{"1,0,3", 3, false, {}}));

TEST(ParseInt, MessageNamesFlagAndBound)
{
    try {
        parse_int("--stride", "0", 1);
        FAIL();
    } catch (const ArgError& e) {
        EXPECT_STREQ(e.what(), "--stride must be at least 1, got 0");
    }
}

TEST(ParseNameList, RefusesEmptyItems)
{
    EXPECT_EQ(parse_name_list("--preset", "sobel-x,sobel-y"),
              (std::vector<std::string>{"sobel-x", "sobel-y"}));
    EXPECT_THROW(parse_name_list("--preset", "sobel-x,,box"), ArgError);
    EXPECT_THROW(parse_name_list("--preset", ""), ArgError);
}

} // namespace
} // namespace poolscope::cli
