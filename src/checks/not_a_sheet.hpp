#pragma once
// The planche's own checks (sheet.uncut, sheet.copies_identical) do not apply to a single photo:
// they are not measured, with this reason, which the human verdict (report/human.cpp) reads to
// leave them out of the checks it says were not measured.
#include <string>

#include "checks/words.hpp"
#include "core/measurement.hpp"

namespace conforme {

inline constexpr ReasonWords not_a_sheet_reason{"single photo input, not a sheet", "photo seule, pas une planche"};

inline Measurement not_a_sheet_skipped() { return Measurement::skipped(std::string(not_a_sheet_reason.en)); }

}  // namespace conforme
