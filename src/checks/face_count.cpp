// face.count — an identity photo shows exactly one face.
#include <algorithm>

#include "checks/check.hpp"

namespace conforme {

extern const Check face_count{
    .id = "face.count",
    .title = {"nombre de visages", "number of faces"},
    .description =
        "Number of faces found by the HOG frontal face detector at a size the checks can measure; when there is "
        "none, the faces a closer look at the photo enlarged finds that are too small to measure (a distant or "
        "full-length portrait, a group photo), and the largest one's box side in pixels; and when there is no face at "
        "all, the quarter turns clockwise that show one face upright (a photo on its side or upside down; these three "
        "only when no face is found). A face the detector finds upside down is not counted: the photo reads 2 quarter "
        "turns. When one face is found: the other, smaller faces beside it (a person behind, a photo on the "
        "backdrop), looked for where skin shows outside the sitter's head and body.",
    .needs = Needs::image,
    .values = {{"faces", "count", {"nombre de visages détectés", "number of faces found"}, Shown::count},
               {"small_faces", "count",
                {"visages trop petits pour être mesurés", "faces too small to measure"}, Shown::count},
               {"small_face_px", "px",
                {"taille du plus grand visage trop petit", "size of the largest face too small"}, Shown::pixels},
               {"quarter_turns", "count",
                {"quarts de tour (sens horaire) qui redressent le visage",
                 "quarter turns clockwise that set the face upright"},
                Shown::count},
               {"other_faces", "count",
                {"autres visages, plus petits, à côté du visage", "other, smaller faces beside the face"},
                Shown::count}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"faces", static_cast<double>(ctx.face_count), "count"});
      // Looked for only when one face is found (src/face/other_faces.hpp).
      if (ctx.face_count == 1) m.values.push_back({"other_faces", static_cast<double>(ctx.other_face_boxes.size()), "count"});
      // Looked for only when no face is found at a measurable size (src/face/face_models.cpp).
      if (ctx.face_count > 0) return m;
      m.values.push_back({"small_faces", static_cast<double>(ctx.small_face_boxes.size()), "count"});
      float largest = 0;
      for (const auto& box : ctx.small_face_boxes) largest = std::max({largest, box.width, box.height});
      m.values.push_back({"small_face_px", static_cast<double>(largest), "px"});
      m.values.push_back({"quarter_turns", static_cast<double>(ctx.turned_quarters), "count"});
      return m;
    }};

}  // namespace conforme
