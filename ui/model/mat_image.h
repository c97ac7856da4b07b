#pragma once
// The one boundary between OpenCV images and Qt images. Every function here
// returns a deep copy: a QImage never points into a cv::Mat's buffer (or the
// reverse), so either side may be freed or modified without the other noticing.
#include <vector>

#include <QImage>

#include <opencv2/core.hpp>

#include "core/color/colormap.h"
#include "core/tensor/tensor.h"
#include "core/tensor/tensor_view.h"

namespace poolscope::ui {

// CV_8UC3 in RGB order (what core/colormap.h produces) -> Format_RGB888.
// CV_8UC1 is accepted too (gray replicated to RGB). Any other type, or an
// empty Mat, gives a null QImage.
QImage toQImage(const cv::Mat& rgb8);

// A CV_32F plane colour-mapped with core colorize() over a fixed range, as RGB32:
// the format QPainter draws without converting it first. On at most `threads`
// threads (thread_budget, core/tensor/threads.h).
QImage colorizedPlane(const cv::Mat& planeF32, ValueRange range, ColorMap map, int threads = 0);
QImage colorizedPlane(ConstPlaneView plane, ValueRange range, ColorMap map, int threads = 0);

// An RGB32 image halved again and again (2 x 2 means, area_shrink.h) while
// it stays at least minSide pixels wide and high: smaller pictures to draw a map
// from when it is shown small, so scaling it down on screen reads fewer pixels
// and averages them properly.
std::vector<QImage> halvings(const QImage& rgb32, int minSide = 128);

// Any QImage -> CV_8UC3 in RGB order (alpha dropped). Null image -> empty Mat.
cv::Mat toMat(const QImage& image);

// Any QImage -> a 3 x H x W tensor of RGB values in [0, 1].
Tensor toTensor(const QImage& image);

} // namespace poolscope::ui
