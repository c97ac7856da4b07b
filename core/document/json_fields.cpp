#include "core/document/json_fields.h"

#include <cmath>
#include <limits>

namespace poolscope {

namespace {

using nlohmann::json;

// An integer JSON value in [lo, hi], or nothing (floats, strings and out-of-range
// unsigned values included: 2.0 is not accepted where an integer is meant).
std::optional<long long> integer_in(const json& v, long long lo, long long hi)
{
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > std::uint64_t(std::numeric_limits<long long>::max()))
            return std::nullopt;
        const auto s = static_cast<long long>(u);
        return s >= lo && s <= hi ? std::optional<long long>(s) : std::nullopt;
    }
    if (v.is_number_integer()) {
        const auto s = v.get<long long>();
        return s >= lo && s <= hi ? std::optional<long long>(s) : std::nullopt;
    }
    return std::nullopt;
}

} // namespace

std::optional<Size2> JsonFields::as_pair(const json& v, limits::IntRange r)
{
    if (auto one = integer_in(v, r.lo, r.hi))
        return Size2{int(*one), int(*one)};
    if (!v.is_array() || v.size() != 2)
        return std::nullopt;
    const auto h = integer_in(v[0], r.lo, r.hi), w = integer_in(v[1], r.lo, r.hi);
    if (!h || !w)
        return std::nullopt;
    return Size2{int(*h), int(*w)};
}

namespace {

std::string range_text(long long lo, long long hi)
{
    return std::to_string(lo) + ".." + std::to_string(hi);
}

std::string range_text(limits::RealRange r)
{
    json lo = r.lo, hi = r.hi;
    return lo.dump() + ".." + hi.dump();
}

} // namespace

JsonFields::JsonFields(const json& object, std::string where, Problems& problems)
    : object_(object.is_object() ? &object : nullptr), where_(std::move(where)), problems_(problems)
{
    if (!object_)
        problems_.push_back(where_ + ": " + shown(object) + " is not an object; ignored");
}

const json* JsonFields::find(std::string_view key)
{
    if (!object_)
        return nullptr;
    known_.emplace(key);
    const auto it = object_->find(key);
    return it == object_->end() ? nullptr : &*it;
}

void JsonFields::integer(std::string_view key, int& out, limits::IntRange r)
{
    if (const json* v = find(key)) {
        if (auto i = integer_in(*v, r.lo, r.hi))
            out = int(*i);
        else
            reject(key, *v, "an integer in " + range_text(r.lo, r.hi));
    }
}

void JsonFields::integer(std::string_view key, long long& out, long long lo, long long hi)
{
    if (const json* v = find(key)) {
        if (auto i = integer_in(*v, lo, hi))
            out = *i;
        else
            reject(key, *v, "an integer in " + range_text(lo, hi));
    }
}

void JsonFields::optional_integer(std::string_view key, std::optional<int>& out, limits::IntRange r)
{
    if (const json* v = find(key)) {
        if (v->is_null())
            out.reset();
        else if (auto i = integer_in(*v, r.lo, r.hi))
            out = int(*i);
        else
            reject(key, *v, "null or an integer in " + range_text(r.lo, r.hi));
    }
}

void JsonFields::pair(std::string_view key, Size2& out, limits::IntRange r)
{
    if (const json* v = find(key)) {
        if (auto p = as_pair(*v, r))
            out = *p;
        else
            reject(key, *v, "an integer or [height, width] in " + range_text(r.lo, r.hi));
    }
}

void JsonFields::optional_pair(std::string_view key, std::optional<Size2>& out, limits::IntRange r)
{
    if (const json* v = find(key)) {
        if (v->is_null())
            out.reset();
        else if (auto p = as_pair(*v, r))
            out = *p;
        else
            reject(key, *v, "null, an integer or [height, width] in " + range_text(r.lo, r.hi));
    }
}

void JsonFields::real(std::string_view key, double& out, limits::RealRange r)
{
    if (const json* v = find(key)) {
        // JSON has no NaN or infinity, so a number is finite here.
        if (v->is_number() && r.contains(v->get<double>()))
            out = v->get<double>();
        else
            reject(key, *v, "a number in " + range_text(r));
    }
}

void JsonFields::real(std::string_view key, float& out, limits::RealRange r)
{
    double d = out;
    const std::size_t before = problems_.size();
    real(key, d, r);
    if (problems_.size() == before)
        out = float(d);
}

void JsonFields::boolean(std::string_view key, bool& out)
{
    if (const json* v = find(key)) {
        if (v->is_boolean())
            out = v->get<bool>();
        else
            reject(key, *v, "true or false");
    }
}

void JsonFields::seed(std::string_view key, std::uint64_t& out)
{
    if (const json* v = find(key)) {
        if (auto s = integer_in(*v, 0, (long long)limits::kMaxSeed))
            out = std::uint64_t(*s);
        else
            reject(key, *v, "an integer in " + range_text(0, (long long)limits::kMaxSeed));
    }
}

void JsonFields::text(std::string_view key, std::string& out, std::size_t max_length)
{
    if (const json* v = find(key)) {
        if (v->is_string() && !v->get_ref<const std::string&>().empty() &&
            v->get_ref<const std::string&>().size() <= max_length &&
            v->get_ref<const std::string&>().find('\0') == std::string::npos)
            out = v->get<std::string>();
        else
            reject(key, *v, "a text of 1 to " + std::to_string(max_length) + " characters");
    }
}

void JsonFields::reject(std::string_view key, const json& found, const std::string& expected)
{
    problems_.push_back(where_ + "." + std::string(key) + ": " + shown(found) + " is not " + expected +
                        "; ignored");
}

void JsonFields::report_unknown()
{
    if (!object_)
        return;
    for (const auto& [key, value] : object_->items())
        if (!known_.contains(key))
            problems_.push_back(where_ + "." + shown(json(key)) + ": unknown field; ignored");
}

std::string JsonFields::shown(const json& v)
{
    constexpr std::size_t kMax = 40;
    // Replace invalid UTF-8 rather than throw: the text may come from anywhere.
    std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    if (s.size() > kMax)
        s = s.substr(0, kMax - 3) + "...";
    return s;
}

} // namespace poolscope
