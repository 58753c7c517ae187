// photo.size_mm — the photo measures 35 x 45 mm (service-public.fr F10619, Ville de Meaux). Only from a resolution the file
// states or the user gives: without one the size is not measurable, never guessed (SPEC, Inputs). A file's 72, 96 or
// 144 dpi, a screen or software default, is not a print's resolution (pipeline/checker.hpp, photo_dpi).
#include "checks/check.hpp"

namespace conforme {

extern const Check photo_size_mm{
    .id = "photo.size_mm",
    .title = {"taille imprimée", "printed size"},
    .description = "Printed width and height of the photo in millimetres, from its pixels and resolution (the "
                   "file's or --dpi; not a file's 72, 96 or 144 dpi, a screen or software default, unless the photo "
                   "is 35 x 45 mm at it).",
    .needs = Needs::image,
    .values = {{"width_mm", "mm", {"largeur imprimée", "printed width"}, Shown::millimetres},
               {"height_mm", "mm", {"hauteur imprimée", "printed height"}, Shown::millimetres}},
    .reasons = {{"resolution unknown", "résolution inconnue, la taille imprimée ne peut pas être calculée"},
                {"resolution unknown: the file's 72, 96 or 144 dpi is a screen or software default, not a print's (give --dpi)",
                 "résolution inconnue : les 72, 96 ou 144 dpi du fichier sont une valeur par défaut d'écran ou de "
                 "logiciel, pas celle d'un tirage (indiquer --dpi)"}},
    .measure = [](const FaceContext& ctx) {
      if (!ctx.dpi && ctx.screen_dpi)
        return Measurement::skipped("resolution unknown: the file's 72, 96 or 144 dpi is a screen or software default, not a print's (give --dpi)");
      if (!ctx.dpi) return Measurement::skipped("resolution unknown");
      Measurement m;
      m.values = {{"width_mm", ctx.width() / *ctx.dpi * 25.4, "mm"},
                  {"height_mm", ctx.height() / *ctx.dpi * 25.4, "mm"}};
      return m;
    }};

}  // namespace conforme
