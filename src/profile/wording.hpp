#pragma once
// The words people read (issue 20), in French and English. Each check carries its own title,
// its values' words and its reasons for not measuring (checks/check.hpp); this is where they are
// read, with the words that belong to no check: the reasons run_check and the judge give, the
// error codes' titles, numbers and plurals. Checks keep their internal value names (the
// report's keys); the messages show these words instead.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/check.hpp"

namespace conforme {

// The words of one measured value (checks/check.hpp, ValueSpec: its words and how it is shown);
// nullptr when the check or the value is unknown.
const ValueSpec* value_words(std::string_view check_id, std::string_view value_name);

// A check's short title ("taille du visage", "face size"); the id itself when none is written.
std::string check_title(std::string_view check_id, bool french);

// A not-measured reason (the report's English `reason`) in the language asked for: known
// reasons (a check's own, Check::reasons, and run_check's and the judge's) are translated,
// "N faces found" included; an unknown one is returned as it is.
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

// What a record says when an undecided planche layout was judged as the photo of its one face
// (pipeline/check_image.cpp): `detail` is the splitter's account, English, as error messages are.
std::string read_as_one_photo(std::string_view detail, bool french);

// A number as written in that language: decimal comma in French, trailing zeros dropped.
std::string format_number(double v, int decimals, bool french);

// Singular or plural by the French rule (|n| < 2 singular) or the English one (n == 1).
std::string plural(std::size_t n, std::string_view one, std::string_view many, bool french);

}  // namespace conforme
