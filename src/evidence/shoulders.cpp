#include "evidence/shoulders.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "face/image_stats.hpp"

namespace conforme {
namespace {

// The columns are read down from this far below the eye line, in inter-eye distances: about
// the mouth, below the ears, where the columns beside the face see backdrop (read from the eye
// line, the columns nearest the face start in the bright halo that studio lights leave around
// the head and fewer photos are measured).
constexpr double start_below_eyes = 1.0;
// A pixel is clothes, skin or hair when it is at least this far (CIELAB Delta E 1976) from the
// backdrop just above it in the same column: dark, mid-grey and light suits on the usual blue,
// grey or white backdrops are 20 or more apart. The backdrop followed down the column (each
// backdrop pixel moves the reference `follow` of the way) keeps a vignette or a gradient towards
// the corners, 15 to 20 apart from top to bottom on studio portraits, from reading as clothes.
constexpr double clothes_stand_out = 14.0;
constexpr float follow = 0.3f;
// The top of the silhouette is the first row of a run of this many inter-eye distances (at
// least 2 rows) that stands out, below at least 2 rows of backdrop: JPEG ringing and a stray
// hair are shorter.
constexpr double run_length = 0.06;
// At least this share of the columns between shoulders_from and shoulders_to must be read on
// both sides, and at least `min_pairs` of them.
constexpr double min_pair_share = 0.3;
constexpr int min_pairs = 4;
// The backdrop beside each shoulder is the median of the backdrop pixels (Face's reduced
// background mask) on that side, from the eye line down; with fewer than this many, the whole
// backdrop's median.
constexpr int min_side_samples = 12;
// Below this much photo under the chin, in inter-eye distances, the shoulders are not in it.
constexpr double min_below_chin = 0.4;

// The Lab copy of `area` of the reduced photo, blurred 3 x 3 first (sensor noise, JPEG grain).
cv::Mat shoulders_lab(const cv::Mat& photo, const cv::Rect& area) {
  cv::Mat lab;
  cv::GaussianBlur(photo(area), lab, cv::Size(3, 3), 0);
  lab.convertTo(lab, CV_32F, 1.0 / 255.0);
  cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
  return lab;
}

// The channel medians of the pixels of `lab` where `mask` (same size) is set; false when fewer
// than min_side_samples.
bool shoulders_side_median(const cv::Mat& lab, const cv::Mat& mask, LabColour& out) {
  std::array<std::vector<float>, 3> c;
  for (int y = 0; y < lab.rows; ++y) {
    const cv::Vec3f* p = lab.ptr<cv::Vec3f>(y);
    const uchar* m = mask.ptr<uchar>(y);
    for (int x = 0; x < lab.cols; ++x)
      if (m[x])
        for (int k = 0; k < 3; ++k) c[k].push_back(p[x][k]);
  }
  if (c[0].size() < static_cast<std::size_t>(min_side_samples)) return false;
  out = lab_median_in_place(c);
  return true;
}

// One column's silhouette top in rows of `lab` (from `first_row` down): -1 when the column never
// shows backdrop (hair or clothes to the start, a busy background), lab.rows when it shows
// backdrop down to the photo's bottom edge.
int shoulders_column_top(const cv::Mat& lab, int x, int first_row, LabColour backdrop, float limit2, int run) {
  int backdrop_rows = 0, out_rows = 0;
  for (int y = first_row; y < lab.rows; ++y) {
    const cv::Vec3f& p = lab.at<cv::Vec3f>(y, x);
    const bool out = lab_distance2(p, backdrop) >= limit2;
    if (!out) {
      ++backdrop_rows;
      out_rows = 0;
      backdrop.l += follow * (p[0] - backdrop.l);
      backdrop.a += follow * (p[1] - backdrop.a);
      backdrop.b += follow * (p[2] - backdrop.b);
    } else if (backdrop_rows >= 2 && ++out_rows >= run) {
      return y - run + 1;
    }
  }
  return backdrop_rows >= 2 ? lab.rows : -1;
}

}  // namespace

ShoulderLines find_shoulder_lines(const FaceContext& ctx) {
  const Face& f = *ctx.face;
  ShoulderLines lines;
  // The reduced photo keeps the eyes at least 48 px apart: a row is a photo pixel or two.
  const double s = f.reduced_scale;
  const cv::Mat& photo = f.reduced_bgr;
  const double ied = f.inter_eye_px * s, mid = f.midline_x * s;
  const int eye_row = std::clamp(cvRound(f.eye_mid.y * s), 0, photo.rows);
  const int start = std::clamp(cvRound(f.eye_mid.y * s + start_below_eyes * ied), 0, photo.rows);
  const int chin_row = std::clamp(cvRound(f.chin.y * s), eye_row, photo.rows);
  const int near = cvRound(shoulders_from * ied), far = cvRound(shoulders_to * ied);
  // One column a pixel from the photo's edges (a border or a scanner's line is not the backdrop).
  const int reach = std::min({far, cvRound(mid) - 2, photo.cols - 3 - cvRound(mid)});
  const int wanted = far - near + 1;
  if (photo.rows - start < 4 || reach - near + 1 < std::max(min_pairs, cvRound(min_pair_share * wanted))) {
    lines.missing = ShoulderLines::Missing::cut_off;
    return lines;
  }
  // A photo cut off at the chin shows no shoulders to compare.
  if (photo.rows - chin_row < min_below_chin * ied) {
    lines.missing = ShoulderLines::Missing::below;
    return lines;
  }
  const int top = std::min(eye_row, start);
  const cv::Rect left_area(cvRound(mid) - reach, top, reach - near + 1, photo.rows - top);
  const cv::Rect right_area(cvRound(mid) + near, top, reach - near + 1, photo.rows - top);
  const cv::Mat left = shoulders_lab(photo, left_area), right = shoulders_lab(photo, right_area);

  // Each side's backdrop, from the eye line down to the chin where the background mask has it.
  const LabStats whole = background_lab(ctx);
  auto backdrop_of = [&](const cv::Mat& lab, const cv::Rect& area, LabColour& out) {
    const int rows = chin_row - top;
    if (rows > 0 && !f.reduced_background_mask.empty() &&
        shoulders_side_median(lab.rowRange(0, rows), f.reduced_background_mask(cv::Rect(area.x, top, area.width, rows)), out))
      return true;
    if (!whole.pixels) return false;
    out = {static_cast<float>(whole.lightness), static_cast<float>(whole.a), static_cast<float>(whole.b)};
    return true;
  };
  LabColour left_backdrop, right_backdrop;
  if (!backdrop_of(left, left_area, left_backdrop) || !backdrop_of(right, right_area, right_backdrop)) {
    lines.missing = ShoulderLines::Missing::no_backdrop;
    return lines;
  }

  const float limit2 = static_cast<float>(clothes_stand_out * clothes_stand_out);
  const int run = std::max(2, cvRound(run_length * ied));
  const int first_row = start - top;
  std::vector<double> drops;
  int below = 0;
  for (int d = near; d <= reach; ++d) {
    // Column d pixels from the mid-line: left.cols - 1 - (d - near) on the left, d - near on the right.
    const int l = shoulders_column_top(left, left.cols - 1 - (d - near), first_row, left_backdrop, limit2, run);
    const int r = shoulders_column_top(right, d - near, first_row, right_backdrop, limit2, run);
    if (l < 0 || r < 0) continue;
    if (l == left.rows && r == right.rows) {
      ++below;
      continue;
    }
    drops.push_back((l - r) / ied);
    lines.left.emplace_back(static_cast<float>((mid - d) / s), static_cast<float>((top + l) / s));
    lines.right.emplace_back(static_cast<float>((mid + d) / s), static_cast<float>((top + r) / s));
  }
  const int needed = std::max(min_pairs, cvRound(min_pair_share * wanted));
  if (static_cast<int>(drops.size()) < needed) {
    lines.left.clear(), lines.right.clear();
    lines.missing = below >= needed ? ShoulderLines::Missing::below : ShoulderLines::Missing::no_backdrop;
    return lines;
  }
  auto middle = drops.begin() + drops.size() / 2;
  std::nth_element(drops.begin(), middle, drops.end());
  lines.drop = *middle;
  lines.measured = true;
  return lines;
}

}  // namespace conforme
