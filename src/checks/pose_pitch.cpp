// pose.pitch — "droite et face à l'objectif" (seed 001); ISO/IEC 19794-5 tolerances.
#include "checks/check.hpp"

namespace conforme {

extern const Check pose_pitch{
    "pose.pitch", "Head pitch (nod up/down) in degrees, from cv::solvePnP of six landmarks on a 3-D mean face.",
    Needs::single_face, {{"angle", "deg"}},
    [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"angle", ctx.pose.pitch_deg, "deg"});
      return m;
    }};

}  // namespace conforme
