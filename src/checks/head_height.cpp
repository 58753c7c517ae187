// head.height — 32 to 36 mm from the chin to the top of the skull, hair excluded, on a 45 mm
// photo (ANTS; service-public.fr F10619). The crown estimate is explained in face/geometry.hpp.
#include "checks/check.hpp"

namespace conforme {

extern const Check head_height{
    "head.height",
    "Chin to top of skull (hair excluded) divided by photo height; also in mm when the "
    "resolution is known.",
    Needs::single_face, {{"ratio", "ratio"}, {"height_mm", "mm"}},
    [](const FaceContext& ctx) {
      const Face& f = *ctx.face;
      Measurement m;
      const double px = f.chin.y - f.crown_y;
      m.values.push_back({"ratio", px / ctx.height(), "ratio"});
      // Millimetres only from a known resolution; without one the ratio alone is judged.
      if (ctx.dpi) m.values.push_back({"height_mm", px / *ctx.dpi * 25.4, "mm"});
      return m;
    }};

}  // namespace conforme
