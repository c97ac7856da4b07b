#pragma once
// A rectangle of map cells: rows [y, y + h), columns [x, x + w). The region of
// interest is one on the pool input, and the output cells it animates another.
namespace poolscope {

struct CellRect {
    int y = 0, x = 0, h = 0, w = 0;

    bool empty() const { return h <= 0 || w <= 0; }
    long long count() const { return empty() ? 0 : (long long)h * w; }
    bool contains(int cy, int cx) const { return cy >= y && cy < y + h && cx >= x && cx < x + w; }
    bool operator==(const CellRect&) const = default;
};

} // namespace poolscope
