#pragma once
// Shrinking an image by area averaging, cheaply. cv::resize with INTER_AREA averages exactly
// 2 x 2 blocks on a vectorised fast path; any other factor takes its general path, 10 to 40 times
// slower per source pixel (0.6 against 13 ms for an 827 x 1063 photo to 0.6 of its size). So the
// photo is halved first, and the rest (a factor under 2) goes through core/area_resize.hpp, which
// gives the general path's pixels about three times faster.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace conforme {

// The mean of each 2 x 2 block (an odd last row or column is averaged with what it has).
cv::Mat halve(const cv::Mat& image);

// `image` shrunk to `scale` of its size (0 < scale <= 1; the result is
// cvRound(size * scale)): halved by 2 x 2 means while a factor of at least 2 remains, then
// resampled by `rest_interpolation` for the rest (a factor between 1 and 2).
// requires: scale > 0.
cv::Mat shrink(const cv::Mat& image, double scale, int rest_interpolation = cv::INTER_AREA);

}  // namespace conforme
