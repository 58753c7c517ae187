// shoulders.square — shoulders square to the camera: ICAO's photograph guidelines for Doc 9303
// portraits have the sitter "facing square on" to the camera and looking directly at it. A body
// turned a little (as studio portraits often pose it, the head turned back to the camera) shows
// one shoulder line lower and wider than the other. The shoulder lines are the top of the silhouette
// against the backdrop, column by column at the same distances either side of the face's
// mid-line (evidence/shoulders.hpp); how far the two lines stand apart in height is judged.
#include <cmath>

#include "checks/check.hpp"
#include "evidence/shoulders.hpp"

namespace conforme {

extern const Check shoulders_square{
    .id = "shoulders.square",
    .title = {"épaules face à l'objectif", "shoulders square to the camera"},
    .description =
        "Top of the silhouette (clothes standing out by 14 Delta E or more of the backdrop followed down the column, "
        "read on the reduced photo from a mouth's height down, below a run of backdrop) in each column 1.2 to 2.4 "
        "inter-eye distances either side of the face's "
        "mid-line; the median height difference between the left and right shoulder lines at the same distance, "
        "in inter-eye distances.",
    .needs = Needs::single_face,
    .values = {{"drop", "ied",
                {"écart de hauteur entre les épaules (distances entre les yeux)",
                 "height difference between the shoulders (inter-eye distances)"},
                Shown::number}},
    .reasons = {{"shoulders cut off by the photo's edges", "épaules coupées par les bords de la photo"},
                {"no backdrop beside the shoulders", "pas de fond visible à côté des épaules"},
                {"shoulders below the photo's bottom edge", "épaules sous le bord inférieur de la photo"}},
    .measure = [](const FaceContext& ctx) {
      const ShoulderLines lines = find_shoulder_lines(ctx);
      if (lines.missing == ShoulderLines::Missing::cut_off)
        return Measurement::skipped("shoulders cut off by the photo's edges");
      if (lines.missing == ShoulderLines::Missing::below)
        return Measurement::skipped("shoulders below the photo's bottom edge");
      if (!lines.measured) return Measurement::skipped("no backdrop beside the shoulders");
      Measurement m;
      m.values = {{"drop", std::abs(lines.drop), "ied"}};
      return m;
    }};

}  // namespace conforme
