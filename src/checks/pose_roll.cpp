// pose.roll — "droite et face à l'objectif" (service-public.fr F10619); ISO/IEC 19794-5 tolerances.
#include "checks/check.hpp"

namespace conforme {

extern const Check pose_roll{
    "pose.roll", "Head roll (tilt) in degrees, from the angle of the line through the eye centres.",
    Needs::single_face, {{"angle", "deg"}},
    [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"angle", ctx.face->pose.roll_deg, "deg"});
      return m;
    }};

}  // namespace conforme
