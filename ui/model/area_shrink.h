#pragma once
// Pictures and planes made smaller by area averaging, on the calling thread.
// cv::resize would do the same through cv::parallel_for_, and while any thread is
// inside one, OpenCV runs every other thread's parallel loop serially (one flag
// for the whole process): the compute worker, which makes these, must not hold it
// while the GUI thread colours and paints.
#include <opencv2/core.hpp>

namespace poolscope::ui {

// Each 2 x 2 block's mean; an odd last row or column is averaged with itself, so
// the result is ceil(rows / 2) x ceil(cols / 2). CV_32FC1 (exact mean) or CV_8UC4
// (each channel rounded to nearest).
// `dst` is written in place when it already has that size and type (a header over
// a picture's own rows), else allocated.
void halve(const cv::Mat& src, cv::Mat& dst);
cv::Mat halve(const cv::Mat& src);

// Area averaging to any smaller size (each output value the mean of the source
// area it covers, partly covered values weighted by their share), as OpenCV's
// INTER_AREA shrinks. CV_32FC1 only.
cv::Mat areaShrink(const cv::Mat& src, cv::Size size);

} // namespace poolscope::ui
