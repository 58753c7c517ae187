// glasses.tinted — ICAO Doc 9303 part 3 and ISO/IEC 19794-5 §7.2.11 allow clear glasses only:
// no tinted or dark lenses. Measured where lenses are found (glasses_evidence.hpp, lenses_found:
// frame edges, the glasses network, or a lens area showing no skin and mostly darker than the
// cheeks), as the light the lenses let through: the luminance of the
// skin just below the eyes, which any lens covers, over that of the cheeks below the lenses; how
// far apart their colours are; and the share of the lens area that shows skin (dark, mirrored and
// coloured lenses hide it, EVALUATION.md §26). Without glasses there is no lens: transmission 1,
// colour 0, skin share 1. The lens area's dark share (the gate's third way in) is reported on
// every face.
#include <cmath>

#include "checks/check.hpp"
#include "evidence/glasses_evidence.hpp"
#include "face/image_stats.hpp"

namespace conforme {

extern const Check glasses_tinted{
    .id = "glasses.tinted",
    .title = {"verres teintés", "tinted lenses"},
    .description =
        "When lenses are found (frame edges, the glasses network, or a lens area under 10 % skin and at least "
        "half darker than half the cheeks' lightness): luminance of the skin below the eyes (inside the "
        "lenses) over that of the cheeks below the lenses, the a*b* distance between their median colours, "
        "and the share of the lens area within 15 Delta E of the cheeks' median colour; 1, 0 and 1 without "
        "glasses. The share of the lens area darker than half the cheeks' lightness is reported on every face.",
    .needs = Needs::single_face,
    .values = {{"lens_transmission", "ratio",
                {"clarté de la peau derrière les verres (sur celle des joues)",
                 "skin brightness behind the lenses (over the cheeks)"},
                Shown::number},
               {"lens_colour", "dE_ab",
                {"écart de couleur derrière les verres", "colour shift behind the lenses"},
                Shown::chroma},
               {"lens_skin", "share",
                {"part des verres laissant voir la peau", "share of the lenses showing the skin"},
                Shown::percent},
               {"lens_dark", "share",
                {"part des verres plus sombre que la moitié de la clarté des joues",
                 "share of the lenses darker than half the cheeks' lightness"},
                Shown::percent},
               {"glasses_found", "flag", {"lunettes détectées", "glasses found"}, Shown::flag}},
    .measure = [](const FaceContext& ctx) {
      const bool found = lenses_found(ctx);
      double transmission = 1.0, colour = 0.0, skin = 1.0;
      if (found) {
        const auto crop = glasses_crop(ctx);
        const UprightFace& face = *crop;
        const LabStats lens = median_lab(face.bgr, under_eye_mask(face));
        const LabStats& cheek = cheek_lab(ctx);
        transmission = luminance(lens.lightness) / std::max(1e-3, luminance(cheek.lightness));
        colour = std::hypot(cheek.a - lens.a, cheek.b - lens.b);
        skin = lens_skin_share(ctx);
      }
      Measurement m;
      m.values = {{"lens_transmission", transmission, "ratio"}, {"lens_colour", colour, "dE_ab"},
                  {"lens_skin", skin, "share"}, {"lens_dark", lens_dark_share(ctx), "share"},
                  {"glasses_found", found ? 1.0 : 0.0, "flag"}};
      return m;
    }};

}  // namespace conforme
