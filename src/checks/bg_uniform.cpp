// bg.uniform — "fond uni" (service-public.fr F10619, Ville de Meaux): no texture, pattern or strong gradient behind the head.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "core/shrink.hpp"
#include "face/geometry.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

// The grey level at rank q * (count - 1) of the levels counted in `histogram`.
double percentile(const std::array<int, 256>& histogram, int count, double q) {
  const int rank = static_cast<int>(q * (count - 1));
  int below = 0;
  for (int level = 0; level < 256; ++level) {
    below += histogram[level];
    if (below > rank) return level;
  }
  return 255;
}


// The sitter inside the background mask. The mask is drawn from the landmarks (outside an
// ellipse round the head, above the chin): full or long hair spills past the ellipse and, in a
// tight frame, the shoulders rise beside the chin into it. On 605 US Congress portraits whose
// backdrop two people labelled plain, that alone failed 26 % (EVALUATION.md §8.5).
//
// The backdrop is what a flood from the mask's top row, and from its outermost pixels down to a
// fifth of the way from the eyes to the chin, reaches stepping between 4-neighbours at most
// `bg_uniform_step` grey levels apart: it follows a gradient and stops at an outline. Of what it
// does not reach, a region touching the head's place, or rising from the mask's last rows
// without reaching the eye line, is the sitter; anything else (an object, a pattern, a flag
// clear of the head) stays to be judged. Returns the sitter's pixels (255).
constexpr double bg_uniform_step = 2.0;          // grey levels, after the 3 x 3 blur
constexpr double bg_uniform_seed_depth = 0.2;    // of the eye-to-chin distance, below the eyes

cv::Mat bg_uniform_sitter(const cv::Mat& gray, const cv::Mat& mask, int eye_row) {
  const int rows = gray.rows, cols = gray.cols;
  cv::Mat sitter_out = cv::Mat::zeros(gray.size(), CV_8U);
  int top = 0, bottom = rows - 1;
  while (top < rows && cv::countNonZero(mask.row(top)) == 0) ++top;
  if (top == rows) return sitter_out;
  while (bottom > top && cv::countNonZero(mask.row(bottom)) == 0) --bottom;

  // The flood: cv::floodFill's own mask is one pixel wider on each side; 1 = not background.
  cv::Mat reached(rows + 2, cols + 2, CV_8U, cv::Scalar(1));
  reached(cv::Rect(1, 1, cols, rows)).setTo(0, mask);
  const int flags = 4 | cv::FLOODFILL_MASK_ONLY | (255 << 8);
  auto flood_from = [&](int x, int y) {
    if (reached.at<uchar>(y + 1, x + 1) == 0)
      cv::floodFill(gray, reached, cv::Point(x, y), 0, nullptr, cv::Scalar(bg_uniform_step),
                    cv::Scalar(bg_uniform_step), flags);
  };
  for (int x = 0; x < cols; ++x)
    if (mask.at<uchar>(top, x)) flood_from(x, top);
  const int seed_bottom = std::min(bottom, eye_row + cvRound(bg_uniform_seed_depth * std::max(0, bottom - eye_row)));
  int first = cols, last = -1;  // the mask's outermost columns
  for (int y = top; y <= bottom; ++y) {
    const uchar* m = mask.ptr<uchar>(y);
    int left = 0, right = cols - 1;
    while (left < cols && !m[left]) ++left;
    while (right >= 0 && !m[right]) --right;
    if (left > right) continue;
    first = std::min(first, left);
    last = std::max(last, right);
    if (y <= seed_bottom) {
      flood_from(left, y);
      flood_from(right, y);
    }
  }

  // The head's place: what the mask leaves out between its outermost columns, top and last rows.
  const cv::Rect span(first, top, last - first + 1, bottom - top + 1);
  cv::Mat head = cv::Mat::zeros(gray.size(), CV_8U);
  head(span).setTo(255, mask(span) == 0);
  cv::dilate(head, head, cv::Mat());

  // What the flood did not reach, region by region, from the head's edge and from the last rows:
  // cv::floodFill's mask again, 0 = unreached and not yet labelled.
  cv::Mat region(rows + 2, cols + 2, CV_8U, cv::Scalar(1));
  region(cv::Rect(1, 1, cols, rows)).setTo(0, reached(cv::Rect(1, 1, cols, rows)) == 0 & mask);
  constexpr int sitter = 255, pending = 254, kept = 253;
  auto label = [&](int x, int y, int value) {
    cv::Rect box;
    cv::floodFill(gray, region, cv::Point(x, y), 0, &box, cv::Scalar(255), cv::Scalar(255),
                  8 | cv::FLOODFILL_MASK_ONLY | (value << 8));
    return box;
  };
  for (int y = top; y <= bottom; ++y) {
    const uchar* h = head.ptr<uchar>(y);
    const uchar* r = region.ptr<uchar>(y + 1) + 1;
    for (int x = first; x <= last; ++x)
      if (h[x] && r[x] == 0) label(x, y, sitter);  // hair, an ear, a collar
  }
  for (int y = std::max(top, bottom - 1); y <= bottom; ++y)
    for (int x = first; x <= last; ++x)
      if (region.at<uchar>(y + 1, x + 1) == 0) {
        const cv::Rect box = label(x, y, pending);
        cv::Mat in_box = region(box + cv::Point(1, 1));
        in_box.setTo(box.y > eye_row ? sitter : kept, in_box == pending);  // a shoulder, or not
      }
  sitter_out = region(cv::Rect(1, 1, cols, rows)) == sitter;
  return sitter_out;
}

}  // namespace

