// pose.yaw — "droite et face à l'objectif" (service-public.fr F10619); ISO/IEC 19794-5 tolerances.
#include "checks/check.hpp"

namespace conforme {

extern const Check pose_yaw{
    .id = "pose.yaw",
    .title = {"tête tournée", "head turned"},
    .description = "Head yaw (turn left/right) in degrees, > 0 towards the image right: a fit of the corpus's 3-D frontal face to 48 landmarks (face/pose.hpp).",
    .needs = Needs::single_face,
    .values = {{"angle", "deg", {"rotation de la tête", "head turn"}, Shown::yaw}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"angle", ctx.face->pose.yaw_deg, "deg"});
      return m;
    }};

}  // namespace conforme
