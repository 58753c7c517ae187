// photo.aspect — the 35:45 framing of ISO/IEC 19794-5 full frontal images.
#include "checks/check.hpp"

namespace conforme {

extern const Check photo_aspect{
    .id = "photo.aspect",
    .title = {"format de la photo", "photo format"},
    .description = "Width divided by height of the photo (35:45 = 0.778).",
    .needs = Needs::image,
    .values = {{"ratio", "ratio",
                {"rapport largeur/hauteur de la photo", "photo width/height ratio"},
                Shown::number}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      m.values.push_back({"ratio", static_cast<double>(ctx.width()) / ctx.height(), "ratio"});
      return m;
    }};

}  // namespace conforme
