#pragma once
// The exercise sheet: random small pooling problems on A4 pages for students to
// solve by hand (the grid, the layer as PyTorch code, boxes for the answer), and
// the answers, computed by the core, on the last page(s).
#include <cstdint>
#include <functional>
#include <vector>

#include <QSizeF>
#include <QString>

#include "core/exercise/exercise.h"
#include "ui/export/atomic_output.h"

class QPainter;

namespace poolscope::ui {

inline constexpr int kMinSheetProblems = 1, kMaxSheetProblems = 40, kDefaultSheetProblems = 8;

// Where the sheet is painted: a page of `size` device units, `unitsPerPoint`
// of them to a typographic point, and how to turn to the next page (the PDF
// writer's newPage(), or a fresh picture when the pages are looked at).
struct SheetCanvas {
    QPainter* painter = nullptr;
    QSizeF size;
    double unitsPerPoint = 1.0;
    std::function<void()> newPage;
};

// Paints the title (with the seed the problems came from), the problems and
// the answers; returns the number of pages.
int paintExerciseSheet(const SheetCanvas& canvas, std::uint64_t seed, const std::vector<Exercise>& problems);

// Writes the sheet as an A4 PDF (through a QSaveFile: complete or not at all).
bool writeExerciseSheet(const QString& path, std::uint64_t seed, int count, QString* error,
                        Overwrite overwrite);

} // namespace poolscope::ui
