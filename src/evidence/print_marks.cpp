#include "evidence/print_marks.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/shrink.hpp"

namespace conforme {
namespace {

constexpr double work_long_side_px = 400.0;
constexpr int ridge_contrast = 12;            // grey levels above or below the surroundings
constexpr double fold_min_length = 0.40;      // of the photo's smaller side
constexpr double border_band = 0.03;          // of the photo's size: a scan's edge, not a fold
// A scanned print's own edges: its white margin and the scanner's background around it lie in
// the outer 2.3-8.2 % of the photo (Biographical Directory prints, EVALUATION.md §19), within
// 3 degrees of the sides.
constexpr double print_edge_band = 0.10;      // of the photo's size across the line
constexpr double print_edge_degrees = 4.0;    // from the parallel side
constexpr double thin_samples_needed = 0.5;   // share of points along a fold that look thin

// Thin light and dark structures, up to about 2 px wide at the working scale.
cv::Mat ridges(const cv::Mat& gray) {
  const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(5, 5));
  cv::Mat top, black;
  cv::morphologyEx(gray, top, cv::MORPH_TOPHAT, kernel);
  cv::morphologyEx(gray, black, cv::MORPH_BLACKHAT, kernel);
  return cv::max(top, black);
}

bool along_border(const cv::Vec4i& l, cv::Size size) {
  const double bx = border_band * size.width, by = border_band * size.height;
  const bool left = l[0] < bx && l[2] < bx, right = l[0] > size.width - bx && l[2] > size.width - bx;
  const bool top = l[1] < by && l[3] < by, bottom = l[1] > size.height - by && l[3] > size.height - by;
  return left || right || top || bottom;
}

// The print's margin, the edge of its picture or the scanner's background: a line parallel to a
// side of the photo (within a few degrees) and lying near it. The white margin between the dark
// scanner background and the picture is a thin light ridge with dark on both sides, which the
// thinness test below takes for a fold; a fold of the print crosses the picture instead.
bool print_marks_print_edge(const cv::Vec4i& l, cv::Size size) {
  const double degrees = std::atan2(std::abs(l[3] - l[1]), std::abs(l[2] - l[0])) * 180.0 / CV_PI;
  if (degrees <= print_edge_degrees) {  // along the top or the bottom
    const double band = print_edge_band * size.height;
    return (l[1] < band && l[3] < band) || (l[1] > size.height - band && l[3] > size.height - band);
  }
  if (degrees >= 90.0 - print_edge_degrees) {  // along the left or the right side
    const double band = print_edge_band * size.width;
    return (l[0] < band && l[2] < band) || (l[0] > size.width - band && l[2] > size.width - band);
  }
  return false;
}

// A fold crosses the print from edge to edge and has the same surface on both sides, unlike the
// outline of the sitter against the backdrop, a collar or a strand of hair: the whole line through
// the segment, edge to edge, must be a thin ridge along most of its length.
bool fold_across(const cv::Vec4i& l, const cv::Mat& gray, const cv::Mat& ridge) {
  const cv::Point2f a(l[0], l[1]), b(l[2], l[3]);
  const float length = static_cast<float>(cv::norm(b - a));
  if (length < 1) return false;
  const cv::Point2f along = (b - a) / length, normal(-along.y, along.x);
  const float span = static_cast<float>(std::hypot(gray.cols, gray.rows));
  const cv::Rect inside(0, 0, gray.cols, gray.rows);
  int thin = 0, samples = 0;
  for (float t = -span; t <= span; t += 2.0f) {
    const cv::Point2f p = a + along * t;
    const cv::Point c(cvRound(p.x), cvRound(p.y)), s1(cvRound(p.x + 3 * normal.x), cvRound(p.y + 3 * normal.y)),
        s2(cvRound(p.x - 3 * normal.x), cvRound(p.y - 3 * normal.y));
    if (!inside.contains(c) || !inside.contains(s1) || !inside.contains(s2)) continue;
    ++samples;
    // The ridge may sit a pixel off the fitted line.
    int r = 0;
    for (int k = -1; k <= 1; ++k) {
      const cv::Point q(cvRound(p.x + k * normal.x), cvRound(p.y + k * normal.y));
      if (inside.contains(q)) r = std::max(r, int(ridge.at<uchar>(q)));
    }
    // Thin: the same tone on both sides, and no ridge beside it (dense texture, a knit or
    // embroidery, has ridges everywhere, along any line drawn through it).
    const int beside = std::max(ridge.at<uchar>(s1), ridge.at<uchar>(s2));
    if (r >= ridge_contrast && std::abs(gray.at<uchar>(s1) - gray.at<uchar>(s2)) < r && 2 * beside < r) ++thin;
  }
  return samples > 0 && thin >= thin_samples_needed * samples;
}

}  // namespace

