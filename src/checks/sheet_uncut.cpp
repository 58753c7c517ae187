// sheet.uncut — "la planche photo entière … non découpée" (Ville de Saint-Paul page): a sheet input must still hold
// its copies. Counted by the planche splitter (src/sheet); single photos are not sheets.
#include "checks/check.hpp"

namespace conforme {

extern const Check sheet_uncut{
    "sheet.uncut", "Number of photo copies found on the sheet.", Needs::image, {{"copies", "count"}},
    [](const FaceContext& ctx) {
      if (!ctx.sheet) return Measurement::skipped("single photo input, not a sheet");
      Measurement m;
      m.values.push_back({"copies", static_cast<double>(ctx.sheet->copies), "count"});
      return m;
    }};

}  // namespace conforme
