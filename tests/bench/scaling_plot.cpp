#include "tests/bench/scaling_plot.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "tests/bench/scaling_series.h"

namespace poolscope::bench {
namespace {

// One plot area per panel (warm, cold) side by side, the legend to their right.
constexpr int kHeight = 760, kTop = 90, kBottom = 90, kPanelLeft = 100, kPanelWidth = 560, kPanelGap = 110,
              kLegendWidth = 330;
const cv::Scalar kInk(40, 40, 40), kGrid(225, 225, 225), kWhite(255, 255, 255);
// Colour-blind-safe (Okabe-Ito), as BGR.
const cv::Scalar kColours[] = {{178, 114, 0},   {0, 159, 230},  {115, 158, 0},
                               {167, 121, 204}, {66, 228, 240}, {0, 94, 213}};
const cv::Scalar kFloorOne(160, 160, 160), kFloorMore(90, 90, 90);

struct Axis {
    double lo, hi; // log2 of the values at the ends
    int from, to;  // pixels
    double at(double v) const { return from + (std::log2(v) - lo) / (hi - lo) * (to - from); }
};

void text(cv::Mat& img, const std::string& s, cv::Point p, double scale = 0.6, int thickness = 1,
          const cv::Scalar& colour = kInk)
{
    cv::putText(img, s, p, cv::FONT_HERSHEY_SIMPLEX, scale, colour, thickness, cv::LINE_AA);
}

// Millions with three significant digits: the ticks are powers of two.
std::string millions(double v)
{
    return cv::format("%.3g", v / 1e6);
}

void dashed(cv::Mat& img, cv::Point2d a, cv::Point2d b, const cv::Scalar& colour)
{
    const double length = cv::norm(b - a);
    for (double t = 0; t < length; t += 12) {
        const cv::Point2d p = a + (b - a) * (t / length),
                          q = a + (b - a) * (std::min(t + 6, length) / length);
        cv::line(img, p, q, colour, 1, cv::LINE_AA);
    }
}

// Per thread count, per size: the sum and count of the series' floors there.
using Floors = std::map<int, std::map<double, std::pair<double, int>>>;

struct Panel {
    std::string title;
    std::vector<const ScalingSeries*> series;
    Floors floors;
};

const cv::Scalar& floor_colour(int threads)
{
    return threads == 1 ? kFloorOne : kFloorMore;
}

void draw_panel(cv::Mat& img, const Panel& panel, int left, Axis x, Axis y,
                const std::map<std::string, cv::Scalar>& colours)
{
    x.from = left, x.to = left + kPanelWidth;
    for (double p = x.lo; p <= x.hi; ++p) {
        const int px = int(std::lround(x.at(std::exp2(p))));
        cv::line(img, {px, kTop}, {px, kHeight - kBottom}, kGrid);
        text(img, millions(std::exp2(p)), {px - 16, kHeight - kBottom + 26}, 0.5);
    }
    for (double p = y.lo; p <= y.hi; ++p) {
        const int py = int(std::lround(y.at(std::exp2(p))));
        cv::line(img, {x.from, py}, {x.to, py}, kGrid);
        text(img, cv::format("%g", std::exp2(p)), {x.from - 62, py + 5}, 0.5);
    }
    cv::rectangle(img, {x.from, kTop}, {x.to, kHeight - kBottom}, kInk);
    text(img, panel.title, {x.from, kTop - 14}, 0.6, 1);
    text(img, "ms", {x.from - 62, kTop - 14}, 0.6);
    text(img, "pixels x channels, millions", {x.from + kPanelWidth / 2 - 120, kHeight - 40}, 0.6);

    for (const ScalingSeries* s : panel.series) {
        const std::vector<const CaseResult*>& points = s->points;
        const cv::Scalar& c = colours.at(s->name);
        std::vector<cv::Point2d> line;
        for (const CaseResult* r : points)
            line.emplace_back(x.at(r->elements), y.at(r->ours_ms));
        for (std::size_t i = 1; i < line.size(); ++i)
            cv::line(img, line[i - 1], line[i], c, 2, cv::LINE_AA);
        for (const cv::Point2d& p : line)
            cv::circle(img, p, 4, c, cv::FILLED, cv::LINE_AA);
        // Proportional to size from the first point: where a linear cost would be.
        const CaseResult& first = *points.front();
        const double last_e = points.back()->elements;
        dashed(img, line.front(), {x.at(last_e), y.at(first.ours_ms * last_e / first.elements)}, c);
    }
    for (const auto& [threads, sizes] : panel.floors) {
        std::vector<cv::Point2d> line;
        for (const auto& [elements, floor] : sizes)
            line.emplace_back(x.at(elements), y.at(floor.first / floor.second));
        for (std::size_t i = 1; i < line.size(); ++i)
            cv::line(img, line[i - 1], line[i], floor_colour(threads), 1, cv::LINE_AA);
        for (const cv::Point2d& p : line)
            cv::circle(img, p, 3, floor_colour(threads), cv::FILLED, cv::LINE_AA);
    }
}

} // namespace

bool write_scaling_plot(const std::string& path, const std::vector<CaseResult>& results)
{
    const std::vector<ScalingSeries> lines = scaling_series(results);
    if (lines.empty())
        return false;
    // Warm left, cold right: from what a repeated call sees to what a call on maps
    // fresh from memory sees.
    std::vector<Panel> panels(2);
    panels[0].title = "Warm: the same buffers again";
    panels[1].title = "Cold: every call reads from memory";
    for (const ScalingSeries& s : lines)
        panels[s.cold].series.push_back(&s);
    std::erase_if(panels, [](const Panel& p) { return p.series.empty(); });

    // The streaming floor of the same sizes, per thread count (the mean of the
    // series' floors there): what memory allows any op, so what a second thread can
    // give is read against the floor's own gain. One scale for both panels, so the
    // step from warm to cold is seen as a shift.
    double e0 = 1e300, e1 = 0, t0 = 1e300, t1 = 0;
    std::map<std::string, cv::Scalar> colours;
    std::set<int> thread_counts;
    for (Panel& panel : panels)
        for (const ScalingSeries* s : panel.series) {
            colours.emplace(s->name, cv::Scalar());
            for (const CaseResult* r : s->points) {
                e0 = std::min(e0, r->elements), e1 = std::max(e1, r->elements);
                t0 = std::min({t0, r->ours_ms, r->floor_ms}), t1 = std::max(t1, r->ours_ms);
                auto& [sum, count] = panel.floors[r->threads][r->elements];
                sum += r->floor_ms;
                ++count;
                thread_counts.insert(r->threads);
            }
        }
    int colour = 0;
    for (auto& [name, c] : colours)
        c = kColours[colour++ % std::size(kColours)];

    const Axis x{std::floor(std::log2(e0)), std::ceil(std::log2(e1)), 0, 0};
    const Axis y{std::floor(std::log2(t0)), std::ceil(std::log2(t1)), kHeight - kBottom, kTop};
    const int panels_width = int(panels.size()) * kPanelWidth + int(panels.size() - 1) * kPanelGap;
    const int legend_left = kPanelLeft + panels_width + 30;
    cv::Mat img(kHeight, legend_left + kLegendWidth, CV_8UC3, kWhite);
    text(img, "Pooling time against map size (log-log)", {kPanelLeft, 42}, 0.8, 2);
    for (std::size_t i = 0; i < panels.size(); ++i)
        draw_panel(img, panels[i], kPanelLeft + int(i) * (kPanelWidth + kPanelGap), x, y, colours);

    int legend = kTop + 10;
    for (const auto& [name, c] : colours) {
        cv::line(img, {legend_left, legend}, {legend_left + 30, legend}, c, 2, cv::LINE_AA);
        text(img, name, {legend_left + 38, legend + 5}, 0.5);
        legend += 26;
    }
    for (int threads : thread_counts) {
        cv::line(img, {legend_left, legend}, {legend_left + 30, legend}, floor_colour(threads), 1,
                 cv::LINE_AA);
        text(img, cv::format("streaming floor, %d thread%s", threads, threads == 1 ? "" : "s"),
             {legend_left + 38, legend + 5}, 0.5);
        legend += 26;
    }
    dashed(img, {double(legend_left), double(legend)}, {double(legend_left + 30), double(legend)}, kInk);
    text(img, "time proportional to size", {legend_left + 38, legend + 5}, 0.5);
    return cv::imwrite(path, img);
}

} // namespace poolscope::bench
