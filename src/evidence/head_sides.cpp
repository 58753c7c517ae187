#include "evidence/head_sides.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "evidence/backdrop_field.hpp"
#include "evidence/outline_lab.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

// A pixel stands out of the backdrop when it is at least this far (CIELAB Delta E 1976) from the
// smooth backdrop fitted beside and above the head (or, when too little backdrop was seen, from
// its median over the photo): as evidence/head_top.cpp reads the hair above the head.
constexpr double side_stands_out = 14.0;
// Each row is followed out from the face's outline (the jaw landmarks; above them, the outermost
// of the brow and jaw points) through the pixels that stand out, and ends after `side_gap` inter-eye
// distances of pixels that do not (a gap between the ear and the hair, a highlight, is shorter).
constexpr double side_gap = 0.1;
// The extent a side is given: the one that this share of the rows reaches, or further (an ear
// spans about a third of the rows read). Gap and share were chosen on the `choose` half of the
// labelled prints (EVALUATION.md §27): a gap of 0.2 crosses the thin strip of backdrop left
// beside the ear of a tight crop; a share of 0.2 misses ears touching the edge.
constexpr double rows_reaching = 0.1;
// The strip along each side edge read above the head: this share of the width, from the top
// down to `edge_above_crown` inter-eye distances above the estimated skull top (above the hair).
constexpr double edge_strip = 0.03;
constexpr double edge_above_crown = 0.4;

// The x of the face's outline on `y`, following `chain` (landmark indices from the top of the
// jaw down to the chin); above its first point, that point's x (or the brow's end, if further out).
double outline_x(const Face& f, const int (&chain)[9], int brow_end, bool left, double y) {
  const auto& lm = f.landmarks;
  if (y <= lm[chain[0]].y)
    return left ? std::min(lm[chain[0]].x, lm[brow_end].x) : std::max(lm[chain[0]].x, lm[brow_end].x);
  for (int i = 0; i + 1 < 9; ++i) {
    const cv::Point2f a = lm[chain[i]], b = lm[chain[i + 1]];
    if (y <= b.y && b.y > a.y) return a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y);
  }
  return lm[chain[8]].x;
}

}  // namespace

