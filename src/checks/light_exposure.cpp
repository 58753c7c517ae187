// light.exposure — the face is neither over- nor under-exposed (ANTS photo guidance).
#include <opencv2/core.hpp>

#include "checks/check.hpp"
#include "checks/image_stats.hpp"

namespace conforme {

extern const Check light_exposure{
    "light.exposure",
    "Median lightness L* of the face and the shares of face pixels clipped to white (>= 250) or black (<= 5).",
    Needs::single_face, {{"face_lightness", "L*"}, {"clipped_high", "share"}, {"clipped_low", "share"}},
    [](const FaceContext& ctx) {
      const double pixels = std::max(1, cv::countNonZero(ctx.face_mask));
      cv::Mat high = (ctx.gray >= 250) & ctx.face_mask;
      cv::Mat low = (ctx.gray <= 5) & ctx.face_mask;
      Measurement m;
      m.values = {{"face_lightness", median_lab(ctx.bgr, ctx.face_mask).lightness, "L*"},
                  {"clipped_high", cv::countNonZero(high) / pixels, "share"},
                  {"clipped_low", cv::countNonZero(low) / pixels, "share"}};
      return m;
    }};

}  // namespace conforme
