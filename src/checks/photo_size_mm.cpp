// photo.size_mm — the photo measures 35 x 45 mm (service-public.fr F10619, Ville de Meaux). Only from a resolution the file
// states or the user gives: without one the size is not measurable, never guessed (SPEC, Inputs).
#include "checks/check.hpp"

namespace conforme {

extern const Check photo_size_mm{
    "photo.size_mm", "Printed width and height of the photo in millimetres, from its pixels and resolution.",
    Needs::image, {{"width_mm", "mm"}, {"height_mm", "mm"}},
    [](const FaceContext& ctx) {
      if (!ctx.dpi) return Measurement::skipped("resolution unknown");
      Measurement m;
      m.values = {{"width_mm", ctx.width() / *ctx.dpi * 25.4, "mm"},
                  {"height_mm", ctx.height() / *ctx.dpi * 25.4, "mm"}};
      return m;
    }};

}  // namespace conforme
