// head.center_x — the face is centred horizontally (ISO/IEC 19794-5 full frontal).
#include "checks/check.hpp"

namespace conforme {

extern const Check head_center_x{
    .id = "head.center_x",
    .title = {"centrage du visage", "face centring"},
    .description = "Horizontal position of the face mid-line divided by photo width (0.5 = centred).",
    .needs = Needs::single_face,
    .values = {{"ratio", "ratio", {"milieu du visage", "face mid-line"}, Shown::percent_width}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"ratio", ctx.face->midline_x / ctx.width(), "ratio"});
      return m;
    }};

}  // namespace conforme
