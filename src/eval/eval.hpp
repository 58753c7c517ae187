#pragma once
// Accuracy of the checks against labelled photos (`conforme eval`): reads `image,check,expected`
// rows, checks every labelled image once through the pipeline, and counts for each check how
// often its verdict agrees with the label. The CI regression compares those accuracies with a
// committed baseline.
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/report.hpp"
#include "pipeline/pipeline.hpp"
#include "profile/profile.hpp"

namespace conforme::eval {

// A labels or baseline file that cannot be used; what() names the file and, for a row, its line.
struct EvalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct LabelRow {
  std::string image;  // as written in the file
  std::string check;  // check id, e.g. "bg.colour"
  bool expect_pass = true;
  int line = 0;  // 1-based line in the file
  // Optional columns: where the photo comes from (a dataset, a camera), and the true value of
  // the check's primary value when the labels know it (an annotated yaw angle in degrees).
  std::string source;
  std::optional<double> true_value;
};

struct LabelSet {
  std::string path;
  std::vector<std::string> images;  // resolved paths, in order of first appearance
  std::vector<LabelRow> rows;
  std::vector<std::size_t> row_image;  // index into `images` for each row
};

// Reads a CSV with a header naming at least the columns image, check, expected (pass or fail),
// and optionally source and true_value (a number, or empty); other columns are ignored, fields
// may be quoted. Image paths are relative to the CSV's
// directory unless absolute. Throws EvalError on a missing column, a bad `expected` or a
// duplicate (image, check) pair.
LabelSet read_labels(const std::string& csv_path);
// Same, from a stream; `base_dir` resolves relative image paths.
LabelSet parse_labels(std::istream& in, const std::string& name, const std::string& base_dir);

// One point of a threshold sweep on a check's primary value.
struct SweepPoint {
  double threshold = 0;  // in the value's unit (a band: half-width around the profile's centre)
  double false_reject = 0, false_accept = 0;
};

// How the primary value is judged: fails below a minimum, above a maximum, or outside a band.
enum class LimitKind { min, max, band };

struct Sweep {
  std::string value;  // the primary value's name, e.g. "ratio"
  LimitKind kind = LimitKind::max;
  double centre = 0;               // of a band
  double profile_threshold = 0;    // the profile's min, max, or band half-width
  std::vector<SweepPoint> points;  // ascending threshold
  std::optional<double> eer;       // equal-error rate: min over thresholds of max(FRR, FAR)
  // Lowest and highest threshold reaching the equal-error rate (a range when the classes separate).
  std::optional<std::pair<double, double>> eer_range;
};

// A label row whose check is `photo` labels the whole photo: `pass` when the profile accepts it
// (its status pass; a warning is a pass), `fail` when any check refuses it. Its row in the tables
// is named `photo`, after the checks'.
inline constexpr std::string_view whole_photo_check = "photo";

struct CheckStats {
  std::string id;
  // pass-labelled judged pass / fail; fail-labelled judged fail / pass. warn counts as pass.
  std::size_t true_pass = 0, false_fail = 0, true_fail = 0, false_pass = 0;
  // labelled, but the check did not judge (skipped, or the image could not be processed)
  std::size_t unjudged_pass = 0, unjudged_fail = 0;
  // Judged warn ("à vérifier": sent to a person, not refused), among true_pass and false_pass:
  // the review work a profile's warning bands ask for on each kind of row.
  std::size_t reviewed_pass = 0, reviewed_fail = 0;
  std::optional<Sweep> sweep;  // continuous checks with both labels judged

