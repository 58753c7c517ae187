// photo.resolution — ISO/IEC 19794-5 asks for at least 90 px between the eye centres.
#include "checks/check.hpp"

namespace conforme {

extern const Check photo_resolution{
    "photo.resolution", "Distance between the two eye centres, in pixels.", Needs::single_face,
    {{"inter_eye", "px"}},
    [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"inter_eye", ctx.face->inter_eye_px, "px"});
      return m;
    }};

}  // namespace conforme
