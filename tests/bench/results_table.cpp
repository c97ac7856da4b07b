#include "tests/bench/results_table.h"

#include <algorithm>
#include <cstdio>

namespace poolscope::bench {
namespace {

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, v >= 100 ? "%.1f" : v >= 1 ? "%.2f" : "%.3f", v);
    return text;
}

std::string number(const std::optional<double>& v)
{
    return v ? number(*v) : "-";
}

} // namespace

void print_table(std::ostream& out, const std::vector<CaseResult>& results)
{
    std::size_t name_width = 4;
    for (const CaseResult& r : results)
        name_width = std::max(name_width, r.name.size());
    const auto row = [&](const std::string& name, const std::string& threads, const std::string& ours,
                         const std::string& opencv, const std::string& floor, const std::string& ours_floor,
                         const std::string& opencv_ours) {
        char line[512];
        std::snprintf(line, sizeof line, "%-*s %7s %10s %10s %10s %10s %11s\n", int(name_width), name.c_str(),
                      threads.c_str(), ours.c_str(), opencv.c_str(), floor.c_str(), ours_floor.c_str(),
                      opencv_ours.c_str());
        out << line;
    };
    row("case", "threads", "ours ms", "OpenCV ms", "floor ms", "ours/floor", "OpenCV/ours");
    for (const CaseResult& r : results) {
        const std::optional<double> opencv_over_ours =
            r.opencv_ms ? std::optional<double>(*r.opencv_ms / r.ours_ms) : std::nullopt;
        row(r.name, std::to_string(r.threads), number(r.ours_ms), number(r.opencv_ms), number(r.floor_ms),
            number(r.ours_ms / r.floor_ms), number(opencv_over_ours));
    }
}

} // namespace poolscope::bench
