#pragma once
// Non-interactive exports (the dialogs in ExportController call these; tests too).
// Each returns false with a one-line *error that names the file and the OS reason,
// writes nothing partial, and replaces existing files only with Overwrite::Allow.
#include <functional>
#include <vector>

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

#include "core/tensor/tensor.h"
#include "core/tensor/tensor_view.h"
#include "ui/export/atomic_output.h"

class QPainter;

namespace poolscope::ui {

struct PipelineResult;

// A PNG of a rendered view (through QSaveFile: the old file stays until the new one is complete).
bool writeViewPng(const QImage& image, const QString& path, QString* error,
                  Overwrite overwrite = Overwrite::Refuse);

// An SVG drawing of a view: `paint` draws it at `size` (logical pixels) onto the
// generator's painter, so text stays text and lines stay lines.
bool writeViewSvg(const std::function<void(QPainter&)>& paint, QSize size, const QString& title,
                  const QString& path, QString* error, Overwrite overwrite = Overwrite::Refuse);

// channel_XX.png per channel plus montage.png into dir (created if needed).
bool writeStageMaps(const ReadOnlyTensor& maps, const QString& dir, QString* error,
                    Overwrite overwrite = Overwrite::Refuse);

// A tensor as a float32 .npy of shape (1, C, H, W), PyTorch's NCHW.
bool writeStageNpy(const ReadOnlyTensor& maps, const QString& path, QString* error,
                   Overwrite overwrite = Overwrite::Refuse);
// Pooling indices as an int64 .npy of shape (1, C, H, W).
bool writeIndicesNpy(const IndexTensor& indices, const QString& path, QString* error,
                     Overwrite overwrite = Overwrite::Refuse);

// The stages of a result under their export names: "input", "conv" (the pooling
// input, when the convolution is on) and "pooled". `maps` is null for a stage
// whose maps the result does not hold whole (past the plane budget): the exports
// compute its channels one at a time.
struct NamedStage {
    QString name;
    int channels = 0, height = 0, width = 0;
    const ReadOnlyTensor* maps = nullptr;
};
std::vector<NamedStage> exportStages(const PipelineResult& result);

// A stage's maps whole: the result's own, or assembled channel by channel.
ReadOnlyTensor stageMaps(const PipelineResult& result, const NamedStage& stage);
// PyTorch's return_indices for the result's pooling, computed now (the result
// keeps none); empty for an op without indices.
IndexTensor poolIndices(const PipelineResult& result);

// The files the two functions below write, relative to their folder (to ask before replacing).
QStringList resultMapFiles(const PipelineResult& result);
QStringList resultNpyFiles(const PipelineResult& result);

// Every stage's maps into dir/<stage>/ (see writeStageMaps). All files or none.
bool writeResultMaps(const PipelineResult& result, const QString& dir, QString* error,
                     Overwrite overwrite = Overwrite::Refuse);
// dir/<stage>.npy for every stage, plus dir/indices.npy when the pooling op has indices. All files or none.
bool writeResultNpy(const PipelineResult& result, const QString& dir, QString* error,
                    Overwrite overwrite = Overwrite::Refuse);

} // namespace poolscope::ui