  std::size_t rows() const { return true_pass + false_fail + true_fail + false_pass + unjudged_pass + unjudged_fail; }
  std::size_t pass_labelled() const { return true_pass + false_fail + unjudged_pass; }
  std::size_t fail_labelled() const { return true_fail + false_pass + unjudged_fail; }
  // Correct verdicts over every labelled row: a check that stops judging loses accuracy.
  double accuracy() const;
  // Compliant rows judged fail, over pass-labelled judged rows (nullopt when there are none).
  std::optional<double> false_reject_rate() const;
  // Non-compliant rows judged pass, over fail-labelled judged rows.
  std::optional<double> false_accept_rate() const;
  // Mean of the rates of right verdicts on pass-labelled and on fail-labelled judged rows
  // (nullopt unless both kinds were judged): not flattered by an unbalanced set.
  std::optional<double> balanced_accuracy() const;
};

// The same counts over a part of the rows: one source (the labels' source column) or one
// resolution band (the photo's distance between the eye centres, as photo.resolution measured it).
struct Breakdown {
  std::string group;               // "congress", "40–90 px"
  std::vector<CheckStats> checks;  // registry order, without sweeps
};

// Resolution bands, by pixels between the eye centres: ISO/IEC 19794-5 asks for 90 (photo.resolution),
// 40–90 is the low band where small photos and crops fall.
std::string resolution_band(std::optional<double> inter_eye_px);

// How far a check's primary value lies from the labels' true_value (|measured - true|), over the
// rows that carry one and were measured.
struct ValueError {
  std::string check, value, unit;
  std::size_t rows = 0;
  double mean_abs = 0, median_abs = 0, p90_abs = 0, max_abs = 0;
  double bias = 0;  // mean of measured - true
};

// One disagreement, for the reviewer.
struct Miss {
  std::string image, check;
  bool expect_pass = true;
  std::string verdict;  // pass, warn, fail, skipped, error
  std::string values;   // "ratio=0.652" or the not-measured reason
};

struct Evaluation {
  std::string labels_path, profile_name;
  std::size_t images = 0, rows = 0, image_errors = 0;
  std::vector<CheckStats> checks;  // registry order; only checks with labelled rows
  // Rows not evaluated, by check id: unknown to the program, or absent from the profile.
  std::map<std::string, std::size_t> unknown_check_rows, not_in_profile_rows;
  // Photos whose every evaluated label is `pass`, and how many of them the program rejected:
  // on any check of the profile, or on one of the labelled checks; and how many it did not
  // reject but sent to review (a warning) on a labelled check.
  std::size_t compliant_photos = 0, compliant_rejected_any = 0, compliant_rejected_labelled = 0;
  std::size_t compliant_reviewed_labelled = 0;
  std::vector<Miss> misses;  // in label order
  // Per source (only when the labels name sources) and per resolution band, each in first-seen
  // order of its group (bands ascending).
  std::vector<Breakdown> by_source, by_resolution;
  std::vector<ValueError> value_errors;  // registry order; only checks with true values
};

// Scores reports against labels: reports[i] is the report of labels.images[i].
Evaluation score(const LabelSet& labels, const std::vector<PhotoReport>& reports, const Profile& profile);

// Checks every labelled image with `checker` (in parallel, options.jobs) and scores the reports.
// each_report, when set, also gets every report, in input order (conforme eval --annotate).
Evaluation evaluate(const LabelSet& labels, const Checker& checker, const PipelineOptions& options,
                    const std::function<void(const PhotoReport&)>& each_report = {});

// Wilson score interval at 95 % for `hits` out of `n` (n > 0): {low, high}, within [0, 1].
std::pair<double, double> wilson_interval(std::size_t hits, std::size_t n);

// Threshold sweep over (score, is-pass-labelled) pairs, where a row fails when score > threshold.
Sweep sweep_scores(std::vector<std::pair<double, bool>> scored);

// Minimum accuracy per check; the CI regression fails when one is not reached.
struct Baseline {
  std::string labels, profile;  // what it was measured on, for the reader
  std::map<std::string, double> min_accuracy;
};
Baseline read_baseline(const std::string& path);
// The evaluation's accuracies, rounded down to 3 decimals.
Baseline baseline_from(const Evaluation& e);
void write_baseline(std::ostream& out, const Baseline& b);

struct Regression {
  std::string check;
  double accuracy = 0, minimum = 0;  // accuracy 0 and a reason when the check has no rows
  std::string reason;
};
std::vector<Regression> compare(const Evaluation& e, const Baseline& b);

// Reports: a Markdown page (tables, sweeps, disagreements), a plain-text table, and JSON.
void write_markdown(std::ostream& out, const Evaluation& e, const std::vector<Regression>* regressions);
void write_text(std::ostream& out, const Evaluation& e);
void write_json(std::ostream& out, const Evaluation& e);

}  // namespace conforme::eval
