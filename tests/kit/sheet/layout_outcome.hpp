#pragma once
// What the sheet splitter made of a generated planche, against its truth: every copy found
// (count, and each box within 1 mm or IoU >= 0.95 of the true one), an explicit
// sheet_layout_unclear, or a wrong reading (the one outcome that must never happen). And whether
// sheet.copies_identical would see the differing copy, or pass identical copies.
#include <string>

#include "sheet/random_planche.hpp"
#include "sheet/sheet.hpp"

namespace conforme {

enum class LayoutVerdict { exact, unclear, wrong };

struct LayoutOutcome {
  LayoutVerdict verdict = LayoutVerdict::wrong;
  std::string why;              // what was wrong, or the finder's unclear message
  bool identical_ok = true;     // with an exact layout: the differing copy over the limit, others under
  double worst_box_error_mm = 0;
};

// Intersection over union of two rotated boxes.
double box_iou(const cv::RotatedRect& a, const cv::RotatedRect& b);

// Largest distance between corresponding corners of two boxes, in pixels.
double corner_distance(const cv::RotatedRect& a, const cv::RotatedRect& b);

// The finder's layout for the sample (with the sheet's dpi) judged against its truth;
// identical_limit: the largest difference the profile calls identical (fr-ants: 0.02).
LayoutOutcome judge_layout(const RandomPlanche& sample, const SheetLayout& layout, double identical_limit);

}  // namespace conforme
