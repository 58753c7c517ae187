// pose.yaw — "droite et face à l'objectif" (seed 001); ISO/IEC 19794-5 tolerances.
#include "checks/check.hpp"

namespace conforme {

extern const Check pose_yaw{
    "pose.yaw", "Head yaw (turn left/right) in degrees, from cv::solvePnP of six landmarks on a 3-D mean face.",
    Needs::single_face, {{"angle", "deg"}},
    [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"angle", ctx.pose.yaw_deg, "deg"});
      return m;
    }};

}  // namespace conforme
