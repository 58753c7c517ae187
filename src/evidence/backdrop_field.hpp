#pragma once
// The backdrop as a smooth field, for the evidence that follows the sitter's outline against it
// (evidence/head_top: the top of the head; evidence/head_sides: its sides). L*, a* and b* are
// each a quadratic in the position, fitted to backdrop pixels, then fitted again without those
// far from the first fit (a flag, a bookcase, a lamp): a backdrop that darkens towards the top or
// the corners, as studio backdrops and old prints do, is predicted beside and above the head,
// where it is not sampled.
#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "face/image_stats.hpp"

namespace conforme {

struct BackdropField {
  cv::Mat coef;    // 6 x 3, CV_32F; empty when too few backdrop pixels were seen
  double off = 0;  // share of the backdrop pixels seen that stand out of the fitted field
  double cx = 0, cy = 0, unit = 1;  // positions are taken as ((x - cx) / unit, (y - cy) / unit)
  void terms(double x, double y, float* t) const {
    const float u = static_cast<float>((x - cx) / unit), v = static_cast<float>((y - cy) / unit);
    t[0] = 1, t[1] = u, t[2] = v, t[3] = u * u, t[4] = u * v, t[5] = v * v;
  }
  // The backdrop's colour predicted at (x, y). requires: !coef.empty().
  LabColour at(double x, double y) const;
};

// Fitted to the pixels of `lab` (32-bit CIELAB) where `mask` is set, in the rows both hold
// (evenly spaced, 2,000 at most), positions taken about (cx, cy) in units of `unit` pixels.
// `off` counts the pixels at least `stands_out` (CIELAB Delta E 1976) from the second fit.
BackdropField fit_backdrop(const cv::Mat& lab, const cv::Mat& mask, double cx, double cy, double unit,
                           double stands_out);

// The channel medians of `row`'s pixels in [from, to) (false when fewer than 2); `scratch` is
// reused between calls.
bool row_median(const cv::Vec3f* row, int from, int to, LabColour& out, std::array<std::vector<float>, 3>& scratch);

}  // namespace conforme
