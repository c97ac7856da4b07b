#pragma once
// Reads a JSON object field by field, for documents a person may have edited or
// someone may have crafted: every field is checked on its own against its type and
// its limits, a bad one keeps the value it would replace and adds one line saying
// which field, what was found and what was kept. Nothing here throws.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/spec/spec_limits.h"
#include "core/tensor/size2.h"

namespace poolscope {

using Problems = std::vector<std::string>;

class JsonFields {
public:
    // `object` must outlive this. `where` prefixes every problem ("pool" gives
    // "pool.kernel_size: ..."). A value that is not an object is one problem.
    JsonFields(const nlohmann::json& object, std::string where, Problems& problems);

    bool is_object() const { return object_ != nullptr; }
    // The field, or nullptr when absent (marks it as known).
    const nlohmann::json* find(std::string_view key);

    void integer(std::string_view key, int& out, limits::IntRange range);
    void integer(std::string_view key, long long& out, long long lo, long long hi);
    // null clears it.
    void optional_integer(std::string_view key, std::optional<int>& out, limits::IntRange range);
    // [height, width], or one integer for both as PyTorch accepts.
    void pair(std::string_view key, Size2& out, limits::IntRange range);
    // As pair(); null clears it.
    void optional_pair(std::string_view key, std::optional<Size2>& out, limits::IntRange range);
    void real(std::string_view key, double& out, limits::RealRange range);
    void real(std::string_view key, float& out, limits::RealRange range);
    void boolean(std::string_view key, bool& out);
    void seed(std::string_view key, std::uint64_t& out);
    void text(std::string_view key, std::string& out, std::size_t max_length);
    // A name read with parse (e.g. parse_pool_op); `expected` lists the accepted names.
    template <class E, class Parse>
    void name(std::string_view key, E& out, Parse parse, std::string_view expected)
    {
        const nlohmann::json* v = find(key);
        if (!v)
            return;
        if (v->is_string())
            if (auto e = parse(v->get_ref<const std::string&>())) {
                out = *e;
                return;
            }
        reject(key, *v, std::string("one of ") + std::string(expected));
    }

    // Adds "<where>.<key>: <found> is not <expected>; ignored".
    void reject(std::string_view key, const nlohmann::json& found, const std::string& expected);
    // Adds a problem for every field no call above asked for.
    void report_unknown();

    // A JSON value as a problem shows it: compact and cut short.
    static std::string shown(const nlohmann::json& v);
    // An integer or [height, width] with both in range, as pair() accepts it.
    static std::optional<Size2> as_pair(const nlohmann::json& v, limits::IntRange range);

private:
    const nlohmann::json* object_;
    std::string where_;
    Problems& problems_;
    std::set<std::string, std::less<>> known_;
};

} // namespace poolscope
