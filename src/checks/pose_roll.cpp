// pose.roll — "droite et face à l'objectif" (service-public.fr F10619); ISO/IEC 19794-5 tolerances.
#include "checks/check.hpp"

namespace conforme {

extern const Check pose_roll{
    .id = "pose.roll",
    .title = {"tête penchée", "head tilted"},
    .description = "Head roll (tilt) in degrees, from the angle of the line through the eye centres.",
    .needs = Needs::single_face,
    .values = {{"angle", "deg", {"inclinaison de la tête sur le côté", "head tilt to one side"}, Shown::roll}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"angle", ctx.face->pose.roll_deg, "deg"});
      return m;
    }};

}  // namespace conforme
