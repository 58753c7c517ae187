// head.side_margin — the whole head in the photo, with backdrop beside it: ICAO Doc 9303 part 3
// (a close-up of the whole head) and ISO/IEC 19794-5 §1 (the Full Frontal image: the full head,
// with all hair in most cases); the French texts ask for a light backdrop "faisant apparaître le
// contour du visage" (ministère de l'Intérieur, on the town-hall pages; service-public.fr
// F10619). A head whose hair or ear touches or is cut by a side edge shows no outline there. The
// sides of the head are found in evidence/head_sides.hpp.
#include <algorithm>

#include "checks/check.hpp"
#include "evidence/head_sides.hpp"
#include "evidence/head_top.hpp"

namespace conforme {

extern const Check head_side_margin{
    .id = "head.side_margin",
    .title = {"espace sur les côtés de la tête", "space beside the head"},
    .description =
        "Backdrop between the head (hair and ears included, where they stand out of the backdrop, from the top of "
        "the skull to the nose) and the nearer side edge, divided by photo width (0 = head touching or cut by "
        "the edge); each side's, a side with a busy backdrop not read; in mm when the resolution is known.",
    .needs = Needs::single_face,
    .values = {{"ratio", "ratio",
                {"espace entre la tête (cheveux et oreilles compris) et le bord latéral le plus proche",
                 "space between the head (hair and ears included) and the nearer side edge"},
                Shown::percent_of_width},
               {"left_ratio", "ratio",
                {"espace à gauche de la tête (gauche de l'image)", "space left of the head (image left)"},
                Shown::percent_of_width},
               {"right_ratio", "ratio",
                {"espace à droite de la tête (droite de l'image)", "space right of the head (image right)"},
                Shown::percent_of_width},
               {"gap_mm", "mm", {"espace imprimé du côté le plus proche", "printed space on the nearer side"},
                Shown::millimetres}},
    .reasons = {{"background too busy to find the sides of the head",
                 "fond trop chargé pour trouver les côtés de la tête"}},
    .measure = [](const FaceContext& ctx) {
      const HeadSides head = find_head_sides(ctx);
      // A side whose backdrop is too busy is not read (bg.uniform judges such a background); the
      // other still is.
      const bool left_read = head.backdrop_off[0] <= busiest_backdrop;
      const bool right_read = head.backdrop_off[1] <= busiest_backdrop;
      if (!left_read && !right_read) return Measurement::skipped("background too busy to find the sides of the head");
      const double w = ctx.width();
      const double left = std::max(0.0, head.left), right = std::max(0.0, w - head.right);
      const double nearer = !right_read ? left : !left_read ? right : std::min(left, right);
      Measurement m;
      m.values.push_back({"ratio", nearer / w, "ratio"});
      if (left_read) m.values.push_back({"left_ratio", left / w, "ratio"});
      if (right_read) m.values.push_back({"right_ratio", right / w, "ratio"});
      // Millimetres only from a known resolution; without one the ratios alone are judged.
      if (ctx.dpi) m.values.push_back({"gap_mm", nearer / *ctx.dpi * 25.4, "mm"});
      return m;
    }};

}  // namespace conforme
