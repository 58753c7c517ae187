// expr.neutral — "expression neutre" (seed 001): no smile. A smile lifts the mouth corners above
// the lip line and widens the mouth relative to the eyes.
#include <opencv2/core.hpp>

#include "checks/check.hpp"

namespace conforme {

extern const Check expr_neutral{
    "expr.neutral",
    "Mouth-corner lift above the inner lip centre and mouth width, both divided by the inter-eye distance.",
    Needs::single_face, {{"corner_lift", "ratio"}, {"mouth_width", "ratio"}},
    [](const FaceContext& ctx) {
      const auto& p = ctx.upright_landmarks;  // head tilt removed
      const double lip_centre_y = (p[62].y + p[66].y) / 2.0;
      const double corner_y = (p[48].y + p[54].y) / 2.0;
      const double ied = ctx.inter_eye_px;
      Measurement m;
      m.values = {{"corner_lift", (lip_centre_y - corner_y) / ied, "ratio"},
                  {"mouth_width", cv::norm(p[54] - p[48]) / ied, "ratio"}};
      return m;
    }};

}  // namespace conforme
