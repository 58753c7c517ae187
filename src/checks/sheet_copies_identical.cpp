// sheet.copies_identical — a planche holds identical copies of one photo (Ville de Saint-Paul page). The largest
// difference between any copy and the first, each aligned, in 0..1 grey units (src/sheet).
#include "checks/check.hpp"
#include "checks/not_a_sheet.hpp"

namespace conforme {

extern const Check sheet_copies_identical{
    .id = "sheet.copies_identical",
    .title = {"photos identiques", "identical photos"},
    .description = "Largest normalised difference between the first copy and any other copy of the sheet, aligned.",
    .needs = Needs::image,
    .values = {{"difference", "ratio",
                {"différence entre les photos de la planche", "difference between the photos of the sheet"},
                Shown::percent}},
    .reasons = {not_a_sheet_reason,
                {"fewer than two copies on the sheet", "moins de deux photos sur la planche"}},
    .measure = [](const FaceContext& ctx) {
      if (!ctx.sheet) return not_a_sheet_skipped();
      if (ctx.sheet->copies < 2) return Measurement::skipped("fewer than two copies on the sheet");
      Measurement m;
      m.values.push_back({"difference", ctx.sheet->copies_difference, "ratio"});
      return m;
    }};

}  // namespace conforme