extern const Check bg_uniform{
    .id = "bg.uniform",
    .title = {"fond uni", "plain background"},
    .description =
        "Background texture (mean gradient, grey levels per pixel at a scale of 128 px between the eyes) "
        "and spread (5th to 95th percentile of grey levels), over the background region less the sitter's "
        "hair and shoulders (what a flood of the backdrop from its top and outer edges does not reach and "
        "that touches the head or rises from the chin line).",
    .needs = Needs::single_face,
    .values = {{"texture", "grey/px", {"texture du fond", "background texture"}, Shown::grey_levels},
               {"spread", "grey",
                {"écart de luminosité sur le fond", "brightness spread of the background"},
                Shown::grey_levels}},
    .reasons = {{"too little background visible", "trop peu de fond visible"}},
    .measure = [](const FaceContext& ctx) {
      const Face& f = *ctx.face;
      const int count = cv::countNonZero(f.background_mask);
      if (count < min_background_share * ctx.width() * ctx.height())
        return Measurement::skipped("too little background visible");
      // Gradients are compared at one face scale so a busy pattern scores the same at any dpi.
      // The mask ends at the chin: rows further down than the filters reach are not read.
      const double scale = std::min(1.0, canonical_ied_px / std::max(1.0, f.inter_eye_px));
      const cv::Rect above_chin(0, 0, ctx.width(), std::clamp(cvRound(f.chin.y + 4 / scale), 1, ctx.height()));
      // Bilinear for the last factor (under 2): 13 times cheaper than area averaging here, and the
      // blur below removes what it lets through.
      cv::Mat gray = shrink(ctx.gray(above_chin), scale, cv::INTER_LINEAR), mask;
      cv::resize(f.background_mask(above_chin), mask, gray.size(), 0, 0, cv::INTER_NEAREST);
      cv::erode(mask, mask, cv::Mat());  // keep the Sobel window off the masked border
      cv::GaussianBlur(gray, gray, cv::Size(3, 3), 0);  // sensor noise and JPEG grain are not texture
      mask.setTo(0, bg_uniform_sitter(gray, mask, cvRound(f.eye_mid.y * gray.rows / above_chin.height)));
      // The Sobel gradient's magnitude (3 x 3, borders reflected as cv::Sobel does), only where the
      // mask is: the background is a few percent of the photo.
      std::array<int, 256> histogram{};
      int levels = 0;
      double gradient = 0;
      const int last_x = gray.cols - 1, last_y = gray.rows - 1;
      auto reflect = [](int i, int last) { return i < 0 ? std::min(-i, last) : i > last ? std::max(2 * last - i, 0) : i; };
      for (int y = 0; y < gray.rows; ++y) {
        const uchar* up = gray.ptr<uchar>(reflect(y - 1, last_y));
        const uchar* g = gray.ptr<uchar>(y);
        const uchar* down = gray.ptr<uchar>(reflect(y + 1, last_y));
        const uchar* inside = mask.ptr<uchar>(y);
        for (int x = 0; x < gray.cols; ++x) {
          if (!inside[x]) continue;
          ++histogram[g[x]];
          ++levels;
          const int l = reflect(x - 1, last_x), r = reflect(x + 1, last_x);
          const int gx = (up[r] + 2 * g[r] + down[r]) - (up[l] + 2 * g[l] + down[l]);
          const int gy = (down[l] + 2 * down[x] + down[r]) - (up[l] + 2 * up[x] + up[r]);
          const float fx = static_cast<float>(gx), fy = static_cast<float>(gy);
          gradient += std::sqrt(fx * fx + fy * fy);
        }
      }
      if (levels == 0) return Measurement::skipped("too little background visible");
      const double texture = gradient / levels / 8.0;  // Sobel gain is 8 on a ramp
      const double spread = percentile(histogram, levels, 0.95) - percentile(histogram, levels, 0.05);
      Measurement m;
      m.values = {{"texture", texture, "grey/px"}, {"spread", spread, "grey"}};
      return m;
    }};

}  // namespace conforme