PrintMarks find_print_marks(const FaceContext& ctx) {
  const Face& f = *ctx.face;
  const double s = std::min(1.0, work_long_side_px / std::max(ctx.width(), ctx.height()));
  cv::Mat gray = shrink(ctx.gray, s), mask;
  const cv::Mat ridge = ridges(gray);
  cv::Mat strong = ridge >= ridge_contrast;

  // Lines are sought at half the working scale (a quarter of the points to vote), then checked
  // at the working scale.
  const cv::Mat coarse = halve(strong) >= 128;
  const int min_length = cvRound(fold_min_length * std::min(coarse.cols, coarse.rows));
  std::vector<cv::Vec4i> lines;
  cv::HoughLinesP(coarse, lines, 1, CV_PI / 180, min_length / 2, min_length, 3);
  for (auto& l : lines) l *= 2;
  // Segments of one fold are counted once: same direction and offset within a few pixels.
  PrintMarks marks;
  std::vector<cv::Vec2d> folds;  // (angle, signed distance from the origin)
  for (const auto& l : lines) {
    if (along_border(l, gray.size()) || print_marks_print_edge(l, gray.size()) || !fold_across(l, gray, ridge))
      continue;
    const double angle = std::atan2(l[3] - l[1], l[2] - l[0]);
    const double theta = std::fmod(angle + CV_PI, CV_PI);
    const double offset = -std::sin(theta) * l[0] + std::cos(theta) * l[1];
    const bool seen = std::any_of(folds.begin(), folds.end(), [&](const cv::Vec2d& f) {
      return std::abs(f[0] - theta) < 0.05 && std::abs(f[1] - offset) < 8;
    });
    if (seen) continue;
    folds.push_back({theta, offset});
    marks.folds.emplace_back(cv::Point2f(l[0] / s, l[1] / s), cv::Point2f(l[2] / s, l[3] / s));
  }

  // Marks on the backdrop: the longest thin structure inside the background region, reported
  // for the reviewer. Not judged by the profiles: strands of hair past the head ellipse are
  // thin lines too, and measure up to 1 inter-eye distance on studio portraits (issue 9).
  // The background mask is empty below the chin (make_background_mask): only the rows above it
  // are labelled.
  cv::resize(f.background_mask, mask, gray.size(), 0, 0, cv::INTER_NEAREST);
  const int rows = std::clamp(cvCeil(f.chin.y * gray.rows / ctx.height()) + 1, 1, gray.rows);
  const cv::Rect above_chin(0, 0, gray.cols, rows);
  // A structure's extent is its 8-connected outline's bounding box; one inside another's hole
  // is smaller than it, so the outer outlines alone give the longest (and cost a fifth of
  // labelling every pixel with cv::connectedComponentsWithStats).
  std::vector<std::vector<cv::Point>> outlines;
  cv::findContours(strong(above_chin) & mask(above_chin), outlines, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  double longest = 0;
  for (const auto& outline : outlines) {
    const cv::Rect extent = cv::boundingRect(outline);
    longest = std::max(longest, std::hypot(extent.width, extent.height));
  }
  marks.longest_mark_px = longest / s;
  return marks;
}

}  // namespace conforme
