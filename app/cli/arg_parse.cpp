#include "app/cli/arg_parse.h"

#include <charconv>
#include <climits>
#include <cmath>
#include <limits>
#include <system_error>

#include "app/cli/cli_errors.h"

namespace poolscope::cli {
namespace {

std::string quoted(std::string_view flag, std::string_view what, std::string_view text)
{
    return std::string(flag) + ": expected " + std::string(what) + ", got '" + std::string(text) + "'";
}

std::vector<std::string_view> split_commas(std::string_view text)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        parts.push_back(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (comma == std::string_view::npos)
            return parts;
        start = comma + 1;
    }
}

// Parses the whole of text as T with from_chars; false on any leftover or overflow.
template <typename T> bool parse_all(std::string_view text, T& value, std::errc& ec)
{
    const char* end = text.data() + text.size();
    const auto r = std::from_chars(text.data(), end, value);
    ec = r.ec;
    return r.ec == std::errc() && r.ptr == end;
}

// A syntax error names `expected` and the whole value `whole` (e.g. "3,x"), a
// range error the offending number.
int parse_int_in(std::string_view flag, std::string_view text, int min_value, int max_value,
                 std::string_view expected, std::string_view whole)
{
    long long v = 0;
    std::errc ec{};
    if (!parse_all(text, v, ec)) {
        if (ec != std::errc::result_out_of_range)
            throw ArgError(quoted(flag, expected, whole));
        v = text.starts_with('-') ? std::numeric_limits<long long>::min()
                                  : std::numeric_limits<long long>::max();
    }
    if (v < min_value)
        throw ArgError(std::string(flag) + " must be at least " + std::to_string(min_value) + ", got " +
                       std::string(text));
    if (v > max_value)
        throw ArgError(std::string(flag) + ": " + std::string(text) + " is too large (at most " +
                       std::to_string(max_value) + ")");
    return int(v);
}

constexpr std::string_view kPairSyntax = "N or H,W (e.g. 3 or 3,2)";

} // namespace

int parse_int(std::string_view flag, std::string_view text, int min_value, int max_value)
{
    return parse_int_in(flag, text, min_value, max_value, "an integer", text);
}

std::uint64_t parse_u64(std::string_view flag, std::string_view text)
{
    std::uint64_t v = 0;
    std::errc ec{};
    if (!parse_all(text, v, ec)) {
        if (ec == std::errc::result_out_of_range)
            throw ArgError(std::string(flag) + ": " + std::string(text) + " is too large (at most " +
                           std::to_string(std::numeric_limits<std::uint64_t>::max()) + ")");
        throw ArgError(quoted(flag, "a non-negative integer", text));
    }
    return v;
}

double parse_double(std::string_view flag, std::string_view text)
{
    double v = 0;
    std::errc ec{};
    if (!parse_all(text, v, ec) || !std::isfinite(v))
        throw ArgError(quoted(flag, "a finite number", text));
    return v;
}

Size2 parse_size2(std::string_view flag, std::string_view text, int min_value)
{
    const auto parts = split_commas(text);
    if (parts.size() > 2)
        throw ArgError(quoted(flag, kPairSyntax, text));
    const int h = parse_int_in(flag, parts[0], min_value, INT_MAX, kPairSyntax, text);
    return {h, parts.size() == 1 ? h : parse_int_in(flag, parts[1], min_value, INT_MAX, kPairSyntax, text)};
}

std::array<double, 2> parse_double2(std::string_view flag, std::string_view text)
{
    const auto parts = split_commas(text);
    if (parts.size() == 1) {
        const double v = parse_double(flag, parts[0]);
        return {v, v};
    }
    if (parts.size() != 2)
        throw ArgError(quoted(flag, "R or RH,RW (e.g. 0.5 or 0.5,0.7)", text));
    return {parse_double(flag, parts[0]), parse_double(flag, parts[1])};
}

std::vector<int> parse_int_list(std::string_view flag, std::string_view text, std::size_t count,
                                int min_value)
{
    const std::string expected = std::to_string(count) + " comma-separated integers";
    const auto parts = split_commas(text);
    if (parts.size() != count)
        throw ArgError(quoted(flag, expected, text));
    std::vector<int> values;
    for (auto p : parts)
        values.push_back(parse_int_in(flag, p, min_value, INT_MAX, expected, text));
    return values;
}

std::vector<std::string> parse_name_list(std::string_view flag, std::string_view text)
{
    std::vector<std::string> names;
    for (auto p : split_commas(text)) {
        if (p.empty())
            throw ArgError(quoted(flag, "comma-separated names", text));
        names.emplace_back(p);
    }
    return names;
}

} // namespace poolscope::cli
