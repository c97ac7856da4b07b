#pragma once
// Sample images compiled into the binaries (PNG bytes from resources/samples).
#include <span>
#include <string_view>
#include <vector>

namespace poolscope {

struct Sample {
    std::string_view name;  // "digit", "scene", "checkerboard"
    std::string_view title; // human-readable
    std::span<const unsigned char> png;
};

const std::vector<Sample>& samples();
const Sample& default_sample(); // the digit: small enough that every number is readable

} // namespace poolscope
