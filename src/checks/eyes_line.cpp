// eyes.line — height of the eye line above the bottom edge (ISO/IEC 19794-5, ICAO 9303).
#include "checks/check.hpp"

namespace conforme {

extern const Check eyes_line{
    "eyes.line", "Height of the eye centres above the bottom edge divided by photo height.",
    Needs::single_face, {{"ratio", "ratio"}},
    [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"ratio", (ctx.height() - ctx.face->eye_mid.y) / ctx.height(), "ratio"});
      return m;
    }};

}  // namespace conforme
