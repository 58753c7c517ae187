#pragma once
// Random planches over every layout the sheet splitter must read (issue: "planches as people
// really print them"): any grid from 1 x 2 to 4 x 4 and photo-booth strips, gutters from 0 mm
// (copies touching) to 30 mm, equal or not, any margins, white, cream or tinted paper, the sheet
// filling the scan or lying on a dark bed, skew up to 3 degrees, uneven lamp, noise, JPEG, copies
// of several sizes, and sometimes one copy that differs (another person, another crop, another
// exposure, a blank cell). Deterministic: same seed and photos, same sheet.
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "sheet/make_planche.hpp"

namespace conforme {

// The layouts drawn, each a way ID photos are really printed.
enum class PlancheKind {
  lab_4_on_10x15,    // 4 copies (2 x 2) on a 10 x 15 cm print, as labs and online services sell them
  lab_6_on_10x15,    // 6 copies (3 x 2 or 2 x 3) on 10 x 15 cm, the common 6-up planche
  lab_8_on_10x15,    // 8 copies (4 x 2) on 10 x 15 cm, narrow gutters
  two_on_10x15,      // 2 copies side by side or one above the other, wide gutters
  booth_strip,       // a photo-booth strip: 3 or 4 copies in one column or one row, on a narrow strip
  a4_home_print,     // an A4 sheet from a home-printing app: 2 x 2 up to 4 x 4 copies
  any_grid,          // any grid from 1 x 2 to 4 x 4 on a sheet just large enough, any margins
};
inline constexpr int planche_kind_count = 7;
std::string planche_kind_name(PlancheKind kind);

// How the differing copy differs, if one does.
enum class CopyDifference { none, other_person, other_crop, other_exposure, blank_cell };
std::string copy_difference_name(CopyDifference difference);

struct RandomPlanche {
  PlancheKind kind{};
  PlancheSpec spec;
  Planche planche;
  CopyDifference difference = CopyDifference::none;
  int differing_cell = -1;  // reading order; -1 when every copy shows the same photo
  std::string describe() const;  // one line: kind, grid, size, gutters, paper, scan
};

// The random planche of `seed`, its copies taken from `faces` (at least 2 photos, 8-bit BGR).
// kind: which layout; nullopt draws one of every kind in turn (seed modulo planche_kind_count).
// max_dpi caps the resolution (ctest keeps sheets small; long runs go to 600 dpi).
RandomPlanche random_planche(std::uint64_t seed, const std::vector<cv::Mat>& faces, double max_dpi = 600);

}  // namespace conforme
