#include "evidence/mouth_evidence.hpp"

#include <vector>

#include <opencv2/imgproc.hpp>

#include "face/face_crop.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

constexpr double band_widening = 0.03;  // of the mouth width, above and below the inner lips
// Teeth are told from a highlight on the lips by colour: less red than the lips, by half and by
// at least this many units of a*. On a photo or print of one tint (grey, sepia, a green
// halftone) the lips are no redder than anything else and a* differs by JPEG noise alone (under
// 1): without the margin every pixel lighter than the lips counted as teeth half the time, and 39
// of the 79 closed mouths of the Biographical Directory prints' choosing half read over
// expr.neutral's limit (3 with it). Teeth in colour photos, whose lips read a* 15 and more, are
// counted as before (EVALUATION.md §20.5).
constexpr float teeth_redness_margin = 2.0f;

}  // namespace

double teeth_share(const FaceContext& ctx) {
  return ctx.face->on_demand.teeth_share.get(
      [&] { return teeth_share(*cut_crop(ctx, ctx.face->evidence.mouth_region, mouth_region)); });
}

double teeth_share(const UprightFace& face) {
  const auto& p = face.landmarks;
  const double width = cv::norm(p[54] - p[48]);
  if (width < 1.0) return 0.0;
  const cv::Point2f up(0.f, static_cast<float>(band_widening * width));
  const std::vector<cv::Point> band = {p[60], p[61] - up, p[62] - up, p[63] - up,
                                       p[64], p[65] + up, p[66] + up, p[67] + up};
  std::vector<cv::Point> outer(p.begin() + 48, p.begin() + 60);
  cv::Mat band_mask = cv::Mat::zeros(face.bgr.size(), CV_8U), lips_mask = band_mask.clone();
  cv::fillPoly(band_mask, std::vector<std::vector<cv::Point>>{band}, 255);
  cv::fillPoly(lips_mask, std::vector<std::vector<cv::Point>>{outer}, 255);
  lips_mask &= ~band_mask;

  const cv::Rect roi = (cv::boundingRect(outer) | cv::boundingRect(band)) & face.bounds();
  if (roi.empty()) return 0.0;
  cv::Mat bgr_f, lab;
  face.bgr(roi).convertTo(bgr_f, CV_32F, 1.0 / 255.0);
  cv::cvtColor(bgr_f, lab, cv::COLOR_BGR2Lab);  // float input: L* 0..100, a* signed
  std::vector<float> lip_l, lip_a;
  for (int y = 0; y < roi.height; ++y)
    for (int x = 0; x < roi.width; ++x)
      if (lips_mask.at<uchar>(y + roi.y, x + roi.x)) {
        const auto v = lab.at<cv::Vec3f>(y, x);
        lip_l.push_back(v[0]);
        lip_a.push_back(v[1]);
      }
  if (lip_l.empty()) return 0.0;
  const float lips_lightness = median_in_place(lip_l), lips_redness = median_in_place(lip_a);
  int teeth = 0;
  for (int y = 0; y < roi.height; ++y)
    for (int x = 0; x < roi.width; ++x)
      if (band_mask.at<uchar>(y + roi.y, x + roi.x)) {
        const auto v = lab.at<cv::Vec3f>(y, x);
        if (v[0] > lips_lightness && v[1] < 0.5f * lips_redness && v[1] < lips_redness - teeth_redness_margin) ++teeth;
      }
  return teeth / (width * width);
}

}  // namespace conforme
