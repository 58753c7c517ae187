#include "evidence/backdrop.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/shrink.hpp"
#include "face/geometry.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

// The sitter inside the background mask. The mask is drawn from the landmarks (outside an
// ellipse round the head, above the chin): full or long hair spills past the ellipse and, in a
// tight frame, the shoulders rise beside the chin into it. On 605 US Congress portraits whose
// backdrop two people labelled plain, that alone failed 26 % (EVALUATION.md §8.5.1).
//
// The backdrop is what a flood from the mask's top row, and from its outermost pixels down to a
// fifth of the way from the eyes to the chin, reaches stepping between 4-neighbours at most
// `backdrop_step` grey levels apart: it follows a gradient and stops at an outline. Of what it
// does not reach, a region touching the head's place, or rising from the mask's last rows
// without reaching the eye line, is the sitter; anything else (an object, a pattern, a flag
// clear of the head) stays to be judged. Returns the sitter's pixels (255).
constexpr double backdrop_step = 2.0;          // grey levels, after the 3 x 3 blur
constexpr double backdrop_seed_depth = 0.2;    // of the eye-to-chin distance, below the eyes

cv::Mat backdrop_sitter(const cv::Mat& gray, const cv::Mat& mask, int eye_row) {
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
      cv::floodFill(gray, reached, cv::Point(x, y), 0, nullptr, cv::Scalar(backdrop_step),
                    cv::Scalar(backdrop_step), flags);
  };
  for (int x = 0; x < cols; ++x)
    if (mask.at<uchar>(top, x)) flood_from(x, top);
  const int seed_bottom = std::min(bottom, eye_row + cvRound(backdrop_seed_depth * std::max(0, bottom - eye_row)));
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
  region(cv::Rect(1, 1, cols, rows)).setTo(0, (reached(cv::Rect(1, 1, cols, rows)) == 0) & mask);
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

Backdrop find_backdrop(const FaceContext& ctx) {
  const Face& f = *ctx.face;
  Backdrop b;
  // Gradients are compared at one face scale so a busy pattern scores the same at any dpi.
  // The mask ends at the chin: rows further down than the filters reach are not read.
  const double scale = std::min(1.0, canonical_ied_px / std::max(1.0, f.inter_eye_px));
  b.above_chin = cv::Rect(0, 0, ctx.width(), std::clamp(cvRound(f.chin.y + 4 / scale), 1, ctx.height()));
  // Bilinear for the last factor (under 2): 13 times cheaper than area averaging here, and the
  // blur below removes what it lets through.
  b.gray = shrink(ctx.gray(b.above_chin), scale, cv::INTER_LINEAR);
  cv::resize(f.background_mask(b.above_chin), b.mask, b.gray.size(), 0, 0, cv::INTER_NEAREST);
  cv::erode(b.mask, b.mask, cv::Mat());  // keep the Sobel window off the masked border
  cv::GaussianBlur(b.gray, b.gray, cv::Size(3, 3), 0);  // sensor noise and JPEG grain are not texture
  b.sitter = backdrop_sitter(b.gray, b.mask, cvRound(f.eye_mid.y * b.gray.rows / b.above_chin.height));
  b.mask.setTo(0, b.sitter);
  return b;
}

}  // namespace conforme
