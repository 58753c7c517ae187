// bg.shadow — "sans ombre ... en arrière-plan" (seed 001). A flash beside the camera throws the
// sitter's shadow on the backdrop next to the head, on one side. In the background region
// (ctx.background_mask: outside the head ellipse, above the chin), the band beside the head is
// taken on each side of the face's mid-line, and the share of it darker than the lit backdrop by a
// quarter is measured; the more shaded side counts. Computed at 32 px between the eyes: shadows
// are smooth, and distances are then cheap.
#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"

namespace conforme {
namespace {

constexpr double work_ied_px = 32.0;
constexpr double min_background_share = 0.02;  // as bg.uniform: less is not judged
// The band beside the head: background within this many inter-eye distances of the head region.
constexpr double near_band_ied = 0.4;
// Background below this share of the lit backdrop's luminance is in shadow (L* 82 backdrop: 74).
constexpr double shadowed_share = 0.75;

}  // namespace

extern const Check bg_shadow{
    "bg.shadow",
    "Share of the background within 0.4 inter-eye distances of the head, on its more shaded side, darker than "
    "3/4 of the luminance of the lit backdrop (the brightest tenth of the background).",
    Needs::single_face, {{"shadow_share", "share"}},
    [](const FaceContext& ctx) {
      if (cv::countNonZero(ctx.background_mask) < min_background_share * ctx.width() * ctx.height())
        return Measurement::skipped("too little background visible");
      const double s = std::min(1.0, work_ied_px / std::max(1.0, ctx.inter_eye_px));
      cv::Mat gray, mask;
      cv::resize(ctx.gray, gray, cv::Size(), s, s, cv::INTER_AREA);
      cv::resize(ctx.background_mask, mask, gray.size(), 0, 0, cv::INTER_AREA);
      mask = mask >= 250;  // wholly background at this scale
      // Distance from the head, shoulders and neck, not from the strip the mask leaves along the
      // photo's edges: that strip counts as background for the distance.
      cv::Mat not_person = mask.clone();
      const int edge = std::max(2, cvRound(0.02 * gray.cols));
      const int chin = std::clamp(cvRound(ctx.chin.y * s), 0, gray.rows);
      for (const cv::Rect r : {cv::Rect(0, 0, gray.cols, edge), cv::Rect(0, 0, edge, chin),
                               cv::Rect(gray.cols - edge, 0, edge, chin)})
        not_person(r & cv::Rect(0, 0, gray.cols, gray.rows)) = 255;
      cv::Mat distance;
      cv::distanceTransform(not_person, distance, cv::DIST_L2, 3);
      const double near_px = near_band_ied * work_ied_px;
      std::vector<float> near_side[2], all;
      for (int y = 0; y < gray.rows; ++y)
        for (int x = 0; x < gray.cols; ++x) {
          if (!mask.at<uchar>(y, x)) continue;
          const float light = std::pow(gray.at<uchar>(y, x) / 255.0f, 2.2f);  // sRGB to linear, near enough
          all.push_back(light);
          if (distance.at<float>(y, x) <= near_px) near_side[x < ctx.midline_x * s ? 0 : 1].push_back(light);
        }
      // An ID photo's framing leaves little background farther from the head than the band beside
      // it, so the lit backdrop is the brightest tenth of the background rather than its far part.
      std::sort(all.begin(), all.end());
      const double lit = all.empty() ? 0.0 : all[all.size() * 9 / 10];
      if (near_side[0].size() < 10 && near_side[1].size() < 10)
        return Measurement::skipped("too little background beside the head");
      double shadow_share = 0;
      for (auto& band : near_side) {
        if (band.size() < 10) continue;
        const auto dark = std::count_if(band.begin(), band.end(), [&](float v) { return v < shadowed_share * lit; });
        shadow_share = std::max(shadow_share, static_cast<double>(dark) / band.size());
      }
      Measurement m;
      m.values = {{"shadow_share", shadow_share, "share"}};
      return m;
    }};

}  // namespace conforme
