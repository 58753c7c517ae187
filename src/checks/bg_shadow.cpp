// bg.shadow — "sans ombre ... en arrière-plan" (service-public.fr F10619). A flash beside the camera throws the
// sitter's shadow on the backdrop next to the head, on one side. In the background region
// (Face::background_mask: outside the head ellipse, above the chin), the band beside the head is
// compared row by row between the two sides of the face's mid-line: a studio backdrop's fall-off
// from a light behind the head is the same on both sides, a cast shadow is not. Computed at 32 px
// between the eyes: shadows are smooth, and distances are then cheap.
#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "core/area_resize.hpp"
#include "face/geometry.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

constexpr double work_ied_px = 32.0;
// The band beside the head: background within this many inter-eye distances of the head region.
constexpr double near_band_ied = 0.4;
// A side getting less than this share of the other side's light is in shadow (L* 82: 74).
constexpr double shadowed_share = 0.75;
// No cast shadow on a light backdrop is darker than this share of its light (a 60 % deep shadow
// leaves 0.13); black hair is.
constexpr double darkest_shadow = 0.1;
// a*b* distance from the backdrop's colour scaled to the pixel's lightness: more is not backdrop.
constexpr double backdrop_hue_tolerance = 6.0;

}  // namespace

extern const Check bg_shadow{
    .id = "bg.shadow",
    .title = {"ombre sur le fond", "shadow on the background"},
    .description =
        "Share of the rows of background beside the head (within 0.4 inter-eye distances) where one side of the "
        "head gets less than 3/4 of the light of the other side, at 32 px between the eyes.",
    .needs = Needs::single_face,
    .values = {{"shadow_share", "share",
                {"part du fond ombrée à côté de la tête", "share of the background shaded beside the head"},
                Shown::percent}},
    .reasons = {{"too little background visible", "trop peu de fond visible"},
                {"too little background beside the head", "trop peu de fond visible à côté de la tête"}},
    .measure = [](const FaceContext& ctx) {
      const Face& f = *ctx.face;
      if (cv::countNonZero(f.background_mask) < min_background_share * ctx.width() * ctx.height())
        return Measurement::skipped("too little background visible");
      const double s = std::min(1.0, work_ied_px / std::max(1.0, f.inter_eye_px));
      // From the reduced photo (Face::reduced_bgr, at least 48 px between the eyes).
      const double rest = std::min(1.0, s / f.reduced_scale);
      const cv::Mat small = area_resize(f.reduced_bgr, cv::Size(), rest, rest);
      cv::Mat mask = area_resize(f.reduced_background_mask, small.size()), lab;
      mask = mask >= 250;  // wholly background at this scale
      small.convertTo(lab, CV_32F, 1.0 / 255.0);
      cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
      const LabStats backdrop = median_lab(small, mask);
      // Distance from the head, shoulders and neck, not from the strip the mask leaves along the
      // photo's edges: that strip counts as background for the distance.
      cv::Mat not_person = mask.clone();
      const int edge = std::max(2, cvRound(0.02 * mask.cols));
      const int chin = std::clamp(cvRound(f.chin.y * s), 0, mask.rows);
      for (const cv::Rect r : {cv::Rect(0, 0, mask.cols, edge), cv::Rect(0, 0, edge, chin),
                               cv::Rect(mask.cols - edge, 0, edge, chin)})
        not_person(r & cv::Rect(0, 0, mask.cols, mask.rows)) = 255;
      cv::Mat distance;
      cv::distanceTransform(not_person, distance, cv::DIST_L2, 3);
      const double near_px = near_band_ied * work_ied_px;
      // Per row, the mean light of the band beside the head on each side of the mid-line. A
      // studio backdrop's fall-off is the same on both sides of the head; a cast shadow is not.
      std::vector<double> sum[2], count[2];
      for (int i : {0, 1}) sum[i].assign(mask.rows, 0.0), count[i].assign(mask.rows, 0.0);
      const double mid = f.midline_x * s;
      for (int y = 0; y < mask.rows; ++y)
        for (int x = 0; x < mask.cols; ++x) {
          if (!mask.at<uchar>(y, x) || distance.at<float>(y, x) > near_px) continue;
          // Only the backdrop, lit or shaded: a shadow scales its colour with its lightness, while
          // hair past the head ellipse has its own hue, or is darker than any cast shadow.
          const cv::Vec3f p = lab.at<cv::Vec3f>(y, x);
          const double shade = p[0] / std::max(1.0, backdrop.lightness);
          if (luminance(p[0]) < darkest_shadow * luminance(backdrop.lightness) ||
              std::hypot(p[1] - shade * backdrop.a, p[2] - shade * backdrop.b) > backdrop_hue_tolerance)
            continue;
          const int side = x < mid ? 0 : 1;
          sum[side][y] += luminance(p[0]);
          count[side][y] += 1;
        }
      int rows = 0, shaded = 0;
      for (int y = 0; y < mask.rows; ++y) {
        if (count[0][y] < 2 || count[1][y] < 2) continue;
        const double left = sum[0][y] / count[0][y], right = sum[1][y] / count[1][y];
        ++rows;
        if (std::min(left, right) < shadowed_share * std::max(left, right)) ++shaded;
      }
      if (rows < 3) return Measurement::skipped("too little background beside the head");
      const double shadow_share = static_cast<double>(shaded) / rows;
      Measurement m;
      m.values = {{"shadow_share", shadow_share, "share"}};
      return m;
    }};

}  // namespace conforme
