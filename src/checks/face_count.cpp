// face.count — an identity photo shows exactly one face.
#include "checks/check.hpp"

namespace conforme {

extern const Check face_count{
    .id = "face.count",
    .title = {"nombre de visages", "number of faces"},
    .description = "Number of faces found by the HOG frontal face detector.",
    .needs = Needs::image,
    .values = {{"faces", "count", {"nombre de visages détectés", "number of faces found"}, Shown::count}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"faces", static_cast<double>(ctx.face_count), "count"});
      return m;
    }};

}  // namespace conforme
