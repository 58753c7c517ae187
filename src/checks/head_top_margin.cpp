// head.top_margin — the whole head in the photo, hair included, with backdrop above it: ICAO Doc
// 9303 part 3 and ISO/IEC 19794-5 (full frontal image) want the whole head visible; the French
// rule's 32-36 mm from chin to skull on a 45 mm photo leaves room above the hair. The top of the
// head is found in evidence/head_top.hpp.
#include "checks/check.hpp"
#include "evidence/head_top.hpp"

namespace conforme {

extern const Check head_top_margin{
    .id = "head.top_margin",
    .title = {"espace au-dessus de la tête", "space above the head"},
    .description =
        "Backdrop between the top of the head (hair included, where it stands out of the backdrop) and the photo's "
        "top edge, divided by photo height (0 = hair touching or cut by the edge); also in mm when the "
        "resolution is known.",
    .needs = Needs::single_face,
    .values = {{"ratio", "ratio",
                {"espace entre le haut de la tête (cheveux compris) et le bord supérieur",
                 "space between the top of the head (hair included) and the top edge"},
                Shown::percent_height},
               {"gap_mm", "mm", {"espace imprimé au-dessus de la tête", "printed space above the head"},
                Shown::millimetres}},
    .reasons = {{"top of the head not found against the background",
                 "haut de la tête non distingué du fond"},
                {"background too busy to find the top of the head",
                 "fond trop chargé pour trouver le haut de la tête"}},
    .measure = [](const FaceContext& ctx) {
      const HeadTop head = find_head_top(ctx);
      if (head.backdrop_off > busiest_backdrop)
        return Measurement::skipped("background too busy to find the top of the head");
      if (!head.found) return Measurement::skipped("top of the head not found against the background");
      const double top = head.y;
      Measurement m;
      m.values.push_back({"ratio", top / ctx.height(), "ratio"});
      // Millimetres only from a known resolution; without one the ratio alone is judged.
      if (ctx.dpi) m.values.push_back({"gap_mm", top / *ctx.dpi * 25.4, "mm"});
      return m;
    }};

}  // namespace conforme
