#include "evidence/gaze.hpp"

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "face/face_crop.hpp"

namespace conforme {
namespace {

// The iris is about 11.7 mm across and the eyes about 63 mm apart: its radius is about 0.09 of
// the distance between the eye centres. The disc searched for is a little smaller, so that it fits
// between lids that cover the iris's top and bottom.
constexpr double iris_radius_ied = 0.08;
// An opening less tall than this share of the eye's width holds no iris to find (a closed or
// squinting eye); an eye narrower than this many photo pixels is too small to read.
constexpr double min_opening = 0.12;
constexpr double min_width_px = 8.0;

EyeGaze one_eye(const UprightFace& f, int first, const cv::Matx23d& to_photo, double photo_per_crop) {
  EyeGaze g;
  const auto& lm = f.landmarks;
  const cv::Point2f c0 = lm[first], c3 = lm[first + 3];
  const double width = cv::norm(c3 - c0);
  g.width_px = width * photo_per_crop;
  const cv::Point2f centre = 0.5f * (c0 + c3);
  auto to_photo_pt = [&](cv::Point2f p) {
    return cv::Point2f(static_cast<float>(to_photo(0, 0) * p.x + to_photo(0, 1) * p.y + to_photo(0, 2)),
                       static_cast<float>(to_photo(1, 0) * p.x + to_photo(1, 1) * p.y + to_photo(1, 2)));
  };
  g.eye_centre = to_photo_pt(centre);
  const double opening = (cv::norm(lm[first + 1] - lm[first + 5]) + cv::norm(lm[first + 2] - lm[first + 4])) / 2.0;
  if (width <= 1 || g.width_px < min_width_px || opening < min_opening * width) return g;

  std::vector<cv::Point> poly;
  for (int i = first; i < first + 6; ++i) poly.emplace_back(cvRound(lm[i].x), cvRound(lm[i].y));
  const int radius = std::max(2, cvRound(iris_radius_ied * f.ied));
  const cv::Rect roi = (cv::boundingRect(poly) + cv::Size(2 * radius, 2 * radius) - cv::Point(radius, radius)) & f.bounds();
  if (roi.width < 3 || roi.height < 3) return g;
  for (auto& p : poly) p -= roi.tl();

  cv::Mat mask = cv::Mat::zeros(roi.size(), CV_8U);
  cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(1));
  const cv::Mat gray = f.gray(roi);
  const double inside = cv::countNonZero(mask);
  if (inside < 4) return g;
  const double mean = cv::mean(gray, mask)[0];

  // Darkness below the opening's mean, counted only inside the opening; the disc holding most of
  // it is the iris (the sclera and the skin at the corners are lighter than the mean).
  cv::Mat dark;
  gray.convertTo(dark, CV_32F, -1.0, mean);
  dark.setTo(0, mask == 0);
  cv::Mat disc = cv::Mat::zeros(2 * radius + 1, 2 * radius + 1, CV_32F);
  cv::circle(disc, cv::Point(radius, radius), radius, cv::Scalar(1), cv::FILLED);
  cv::Mat score;
  cv::filter2D(dark, score, CV_32F, disc, cv::Point(-1, -1), 0, cv::BORDER_CONSTANT);
  cv::Point best;
  double best_score = 0;
  cv::minMaxLoc(score, nullptr, &best_score, nullptr, &best, mask);
  if (best_score <= 0) return g;

  // The centre, refined: the dark pixels' centroid within the disc around the best place.
  double sw = 0, sx = 0, sy = 0, in_sum = 0, in_n = 0;
  for (int y = std::max(0, best.y - radius); y <= std::min(roi.height - 1, best.y + radius); ++y)
    for (int x = std::max(0, best.x - radius); x <= std::min(roi.width - 1, best.x + radius); ++x) {
      if (!mask.at<uchar>(y, x) || (x - best.x) * (x - best.x) + (y - best.y) * (y - best.y) > radius * radius) continue;
      const double d = dark.at<float>(y, x);
      in_sum += gray.at<uchar>(y, x);
      ++in_n;
      if (d <= 0) continue;
      sw += d;
      sx += d * x;
      sy += d * y;
    }
  const cv::Point2f iris = sw > 0 ? cv::Point2f(static_cast<float>(sx / sw), static_cast<float>(sy / sw))
                                  : cv::Point2f(static_cast<float>(best.x), static_cast<float>(best.y));
  const double out_n = inside - in_n;
  const double out_mean = out_n > 0 ? (mean * inside - in_sum) / out_n : mean;
  g.contrast = in_n > 0 ? std::clamp((out_mean - in_sum / in_n) / 255.0, 0.0, 1.0) : 0.0;

  const cv::Point2f at = iris + cv::Point2f(roi.tl());
  const cv::Point2f axis = (c3 - c0) * static_cast<float>(1.0 / width);
  const cv::Point2f d = at - centre;
  g.offset = (d.x * axis.x + d.y * axis.y) / width;
  g.vertical = (-d.x * axis.y + d.y * axis.x) / width;
  g.iris = to_photo_pt(at);
  g.found = true;
  return g;
}

}  // namespace

std::array<EyeGaze, 2> find_gaze(const FaceContext& ctx) {
  const auto crop = cut_crop(ctx, ctx.face->evidence.eye_region, eye_region);
  cv::Matx23d to_photo;
  cv::invertAffineTransform(crop->to_crop, to_photo);
  const double photo_per_crop = ctx.face->inter_eye_px / crop->ied;
  return {one_eye(*crop, 36, to_photo, photo_per_crop), one_eye(*crop, 42, to_photo, photo_per_crop)};
}

}  // namespace conforme
