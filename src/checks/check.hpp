#pragma once
// The contract of a check: it measures, it never judges. A check is a pure function of a
// read-only FaceContext; thresholds, severities and messages live in the profiles.
#include <string_view>
#include <vector>

#include "checks/words.hpp"
#include "core/face_context.hpp"
#include "core/measurement.hpp"

namespace conforme {

enum class Needs {
  image,        // measures the photo itself; always runs
  single_face,  // needs exactly one face with landmarks (ctx.face set); skipped otherwise
};

struct ValueSpec {
  std::string_view name;  // the report's key, e.g. "ratio"
  std::string_view unit;  // e.g. "ratio", "deg", "mm"
  Words words;            // what the messages call it: "rotation de la tête", "head turn"
  Shown shown;            // how its number is shown (percent, degrees, millimetres...)
  // Set on a value measure() returns in place of the named one when the evidence says that one
  // does not apply (eyes.open's closed_probability_glasses, read through spectacle frames): the
  // profiles judge the two apart. Declared right after the value it replaces.
  std::string_view instead_of = {};
};

// A check is one file of this directory defining one `extern const Check`, written with
// designated initializers, and one line of checks/registry.cpp (README, "Adding a check").
struct Check {
  std::string_view id;           // e.g. "head.height"; the key used in profiles and reports
  Words title;                   // short title: "taille du visage", "face size"
  std::string_view description;  // one English sentence: what is measured and how
  Needs needs;
  std::vector<ValueSpec> values;  // the values measure() returns, in order
  // The reasons measure() may give for not measuring, with their French words (those of
  // run_check, "no face found" and "N faces found", are profile/wording.cpp's).
  std::vector<ReasonWords> reasons = {};
  // requires: ctx.face when needs == Needs::single_face (run_check sees to it).
  // ensures: returns every value of `values` in order (a value with `instead_of` in place of the
  // one it names), or a not-measured reason.
  Measurement (*measure)(const FaceContext& ctx);
};

// Every check the program knows, in report order (checks/registry.cpp).
const std::vector<Check>& all_checks();
// nullptr when no check has that id.
const Check* find_check(std::string_view id);

// Measures one check, turning an unmet prerequisite into a not-measured reason. A check that
// throws fails alone, as OFIQ's executor has it: its measurement is "measurement failed: <what>"
// and the photo's other checks run as ever. Memory exhaustion is the photo's (std::bad_alloc,
// OpenCV's StsNoMem): it propagates, and the photo gets an out_of_memory error record.
Measurement run_check(const Check& check, const FaceContext& ctx);

}  // namespace conforme
