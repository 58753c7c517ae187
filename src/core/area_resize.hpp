#pragma once
// Area averaging as cv::resize(INTER_AREA) does it, only quicker at a factor that is not a whole
// number. There OpenCV walks a table of (source, destination, weight) entries one at a time and
// spreads each source row again for every destination row it touches: 1.25 ms to bring the
// halved grey photo to print.marks' 400 px, 0.6 ms for bg.shadow's reduced copy; this takes
// 0.43 and 0.16 ms.
#include <opencv2/core.hpp>

namespace conforme {

// The pixels of cv::resize(src, dst, size, fx, fy, cv::INTER_AREA), to the bit, with the same
// meaning of size, fx and fy (an empty size: the source size times fx, fy, rounded as cv::resize
// rounds it, and the factors fx, fy themselves). OpenCV 4.6's weights (computeResizeAreaTab) and its float operations in its order: each
// destination pixel summed over the same source pixels in the same sequence. Where cv::resize
// takes another path (whole-number factors along both axes, enlarging, other pixel types), it is
// called. requires: compiled without FMA contraction (CMakeLists.txt sets -ffp-contract=off on
// area_resize.cpp); tests/unit/area_resize_test.cpp compares the two.
cv::Mat area_resize(const cv::Mat& src, cv::Size size, double fx = 0, double fy = 0);

}  // namespace conforme
