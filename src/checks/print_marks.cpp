// print.marks — "sans pliure, sans trace" (service-public.fr F10619): a scanned print must show no fold and no
// mark. The folds found across the photo, and the longest thin mark on the backdrop in inter-eye
// distances (evidence/print_marks.hpp says how both are found).
#include <algorithm>

#include "checks/check.hpp"
#include "evidence/print_marks.hpp"

namespace conforme {

extern const Check print_marks{
    .id = "print.marks",
    .title = {"pliures et traces", "folds and marks"},
    .description =
        "Fold lines (thin straight lines longer than 40 % of the photo's smaller side, found by HoughLinesP on "
        "top-hat and black-hat ridges; lines parallel to a side within 10 % of it are a scanned print's margin, not "
        "folds) and the longest thin mark on the backdrop, in inter-eye distances.",
    .needs = Needs::single_face,
    .values = {{"fold_lines", "lines", {"pliures détectées", "folds found"}, Shown::count},
               {"mark_length", "IED",
                {"longueur de la plus longue trace (en écarts entre les yeux)",
                 "length of the longest mark (in eye distances)"},
                Shown::number}},
    .measure = [](const FaceContext& ctx) {
      const PrintMarks marks = find_print_marks(ctx);
      Measurement m;
      m.values = {{"fold_lines", static_cast<double>(marks.folds.size()), "lines"},
                  {"mark_length", marks.longest_mark_px / std::max(1.0, ctx.face->inter_eye_px), "IED"}};
      return m;
    }};

}  // namespace conforme
