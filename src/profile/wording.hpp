#pragma once
// The words people read (issue 20): each check's short title, each measured value's name and
// unit in French and English, and the reasons for not measuring. Checks keep their internal
// value names (the report's keys); the messages show these words instead.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conforme {

// How a value is shown: its unit, and for some a phrase placing it.
enum class Shown {
  number,          // a bare number (ratios, scores)
  percent,         // a share 0..1 shown as a percentage
  percent_height,  // a fraction of the photo height, "65,2 % de la hauteur de la photo"
  percent_height_from_bottom,
  percent_width,   // a fraction of the photo width from its left edge
  yaw,             // degrees, > 0 towards the image right
  pitch,           // degrees, > 0 looking up
  roll,            // degrees, tilt to one side (direction not told)
  millimetres,
  pixels,
  count,
  flag,            // 1 yes, 0 no
  lightness,       // CIELAB L*
  chroma,          // CIELAB C*ab (and a*, b*)
  grey_levels,     // grey levels (per pixel for edges)
};

struct ValueWords {
  std::string_view check_id, value_name;
  std::string_view fr, en;  // e.g. "rotation de la tête", "head turn"
  Shown shown;
};

// The words of one measured value; nullptr when none are written (a test requires them all).
const ValueWords* value_words(std::string_view check_id, std::string_view value_name);
// Every entry, for the tests.
const std::vector<ValueWords>& all_value_words();

// A check's short title ("taille du visage", "face size"); the id itself when none is written.
std::string check_title(std::string_view check_id, bool french);

// A not-measured reason (the report's English `reason`) in the language asked for: known
// reasons are translated, "N faces found" included; an unknown one is returned as it is.
std::string reason_text(const std::string& reason_en, bool french);
// The reason of a rule not judged because `failed_check_id` failed (a profile's
// not_judged_when_failed): "hidden: face.occlusion failed", worded by reason_text.
std::string not_judged_reason(std::string_view failed_check_id);
// The reasons reason_text knows, in English, for the tests ("2 faces found" stands for N).
std::vector<std::string> known_reasons();

// An error record's code in words ("image corrompue", "corrupt image"); the code itself when
// unknown. Error messages themselves are English (SPEC, Reports); this is what a French reader
// gets beside them.
std::string error_title(std::string_view code, bool french);
// The codes error_title knows, for the tests.
std::vector<std::string> known_error_codes();

// A number as written in that language: decimal comma in French, trailing zeros dropped.
std::string format_number(double v, int decimals, bool french);

// Singular or plural by the French rule (|n| < 2 singular) or the English one (n == 1).
std::string plural(std::size_t n, std::string_view one, std::string_view many, bool french);

}  // namespace conforme
