// eyes.line — height of the eye line above the bottom edge (ISO/IEC 19794-5, ICAO 9303).
#include "checks/check.hpp"

namespace conforme {

extern const Check eyes_line{
    .id = "eyes.line",
    .title = {"hauteur des yeux", "eye height"},
    .description = "Height of the eye centres above the bottom edge divided by photo height.",
    .needs = Needs::single_face,
    .values = {{"ratio", "ratio", {"hauteur des yeux", "eye height"}, Shown::percent_height_from_bottom}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"ratio", (ctx.height() - ctx.face->eye_mid.y) / ctx.height(), "ratio"});
      return m;
    }};

}  // namespace conforme