HeadSides find_head_sides(const FaceContext& ctx) {
  const Face& f = *ctx.face;
  const double s = f.reduced_scale;
  const cv::Mat& photo = f.reduced_bgr;
  const double ied = f.inter_eye_px * s;
  HeadSides sides;
  sides.right = ctx.width();
  // From the top of the skull (estimated, hair excluded) down to the tip of the nose: the ears
  // end about there, and lower down the collar, the shoulders and long hair reach the sides of
  // any photo.
  const int top = std::clamp(cvRound(f.crown_y * s), 0, photo.rows - 1);
  const int bottom = outline_lab_rows(f);
  sides.top = top / s;
  sides.bottom = bottom / s;
  const cv::Mat lab = outline_lab(ctx, bottom);

  const double jaw = cv::norm(f.landmarks[16] - f.landmarks[0]) * s;
  const BackdropField field =
      fit_backdrop(lab, f.reduced_background_mask, f.midline_x * s, f.eye_mid.y * s, std::max(1.0, jaw), side_stands_out);
  const LabStats backdrop = background_lab(ctx);
  const LabColour whole{static_cast<float>(backdrop.lightness), static_cast<float>(backdrop.a),
                        static_cast<float>(backdrop.b)};
  const float limit2 = static_cast<float>(side_stands_out * side_stands_out);
  auto apart = [&](const cv::Vec3f& p, int x, int y) {
    return lab_distance2(p, whole) >= limit2 && (field.coef.empty() || lab_distance2(p, field.at(x, y)) >= limit2);
  };

  // Each side's backdrop, beside and above the head (every second pixel of every second row): the
  // share of its pixels that stand out of the fitted field (a flag, a bookcase or a door).
  int side_px[2] = {0, 0}, side_off[2] = {0, 0};
  const int mid_col = cvRound(f.midline_x * s);
  const int mask_cols = std::min(lab.cols, f.reduced_background_mask.cols);
  for (int y = 0; y < std::min(bottom, f.reduced_background_mask.rows); y += 2) {
    const uchar* m = f.reduced_background_mask.ptr<uchar>(y);
    const cv::Vec3f* row = lab.ptr<cv::Vec3f>(y);
    for (int x = 0; x < mask_cols; x += 2)
      if (m[x]) {
        const int side = x < mid_col ? 0 : 1;
        ++side_px[side];
        side_off[side] += apart(row[x], x, y);
      }
  }
  for (int side = 0; side < 2; ++side)
    sides.backdrop_off[side] = side_px[side] ? static_cast<double>(side_off[side]) / side_px[side] : -1.0;
  // Each side's edge above the head: a print's border, a mount or a vignette runs down the edge
  // and is not head where it goes on beside it.
  bool has_edge_ref[2] = {false, false};
  LabColour edge_ref[2];
  {
    const int strip = std::min(lab.cols, std::max(2, cvRound(edge_strip * lab.cols)));
    const int rows_above = std::min(lab.rows, cvRound(f.crown_y * s - edge_above_crown * ied));
    std::array<std::vector<float>, 3> scratch;
    for (int side = 0; side < 2 && rows_above >= 3; ++side) {
      for (auto& c : scratch) c.clear();
      for (int y = 0; y < rows_above; ++y) {
        const cv::Vec3f* row = lab.ptr<cv::Vec3f>(y);
        for (int x = side == 0 ? 0 : lab.cols - strip; x < (side == 0 ? strip : lab.cols); ++x)
          for (int c = 0; c < 3; ++c) scratch[c].push_back(row[x][c]);
      }
      edge_ref[side] = lab_median_in_place(scratch);
      has_edge_ref[side] = true;
    }
  }
  static constexpr int left_chain[9] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  static constexpr int right_chain[9] = {16, 15, 14, 13, 12, 11, 10, 9, 8};
  const int longest_gap = std::max(1, cvRound(side_gap * ied));
  std::vector<int> lefts, rights;  // per row: the head's first column, one past its last (reduced)
  for (int y = top; y < bottom; ++y) {
    const cv::Vec3f* row = lab.ptr<cv::Vec3f>(y);
    const double py = (y + 0.5) / s;
    for (int side = 0; side < 2; ++side) {
      const bool left = side == 0;
      const int start = std::clamp(
          cvRound(outline_x(f, left ? left_chain : right_chain, left ? 17 : 26, left, py) * s), 0, lab.cols - 1);
      const int step = left ? -1 : 1;
      int outermost = start, missed = 0, x = start;
      for (; x >= 0 && x < lab.cols && missed <= longest_gap; x += step) {
        if (apart(row[x], x, y) && (!has_edge_ref[side] || lab_distance2(row[x], edge_ref[side]) >= limit2)) {
          outermost = x;
          missed = 0;
        } else {
          ++missed;
        }
      }
      (left ? lefts : rights).push_back(left ? outermost : outermost + 1);
    }
  }
  if (lefts.empty()) return sides;
  // The extent a tenth of the rows reach: the tenth smallest first column, the tenth largest end.
  const auto k = static_cast<std::ptrdiff_t>(rows_reaching * (lefts.size() - 1));
  std::nth_element(lefts.begin(), lefts.begin() + k, lefts.end());
  std::nth_element(rights.begin(), rights.begin() + k, rights.end(), std::greater<>());
  const int l = lefts[k], r = rights[k];
  sides.left = l <= 0 ? 0.0 : l / s;
  sides.right = r >= lab.cols ? ctx.width() : std::min<double>(ctx.width(), r / s);
  return sides;
}

}  // namespace conforme
