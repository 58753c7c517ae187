// expr.mouth_closed — "bouche fermée" (seed 001): the inner lips touch.
#include <opencv2/core.hpp>

#include "checks/check.hpp"

namespace conforme {

extern const Check expr_mouth_closed{
    "expr.mouth_closed", "Mean gap between the inner lips (landmarks 61-67, 62-66, 63-65) divided by mouth width.",
    Needs::single_face, {{"gap_ratio", "ratio"}},
    [](const FaceContext& ctx) {
      const auto& p = ctx.upright_landmarks;
      const double gap = ((p[67].y - p[61].y) + (p[66].y - p[62].y) + (p[65].y - p[63].y)) / 3.0;
      const double width = cv::norm(p[54] - p[48]);
      Measurement m;
      m.values.push_back({"gap_ratio", width > 0 ? std::max(0.0, gap) / width : 0.0, "ratio"});
      return m;
    }};

}  // namespace conforme
