// photo.resolution — ISO/IEC 19794-5 asks for at least 90 px between the eye centres.
#include "checks/check.hpp"

namespace conforme {

extern const Check photo_resolution{
    .id = "photo.resolution",
    .title = {"résolution", "resolution"},
    .description = "Distance between the two eye centres, in pixels.",
    .needs = Needs::single_face,
    .values = {{"inter_eye", "px",
                {"distance entre les centres des yeux", "distance between the eye centres"},
                Shown::pixels}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"inter_eye", ctx.face->inter_eye_px, "px"});
      return m;
    }};

}  // namespace conforme
