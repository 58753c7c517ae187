// sheet.uncut — "la planche photo entière … non découpée" (Ville de Saint-Paul page): a sheet input must still hold
// its copies. Counted by the planche splitter (src/sheet); single photos are not sheets.
#include "checks/check.hpp"
#include "checks/not_a_sheet.hpp"

namespace conforme {

extern const Check sheet_uncut{
    .id = "sheet.uncut",
    .title = {"planche entière", "whole sheet"},
    .description = "Number of photo copies found on the sheet.",
    .needs = Needs::image,
    .values = {{"copies", "count",
                {"nombre de photos sur la planche", "number of photos on the sheet"},
                Shown::count}},
    .reasons = {not_a_sheet_reason},
    .measure = [](const FaceContext& ctx) {
      if (!ctx.sheet) return not_a_sheet_skipped();
      Measurement m;
      m.values.push_back({"copies", static_cast<double>(ctx.sheet->copies), "count"});
      return m;
    }};

}  // namespace conforme
