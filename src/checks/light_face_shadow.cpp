// light.face_shadow — "sans ombre sur le visage" (service-public.fr F10619). Two measures on an upright face crop
// at 64 px between the eyes: how much less light the darker cheek gets than the brighter one (a
// light from one side; judged), and how much of the cheeks lies in a local dip of light against
// its surroundings (the hard shadow of the nose, of glasses, of hair). The dip share is reported
// for the reviewer and not judged: no labelled photo shows a hard cast shadow on the face, and on
// the 45 shared portraits it reaches 0.13 without one (issue 9).
#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "face/face_crop.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

// Skin getting less than this share of the light its surroundings get is in a cast shadow.
constexpr double dip_luminance_share = 0.6;

// A cheek: between the jaw outline and the side of the nose, from mid-nose to the nose's base.
cv::Rect cheek(const UprightFace& f, int jaw, int nose_wing) {
  const cv::Point2f j = f.landmarks[jaw], n = f.landmarks[nose_wing];
  const float x0 = std::min(j.x, n.x), x1 = std::max(j.x, n.x), w = x1 - x0;
  const float y0 = f.landmarks[29].y, y1 = f.landmarks[33].y;
  return cv::Rect(cvRound(x0 + 0.15f * w), cvRound(y0), std::max(1, cvRound(0.7f * w)), std::max(1, cvRound(y1 - y0))) &
         f.bounds();
}

}  // namespace

extern const Check light_face_shadow{
    .id = "light.face_shadow",
    .title = {"ombre sur le visage", "shadow on the face"},
    .description =
        "Luminance of the darker cheek over the brighter one, and the share of the cheeks getting less than 60 % "
        "of the light around them (a local dip), at 64 px between the eyes.",
    .needs = Needs::single_face,
    .values = {{"cheek_ratio", "ratio",
                {"luminosité de la joue la plus sombre (sur celle de l'autre joue)",
                 "brightness of the darker cheek (over the other cheek)"},
                Shown::percent},
               {"dark_share", "share",
                {"part des joues dans l'ombre", "share of the cheeks in shadow"},
                Shown::percent}},
    .measure = [](const FaceContext& ctx) {
      const UprightFace f = upright_face(ctx, 64.0, -1.2, -0.6, 1.2, 1.6);
      cv::Mat left = cv::Mat::zeros(f.bgr.size(), CV_8U), right = left.clone();
      left(cheek(f, 2, 31)) = 255;
      right(cheek(f, 14, 35)) = 255;
      const double y_left = luminance(median_lab(f.bgr, left).lightness);
      const double y_right = luminance(median_lab(f.bgr, right).lightness);
      const double cheek_ratio = std::min(y_left, y_right) / std::max({y_left, y_right, 1e-4});

      // Skin from just below the eyes to the base of the nose, jaw to jaw.
      std::vector<cv::Point> jaw;
      for (int i = 1; i <= 15; ++i) jaw.emplace_back(cvRound(f.landmarks[i].x), cvRound(f.landmarks[i].y));
      cv::Mat skin = cv::Mat::zeros(f.bgr.size(), CV_8U);
      cv::fillConvexPoly(skin, jaw, cv::Scalar(255));
      const float lid = std::max({f.landmarks[40].y, f.landmarks[41].y, f.landmarks[46].y, f.landmarks[47].y});
      const int top = std::clamp(cvRound(lid + f.u(0.1)), 0, skin.rows);
      const int bottom = std::clamp(cvRound(f.landmarks[33].y), top, skin.rows);
      skin(cv::Rect(0, 0, skin.cols, top)) = 0;
      skin(cv::Rect(0, bottom, skin.cols, skin.rows - bottom)) = 0;
      // The nose's own sides are shaded under any light, and the face's outline borders hair and
      // background: both are left out.
      const cv::Rect nose = cv::Rect(cv::Point(cvRound(f.landmarks[31].x - f.u(0.08)), 0),
                                     cv::Point(cvRound(f.landmarks[35].x + f.u(0.08)), bottom)) & f.bounds();
      skin(nose) = 0;
      cv::erode(skin, skin, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(1, 1) * (2 * cvRound(f.u(0.12)) + 1)));
      // Pores and freckles are not shadows, and neither is the gradual fall-off of a key light:
      // luminance smoothed over a tenth of the eye spacing, over its surroundings half an eye
      // spacing across. A cast shadow (nose, glasses, hair) is a dip against its surroundings.
      cv::Mat lum, local, around;
      f.gray.convertTo(lum, CV_32F, 1.0 / 255.0);
      cv::pow(lum, 2.2, lum);  // sRGB grey to linear light, near enough for a ratio
      cv::blur(lum, local, cv::Size(7, 7));
      const int across = 2 * cvRound(f.u(0.25)) + 1;
      cv::blur(lum, around, cv::Size(across, across));
      int dips = 0;
      const int pixels = cv::countNonZero(skin);
      for (int y = 0; y < skin.rows; ++y)
        for (int x = 0; x < skin.cols; ++x)
          if (skin.at<uchar>(y, x) && local.at<float>(y, x) < dip_luminance_share * around.at<float>(y, x)) ++dips;
      const double dark_share = pixels ? static_cast<double>(dips) / pixels : 0.0;
      Measurement m;
      m.values = {{"cheek_ratio", cheek_ratio, "ratio"}, {"dark_share", dark_share, "share"}};
      return m;
    }};

}  // namespace conforme
