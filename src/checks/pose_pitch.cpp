// pose.pitch — "droite et face à l'objectif" (service-public.fr F10619); ISO/IEC 19794-5 tolerances.
#include "checks/check.hpp"

namespace conforme {

extern const Check pose_pitch{
    "pose.pitch", "Head pitch (nod up/down) in degrees, > 0 looking up: a fit of the corpus's 3-D frontal face to 48 landmarks (face/pose.hpp).",
    Needs::single_face, {{"angle", "deg"}},
    [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"angle", ctx.face->pose.pitch_deg, "deg"});
      return m;
    }};

}  // namespace conforme
