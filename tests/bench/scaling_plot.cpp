#include "tests/bench/scaling_plot.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace poolscope::bench {
namespace {

constexpr int kWidth = 1200, kHeight = 760;
constexpr int kLeft = 110, kRight = 330, kTop = 70, kBottom = 90;
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

} // namespace

bool write_scaling_plot(const std::string& path, const std::vector<CaseResult>& results)
{
    std::map<std::string, std::vector<const CaseResult*>> series;
    for (const CaseResult& r : results)
        if (!r.series.empty() && r.elements > 0 && r.ours_ms > 0)
            series[r.series].push_back(&r);
    if (series.empty())
        return false;
    // The streaming floor of the same sizes, per thread count (the mean of the
    // series' floors there): what memory allows any op, so what a second thread can
    // give is read against the floor's own gain.
    std::map<int, std::map<double, std::pair<double, int>>> floors;
    double e0 = 1e300, e1 = 0, t0 = 1e300, t1 = 0;
    for (auto& [name, points] : series) {
        std::sort(points.begin(), points.end(),
                  [](const CaseResult* a, const CaseResult* b) { return a->elements < b->elements; });
        for (const CaseResult* r : points) {
            e0 = std::min(e0, r->elements), e1 = std::max(e1, r->elements);
            t0 = std::min({t0, r->ours_ms, r->floor_ms}), t1 = std::max(t1, r->ours_ms);
            auto& [sum, count] = floors[r->threads][r->elements];
            sum += r->floor_ms;
            ++count;
        }
    }
    const Axis x{std::floor(std::log2(e0)), std::ceil(std::log2(e1)), kLeft, kWidth - kRight};
    const Axis y{std::floor(std::log2(t0)), std::ceil(std::log2(t1)), kHeight - kBottom, kTop};

    cv::Mat img(kHeight, kWidth, CV_8UC3, kWhite);
    for (double p = x.lo; p <= x.hi; ++p) {
        const int px = int(std::lround(x.at(std::exp2(p))));
        cv::line(img, {px, kTop}, {px, kHeight - kBottom}, kGrid);
        text(img, millions(std::exp2(p)), {px - 16, kHeight - kBottom + 26}, 0.5);
    }
    for (double p = y.lo; p <= y.hi; ++p) {
        const int py = int(std::lround(y.at(std::exp2(p))));
        cv::line(img, {kLeft, py}, {kWidth - kRight, py}, kGrid);
        text(img, cv::format("%g", std::exp2(p)), {kLeft - 70, py + 5}, 0.5);
    }
    cv::rectangle(img, {kLeft, kTop}, {kWidth - kRight, kHeight - kBottom}, kInk);
    text(img, "Pooling time against map size (log-log)", {kLeft, 40}, 0.8, 2);
    text(img, "pixels x channels, millions", {(kLeft + kWidth - kRight) / 2 - 120, kHeight - 30}, 0.6);
    text(img, "ms", {kLeft - 70, kTop - 14}, 0.6);

    int legend = kTop + 10, colour = 0;
    for (const auto& [name, points] : series) {
        const cv::Scalar c = kColours[colour++ % std::size(kColours)];
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
        cv::line(img, {kWidth - kRight + 20, legend}, {kWidth - kRight + 50, legend}, c, 2, cv::LINE_AA);
        text(img, name, {kWidth - kRight + 58, legend + 5}, 0.5);
        legend += 26;
    }
    for (const auto& [threads, sizes] : floors) {
        const cv::Scalar c = threads == 1 ? kFloorOne : kFloorMore;
        std::vector<cv::Point2d> line;
        for (const auto& [elements, floor] : sizes)
            line.emplace_back(x.at(elements), y.at(floor.first / floor.second));
        for (std::size_t i = 1; i < line.size(); ++i)
            cv::line(img, line[i - 1], line[i], c, 1, cv::LINE_AA);
        for (const cv::Point2d& p : line)
            cv::circle(img, p, 3, c, cv::FILLED, cv::LINE_AA);
        cv::line(img, {kWidth - kRight + 20, legend}, {kWidth - kRight + 50, legend}, c, 1, cv::LINE_AA);
        text(img, cv::format("streaming floor, %d thread%s", threads, threads == 1 ? "" : "s"),
             {kWidth - kRight + 58, legend + 5}, 0.5);
        legend += 26;
    }
    dashed(img, {double(kWidth - kRight + 20), double(legend)},
           {double(kWidth - kRight + 50), double(legend)}, kInk);
    text(img, "time proportional to size", {kWidth - kRight + 58, legend + 5}, 0.5);
    return cv::imwrite(path, img);
}

} // namespace poolscope::bench
