#pragma once
// The per-photo report: what the writers serialise and what the library API returns.
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/measurement.hpp"

namespace conforme {

enum class Verdict { pass, warn, fail, skipped };
enum class PhotoStatus { pass, fail, error };

const char* to_string(Verdict v);
const char* to_string(PhotoStatus s);

// One limit on one measured value, as the profile applied it.
struct Limit {
  std::optional<double> min, max;            // outside: the rule's severity
  std::optional<double> warn_min, warn_max;  // outside (but inside min/max): warn
};

struct AppliedLimit {
  std::string value_name;
  Limit limit;
};

struct CheckResult {
  std::string id;
  Verdict verdict = Verdict::skipped;
  Measurement measurement;
  std::vector<AppliedLimit> limits;
  // The requirement alone, as the profile states it ("La tête doit être droite…").
  std::string requirement_fr, requirement_en;
  // What was measured against what is allowed, in words and units ("rotation de la tête :
  // 12,9° vers la gauche de l'image (toléré : ±5°…)"), or why nothing could be measured.
  std::string explanation_fr, explanation_en;
  // The full message: verdict, requirement and explanation, quotable as it stands.
  std::string message_fr, message_en;
  std::string reference;
};

struct PhotoReport {
  std::string input;          // path as given (or as found while walking a directory)
  std::size_t input_index = 0;  // position of the input in the run's full input list (before --shard)
  int photo_index = 0;        // index of the photo within its input (0 for a single photo)
  std::optional<cv::Rect> box;  // the photo's box within its input image
  int width = 0, height = 0;  // photo size in pixels
  std::optional<double> dpi;
  // For a copy on a planche judged identical to the first copy: the index of the copy whose
  // measurements this report repeats.
  std::optional<int> measured_on;
  PhotoStatus status = PhotoStatus::error;
  std::string error_code;     // set when status == error
  std::string error_message;  // names the problem; English
  // The image decoder's warnings about this input (libjpeg's "Corrupt JPEG data…", libpng's,
  // libtiff's), kept with the record of the file that caused them.
  std::vector<std::string> warnings;
  // The colour profile embedded in the file that its pixels were converted from to sRGB before
  // any measure ("Adobe RGB (1998)"; io/colour_profile.hpp); empty when none was applied.
  std::string colour_profile;
  // Set when conforme read the input otherwise than it first took it: a planche whose layout could
  // not be decided, judged as the photo of the one face it holds (pipeline/check_image.cpp). The
  // splitter's own words, English.
  std::optional<std::string> unclear_layout;
  std::vector<CheckResult> checks;
  // The photo with its measurements drawn, small, as JPEG; filled only when asked (--html), and
  // only for the photos a reviewer looks at: those that did not pass or have a point to check.
  std::vector<unsigned char> thumbnail_jpeg;
  // The same drawing full size, as JPEG; filled only when asked (--annotate), for every photo
  // drawn. Written by the AnnotationsWriter (report/annotations.hpp).
  std::vector<unsigned char> drawing_jpeg;
};

// Status from the verdicts: fail if any check failed, pass otherwise.
PhotoStatus status_from_checks(const std::vector<CheckResult>& checks);

// A photo that passes with a point to check (a check's warning, « à vérifier »): a person still
// looks at it (the summary counts it, the review page lists and draws it).
bool passes_with_point_to_check(const PhotoReport& report);

}  // namespace conforme
