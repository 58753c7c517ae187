// A found layout judged against a generated planche's truth (tests and the long survey run alike).
#include "sheet/layout_outcome.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <opencv2/imgproc.hpp>

namespace conforme {

double box_iou(const cv::RotatedRect& a, const cv::RotatedRect& b) {
  std::vector<cv::Point2f> overlap, hull;
  if (cv::rotatedRectangleIntersection(a, b, overlap) == cv::INTERSECT_NONE) return 0;
  cv::convexHull(overlap, hull);
  const double common = cv::contourArea(hull);
  return common / (a.size.area() + b.size.area() - common);
}

double corner_distance(const cv::RotatedRect& a, const cv::RotatedRect& b) {
  cv::Point2f pa[4], pb[4];
  a.points(pa);
  b.points(pb);
  double worst = 0;
  for (int i = 0; i < 4; ++i) worst = std::max(worst, double(cv::norm(pa[i] - pb[i])));
  return worst;
}

LayoutOutcome judge_layout(const RandomPlanche& sample, const SheetLayout& layout, double identical_limit) {
  LayoutOutcome out;
  const Planche& truth = sample.planche;
  if (!layout.unclear.empty()) {
    out.verdict = LayoutVerdict::unclear;
    out.why = layout.unclear;
    return out;
  }
  std::ostringstream why;
  if (layout.kind != InputKind::sheet || layout.copies.size() != truth.copy_boxes.size()) {
    why << "found " << layout.copies.size() << " copies (" << layout.columns << "x" << layout.rows << ") of "
        << truth.copy_boxes.size() << " (" << truth.columns << "x" << truth.rows << ")";
    out.why = why.str();
    return out;
  }
  const double px_per_mm = truth.dpi / 25.4;
  bool boxes_ok = true;
  for (std::size_t i = 0; i < truth.copy_boxes.size(); ++i) {
    const double iou = box_iou(layout.copies[i], truth.copy_boxes[i]);
    const double error_mm = corner_distance(layout.copies[i], truth.copy_boxes[i]) / px_per_mm;
    out.worst_box_error_mm = std::max(out.worst_box_error_mm, error_mm);
    if (iou < 0.95 && error_mm > 1.0) {
      if (boxes_ok) why << "copy " << i << " IoU " << iou << ", corners " << error_mm << " mm off";
      boxes_ok = false;
    }
  }
  if (!boxes_ok) {
    out.why = why.str();
    return out;
  }
  out.verdict = LayoutVerdict::exact;
  const std::vector<double> differences = differences_to_first(layout.reduced, layout.copies);
  const double worst = *std::max_element(differences.begin(), differences.end());
  if (sample.differing_cell >= 0) {
    out.identical_ok = worst > identical_limit;
    if (!out.identical_ok) out.why = "the differing copy passes as identical (difference " + std::to_string(worst) + ")";
  } else {
    out.identical_ok = worst <= identical_limit;
    if (!out.identical_ok) out.why = "identical copies differ by " + std::to_string(worst);
  }
  return out;
}

}  // namespace conforme
