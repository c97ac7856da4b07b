#pragma once
// An enum's spellings as a table of (value, name) pairs, read both ways: the one
// lookup the pooling ops, the conventions and the shift axes share.
#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace poolscope {

template <class E, std::size_t N> using NameTable = std::array<std::pair<E, std::string_view>, N>;

// The name of `value`; nothing when the table does not have it.
template <class E, std::size_t N>
constexpr std::optional<std::string_view> name_in(const NameTable<E, N>& table, E value)
{
    const auto it = std::ranges::find(table, value, &std::pair<E, std::string_view>::first);
    return it == table.end() ? std::nullopt : std::optional(it->second);
}

// The value spelled `name`; nothing when no entry is spelled so.
template <class E, std::size_t N>
constexpr std::optional<E> value_in(const NameTable<E, N>& table, std::string_view name)
{
    const auto it = std::ranges::find(table, name, &std::pair<E, std::string_view>::second);
    return it == table.end() ? std::nullopt : std::optional(it->first);
}

} // namespace poolscope
