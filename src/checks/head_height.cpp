// head.height — 32 to 36 mm from the chin to the top of the skull, hair excluded, on a 45 mm
// photo (ANTS; service-public.fr F10619). The crown estimate is explained in face/geometry.hpp.
#include "checks/check.hpp"

namespace conforme {

extern const Check head_height{
    .id = "head.height",
    .title = {"taille du visage", "face size"},
    .description =
        "Chin to top of skull (hair excluded) divided by photo height; also in mm when the "
        "resolution is known.",
    .needs = Needs::single_face,
    .values = {{"ratio", "ratio",
                {"hauteur du visage, du menton au sommet du crâne", "face height, chin to top of skull"},
                Shown::percent_height},
               {"height_mm", "mm", {"hauteur du visage imprimée", "printed face height"}, Shown::millimetres}},
    .measure = [](const FaceContext& ctx) {
      const Face& f = *ctx.face;
      Measurement m;
      const double px = f.chin.y - f.crown_y;
      m.values.push_back({"ratio", px / ctx.height(), "ratio"});
      // Millimetres only from a known resolution; without one the ratio alone is judged.
      if (ctx.dpi) m.values.push_back({"height_mm", px / *ctx.dpi * 25.4, "mm"});
      return m;
    }};

}  // namespace conforme
