#pragma once
// Strict parsing of the values behind the flags: decimal only, no trailing text,
// range-checked before anything is converted, so no flag can overflow an int.
// Every function throws ArgError naming the flag and the text it got.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/tensor/size2.h"

namespace poolscope::cli {

// A decimal integer in [min_value, max_value] (max defaults to 2^31 - 1).
int parse_int(std::string_view flag, std::string_view text, int min_value, int max_value = 2147483647);

// A decimal integer in [0, 2^64 - 1] (seeds).
std::uint64_t parse_u64(std::string_view flag, std::string_view text);

// A finite decimal number.
double parse_double(std::string_view flag, std::string_view text);

// "N" (both axes) or "H,W", each at least min_value.
Size2 parse_size2(std::string_view flag, std::string_view text, int min_value);

// "R" (both axes) or "RH,RW", each finite.
std::array<double, 2> parse_double2(std::string_view flag, std::string_view text);

// Exactly `count` comma-separated integers, each at least min_value.
std::vector<int> parse_int_list(std::string_view flag, std::string_view text, std::size_t count,
                                int min_value);

// Comma-separated names; empty items are an error.
std::vector<std::string> parse_name_list(std::string_view flag, std::string_view text);

} // namespace poolscope::cli
