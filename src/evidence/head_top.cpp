#include "evidence/head_top.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "evidence/backdrop_field.hpp"
#include "evidence/outline_lab.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

// The middle of the head that is read, in jaw widths either side of the mid-line: the crown is
// nearly flat across it, so a row of hair near the top crosses it whole.
constexpr double crown_half_width = 0.3;
// Each row's own backdrop is read just beyond the head, from `backdrop_from` to `backdrop_to`
// jaw widths either side of the mid-line (the ears reach 0.64-0.67, hair a little further): a
// backdrop that darkens towards the top or the corners, a vignette or a scanned print's border
// changes the backdrop row by row and side to side, and each row is compared with its own.
constexpr double backdrop_from = 0.85, backdrop_to = 1.25;
// A pixel stands out of the backdrop when it is at least this far (CIELAB Delta E 1976) from
// every reference: the smooth backdrop fitted below (or, when too little backdrop was seen, its
// median over the photo) and the row's own backdrop on either side.
constexpr double stands_out = 14.0;
// A row is head (hair or skin) when this share of the middle of the head stands out.
constexpr double row_share = 0.5;
// The head is followed up from the forehead, `start_above_eyes` inter-eye distances above the
// eye line: from the first row that stands out (the forehead's skin, or the hair when the skin is
// as pale as the backdrop) through the rows that stand out; it ends after `gap` inter-eye
// distances of rows that do not (a parting, a highlight on the hair are shorter).
constexpr double start_above_eyes = 0.5;
constexpr double gap = 0.2;

}  // namespace

HeadTop find_head_top(const FaceContext& ctx) {
  const Face& f = *ctx.face;
  HeadTop top;
  // The reduced photo (Face::reduced_scale) keeps the eyes at least 48 px apart: the hair's top
  // is found within a reduced pixel, a photo pixel or two, for a sixteenth of the work at most.
  const double s = f.reduced_scale;
  const cv::Mat& photo = f.reduced_bgr;
  const double ied = f.inter_eye_px * s;
  const int start = std::min(cvRound(f.eye_mid.y * s - start_above_eyes * ied), photo.rows - 1);
  if (start < 1) return top;
  // The rows down to the eyes: the backdrop beside the upper head is fitted there.
  const int eye_row = std::clamp(cvRound(f.eye_mid.y * s), start + 1, photo.rows);
  const cv::Mat lab = outline_lab(ctx, eye_row);

  const double mid = f.midline_x * s, jaw = cv::norm(f.landmarks[16] - f.landmarks[0]) * s;
  auto column = [&](double jaws) { return std::clamp(cvRound(mid + jaws * jaw), 0, lab.cols); };
  const int crown_from = std::min(column(-crown_half_width), lab.cols - 1);
  const int crown_to = std::max(column(crown_half_width) + 1, crown_from + 1);
  const BackdropField field = fit_backdrop(lab, f.reduced_background_mask, mid, f.eye_mid.y * s, std::max(1.0, jaw),
                                           stands_out);
  const LabStats backdrop = background_lab(ctx);
  const LabColour whole{static_cast<float>(backdrop.lightness), static_cast<float>(backdrop.a), static_cast<float>(backdrop.b)};
  const float limit2 = static_cast<float>(stands_out * stands_out);

  std::array<std::vector<float>, 3> scratch;
  auto is_head = [&](int y) {
    const cv::Vec3f* row = lab.ptr<cv::Vec3f>(y);
    LabColour refs[3];
    int n = 0;
    if (row_median(row, column(-backdrop_to), column(-backdrop_from), refs[n], scratch)) ++n;
    if (row_median(row, column(backdrop_from), column(backdrop_to), refs[n], scratch)) ++n;
    if (n == 0 && field.coef.empty() && !backdrop.pixels) return false;
    auto off_field = [&](int x) {
      if (field.coef.empty()) return lab_distance2(row[x], whole) >= limit2;
      return lab_distance2(row[x], field.at(x, y)) >= limit2;
    };
    // Beside the head, one side at least is backdrop as fitted: on a busy background (a
    // bookcase, leaves, a building) everything stands out, and the head is not told from it.
    auto backdrop_share = [&](int from, int to) {
      int on = 0;
      for (int x = from; x < to; ++x) on += !off_field(x);
      return to > from ? static_cast<double>(on) / (to - from) : -1.0;
    };
    const double left = backdrop_share(column(-backdrop_to), column(-backdrop_from));
    const double right = backdrop_share(column(backdrop_from), column(backdrop_to));
    if ((left >= 0 || right >= 0) && std::max(left, right) < row_share) return false;
    int out = 0;
    for (int x = crown_from; x < crown_to; ++x) {
      bool apart = true;
      for (int r = 0; r < n && apart; ++r) apart = lab_distance2(row[x], refs[r]) >= limit2;
      out += apart && off_field(x);
    }
    return out >= row_share * (crown_to - crown_from);
  };
  // Up from the forehead while rows are head, across gaps shorter than `gap`.
  const int longest_gap = std::max(1, cvRound(gap * ied));
  int highest = -1, missed = 0;
  for (int y = start; y >= 0 && missed <= longest_gap; --y) {
    if (is_head(y)) {
      highest = y;
      missed = 0;
    } else if (highest >= 0) {
      ++missed;
    }  // below the first row that stands out (a forehead as pale as the backdrop): go on up
  }
  top.backdrop_off = field.coef.empty() ? -1 : field.off;
  if (highest < 0) return top;
  top.y = highest / s;
  top.found = true;
  return top;
}

}  // namespace conforme
