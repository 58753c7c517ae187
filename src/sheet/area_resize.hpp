#pragma once
// Area averaging as cv::resize(INTER_AREA) does it, only quicker at a factor that is not a whole
// number. There OpenCV walks a table of (source, destination, weight) entries one at a time and
// spreads each source row again for every destination row it touches: 0.37-0.6 ms to bring a
// 207 x 266 copy to 140 x 180, the largest part of the copy comparison; this takes 0.14 ms.
#include <opencv2/core.hpp>

namespace conforme::sheet_detail {

// The pixels of cv::resize(src, dst, size, 0, 0, cv::INTER_AREA), to the bit: OpenCV 4.6's
// weights (computeResizeAreaTab) and its float operations in its order, each destination pixel
// summed over the same source pixels in the same sequence. Where cv::resize takes another path
// (whole-number factors along both axes, enlarging, other pixel types), it is called.
// requires: a build without FMA contraction (the default -march=x86-64-v2 has no FMA);
// tests/sheet/area_resize_test.cpp compares the two.
cv::Mat area_resize(const cv::Mat& src, cv::Size size);

}  // namespace conforme::sheet_detail
