// glasses.tinted — ICAO Doc 9303 part 3 and ISO/IEC 19794-5 §7.2.11 allow clear glasses only:
// no tinted or dark lenses. Measured only where frames are found (glasses_evidence.hpp), as the
// light the lenses let through: the luminance of the skin just below the eyes, which any lens
// covers, over that of the cheeks below the lenses; and how far apart their colours are. Without
// glasses there is no lens: transmission 1, colour 0.
#include <cmath>

#include "checks/check.hpp"
#include "evidence/glasses_evidence.hpp"
#include "face/image_stats.hpp"

namespace conforme {

extern const Check glasses_tinted{
    .id = "glasses.tinted",
    .title = {"verres teintés", "tinted lenses"},
    .description =
        "When frames are found: luminance of the skin below the eyes (inside the lenses) over that of the cheeks "
        "below the lenses, and the a*b* distance between their median colours; 1 and 0 without glasses.",
    .needs = Needs::single_face,
    .values = {{"lens_transmission", "ratio",
                {"clarté de la peau derrière les verres (sur celle des joues)",
                 "skin brightness behind the lenses (over the cheeks)"},
                Shown::number},
               {"lens_colour", "dE_ab",
                {"écart de couleur derrière les verres", "colour shift behind the lenses"},
                Shown::chroma},
               {"glasses_found", "flag", {"lunettes détectées", "glasses found"}, Shown::flag}},
    .measure = [](const FaceContext& ctx) {
      const bool found = glasses_found(ctx);
      double transmission = 1.0, colour = 0.0;
      if (found) {
        const auto crop = glasses_crop(ctx);
        const UprightFace& face = *crop;
        const LabStats lens = median_lab(face.bgr, under_eye_mask(face));
        const LabStats cheek = median_lab(face.bgr, cheek_mask(face));
        transmission = luminance(lens.lightness) / std::max(1e-3, luminance(cheek.lightness));
        colour = std::hypot(cheek.a - lens.a, cheek.b - lens.b);
      }
      Measurement m;
      m.values = {{"lens_transmission", transmission, "ratio"}, {"lens_colour", colour, "dE_ab"},
                  {"glasses_found", found ? 1.0 : 0.0, "flag"}};
      return m;
    }};

}  // namespace conforme
