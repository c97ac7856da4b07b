#pragma once
// A (height, width) pair, the shape of every 2-D hyperparameter.
namespace poolscope {

struct Size2 {
    int h = 1;
    int w = 1;
    friend bool operator==(const Size2&, const Size2&) = default;
};

inline constexpr Size2 square(int v)
{
    return {v, v};
}

} // namespace poolscope
