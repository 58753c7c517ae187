// light.exposure — the face is neither over- nor under-exposed (ANTS photo guidance).
#include <opencv2/core.hpp>

#include "checks/check.hpp"
#include "face/image_stats.hpp"

namespace conforme {

extern const Check light_exposure{
    .id = "light.exposure",
    .title = {"exposition", "exposure"},
    .description = "Median lightness L* of the face and the shares of face pixels clipped to white (>= 250) or black (<= 5).",
    .needs = Needs::single_face,
    .values = {{"face_lightness", "L*", {"clarté du visage", "face lightness"}, Shown::lightness},
               {"clipped_high", "share",
                {"part du visage brûlée (blanc pur)", "share of the face burnt out (pure white)"},
                Shown::percent},
               {"clipped_low", "share",
                {"part du visage bouchée (noir pur)", "share of the face blocked up (pure black)"},
                Shown::percent}},
    .measure = [](const FaceContext& ctx) {
      // Clipping is a property of single pixels: counted at full resolution, in the face's box only.
      const cv::Rect box = face_region(ctx, 0.05);
      const cv::Mat gray = ctx.gray(box), face = ctx.face->face_mask(box);
      const double pixels = std::max(1, cv::countNonZero(face));
      cv::Mat high = (gray >= 250) & face;
      cv::Mat low = (gray <= 5) & face;
      Measurement m;
      // The median needs no detail: taken on the reduced photo, once per photo (FaceEvidence::face_lab).
      m.values = {{"face_lightness", face_lab(ctx).lightness, "L*"},
                  {"clipped_high", cv::countNonZero(high) / pixels, "share"},
                  {"clipped_low", cv::countNonZero(low) / pixels, "share"}};
      return m;
    }};

}  // namespace conforme
