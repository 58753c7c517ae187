// face.count — an identity photo shows exactly one face.
#include "checks/check.hpp"

namespace conforme {

extern const Check face_count{
    "face.count", "Number of faces found by the HOG frontal face detector.", Needs::image,
    {{"faces", "count"}},
    [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"faces", static_cast<double>(ctx.face_count), "count"});
      return m;
    }};

}  // namespace conforme
