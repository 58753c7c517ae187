// glasses.frame — ICAO Doc 9303 part 3 and ISO/IEC 19794-5:2005 §7.2.11 allow glasses whose
// frames are not heavy and do not hide the eyes. Measured only where frames are found
// (glasses_evidence.hpp, as glasses.tinted and glasses.reflection): the "ink" of the lower rim
// below each eye (evidence/glasses_frame.hpp), how far its colour departs from the skin's summed
// across it, in inter-eye distances, so a heavy frame reads two to four times a thin metal one.
// Whether a rim crosses the eye itself is not measured: the measure tried (a straight edge running
// through the eye and beside both its corners) did not separate it well enough on the labelled
// portraits (EVALUATION.md §14.3).
#include <array>

#include "checks/check.hpp"
#include "evidence/glasses_evidence.hpp"
#include "evidence/glasses_frame.hpp"

namespace conforme {

extern const Check glasses_frame{
    .id = "glasses.frame",
    .title = {"monture des lunettes", "spectacle frames"},
    .description =
        "When frames are found: the ink of the lower rim below each eye (down each column below the eye, the "
        "CIELAB departure from the column's median colour, over 100, summed over 0.07 inter-eye distances about "
        "its strongest point; median over the columns, at 128 px between the eyes), in inter-eye distances; the "
        "mean of the two eyes is judged; 0 without glasses.",
    .needs = Needs::single_face,
    .values = {{"rim_ink", "ratio",
                {"épaisseur apparente des montures sous les yeux (distances entre les yeux, moyenne des deux yeux)",
                 "apparent width of the frames below the eyes (inter-eye distances, mean of the two eyes)"},
                Shown::number},
               {"left_rim_ink", "ratio",
                {"épaisseur apparente de la monture sous l'œil à gauche sur l'image",
                 "apparent width of the frame below the eye on the image left"},
                Shown::number},
               {"right_rim_ink", "ratio",
                {"épaisseur apparente de la monture sous l'œil à droite sur l'image",
                 "apparent width of the frame below the eye on the image right"},
                Shown::number},
               {"glasses_found", "flag", {"lunettes détectées", "glasses found"}, Shown::flag}},
    .measure = [](const FaceContext& ctx) {
      const bool found = glasses_found(ctx);
      std::array<EyeFrameRim, 2> rims{};
      if (found) rims = glasses_frame_rims(*glasses_crop(ctx));
      Measurement m;
      m.values = {{"rim_ink", (rims[0].ink + rims[1].ink) / 2, "ratio"},
                  {"left_rim_ink", rims[0].ink, "ratio"},
                  {"right_rim_ink", rims[1].ink, "ratio"},
                  {"glasses_found", found ? 1.0 : 0.0, "flag"}};
      return m;
    }};

}  // namespace conforme
