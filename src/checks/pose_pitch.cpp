// pose.pitch — "droite et face à l'objectif" (service-public.fr F10619); ISO/IEC 19794-5 tolerances.
#include "checks/check.hpp"

namespace conforme {

extern const Check pose_pitch{
    .id = "pose.pitch",
    .title = {"tête levée ou baissée", "head raised or lowered"},
    .description = "Head pitch (nod up/down) in degrees, > 0 looking up: a fit of the corpus's 3-D frontal face to 48 landmarks (face/pose.hpp).",
    .needs = Needs::single_face,
    .values = {{"angle", "deg",
                {"inclinaison de la tête vers le haut ou le bas", "head tilt up or down"},
                Shown::pitch}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"angle", ctx.face->pose.pitch_deg, "deg"});
      return m;
    }};

}  // namespace conforme
