#include "eval/eval.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "checks/check.hpp"

namespace conforme::eval {
namespace {

// One CSV record (RFC 4180 quoting: "a ""quoted"" field"); false at the end of the input.
bool read_record(std::istream& in, std::vector<std::string>& fields, int& line) {
  fields.clear();
  std::string field;
  bool quoted = false, any = false;
  for (int c; (c = in.get()) != EOF;) {
    any = true;
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          field += '"';
          in.get();
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += static_cast<char>(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      ++line;
      fields.push_back(std::move(field));
      return true;
    } else if (c != '\r') {
      field += static_cast<char>(c);
    }
  }
  if (any) fields.push_back(std::move(field));
  return any;
}

std::string trim_lower(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  const auto last = s.find_last_not_of(" \t");
  s = first == std::string::npos ? "" : s.substr(first, last - first + 1);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  const auto last = s.find_last_not_of(" \t");
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

double ratio(std::size_t num, std::size_t den) { return den ? double(num) / double(den) : 0.0; }

const CheckResult* find_result(const PhotoReport& r, const std::string& id) {
  for (const auto& c : r.checks)
    if (c.id == id) return &c;
  return nullptr;
}

std::string describe(const CheckResult& r) {
  if (!r.measurement.measured()) return r.measurement.not_measured_reason;
  std::ostringstream s;
  for (const auto& v : r.measurement.values) s << (s.tellp() ? " " : "") << v.name << "=" << v.value;
  return s.str();
}

// The value a check's sweep moves the threshold on: the first of its values (registry order)
// that the rule limits from below or above.
const AppliedLimit* primary_limit(const Check& check, const Rule& rule) {
  for (const auto& spec : check.values)
    for (const auto& l : rule.limits)
      if (l.value_name == spec.name && (l.limit.min || l.limit.max)) return &l;
  return nullptr;
}

// resolution_band's groups, in the order the breakdown lists them.
constexpr std::array<const char*, 5> resolution_bands = {"under 40 px", "40–90 px", "90–150 px", "150 px and over",
                                                         "no face measured"};

// judged_warn is a pass that asks for a review: counted as a pass, and as a review.
enum class Outcome { unjudged, judged_pass, judged_warn, judged_fail };

void add(CheckStats& st, bool expect_pass, Outcome o) {
  const bool passed = o == Outcome::judged_pass || o == Outcome::judged_warn;
  if (o == Outcome::unjudged)
    (expect_pass ? st.unjudged_pass : st.unjudged_fail)++;
  else if (expect_pass)
    (passed ? st.true_pass : st.false_fail)++;
  else
    (passed ? st.false_pass : st.true_fail)++;
  if (o == Outcome::judged_warn) (expect_pass ? st.reviewed_pass : st.reviewed_fail)++;
}

// One evaluated row, kept for the breakdowns.
struct Tally {
  std::string check, source, band;
  bool expect_pass = true;
  Outcome outcome = Outcome::unjudged;
};

// Counts of each group's rows, in the order the groups are listed, checks in registry order.
std::vector<Breakdown> break_down(const std::vector<Tally>& tallies, const std::vector<std::string>& groups,
                                  std::string Tally::*group_of) {
  std::vector<Breakdown> out;
  for (const auto& group : groups) {
    std::map<std::string, CheckStats> stats;
    for (const auto& t : tallies) {
      if (t.*group_of != group) continue;
      CheckStats& st = stats[t.check];
      st.id = t.check;
      add(st, t.expect_pass, t.outcome);
    }
    Breakdown b{group, {}};
    for (const Check& check : all_checks())
      if (auto it = stats.find(std::string(check.id)); it != stats.end()) b.checks.push_back(it->second);
    if (auto it = stats.find(std::string(whole_photo_check)); it != stats.end()) b.checks.push_back(it->second);
    out.push_back(std::move(b));
  }
  return out;
}

double quantile_of_sorted(const std::vector<double>& v, double q) {
  const double pos = q * double(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - double(lo));
}

}  // namespace

std::string resolution_band(std::optional<double> inter_eye_px) {
  if (!inter_eye_px) return resolution_bands.back();
  if (*inter_eye_px < 40) return resolution_bands[0];
  if (*inter_eye_px < 90) return resolution_bands[1];
  if (*inter_eye_px < 150) return resolution_bands[2];
  return resolution_bands[3];
}

LabelSet parse_labels(std::istream& in, const std::string& name, const std::string& base_dir) {
  LabelSet set;
  set.path = name;
  int line = 1;
  std::vector<std::string> fields;
  if (!read_record(in, fields, line)) throw EvalError(name + ": empty file, expected a header image,check,expected");
  int col_image = -1, col_check = -1, col_expected = -1, col_source = -1, col_true = -1;
  for (int i = 0; i < static_cast<int>(fields.size()); ++i) {
    const std::string h = trim_lower(fields[i]);
    if (h == "image") col_image = i;
    if (h == "check") col_check = i;
    if (h == "expected") col_expected = i;
    if (h == "source") col_source = i;
    if (h == "true_value") col_true = i;
  }
  if (col_image < 0 || col_check < 0 || col_expected < 0)
    throw EvalError(name + ":1: the header must name the columns image, check and expected");
  const int needed = std::max({col_image, col_check, col_expected});
  std::map<std::string, std::size_t> image_index;
  std::set<std::pair<std::string, std::string>> seen;
  for (int row_line = line; read_record(in, fields, line); row_line = line) {
    if (fields.size() == 1 && trim(fields[0]).empty()) continue;  // blank line
    const std::string where = name + ":" + std::to_string(row_line) + ": ";
    if (static_cast<int>(fields.size()) <= needed)
      throw EvalError(where + "expected at least " + std::to_string(needed + 1) + " fields");
    LabelRow row;
    row.image = trim(fields[col_image]);
    row.check = trim(fields[col_check]);
    row.line = row_line;
    const std::string expected = trim_lower(fields[col_expected]);
    if (expected != "pass" && expected != "fail")
      throw EvalError(where + "expected must be pass or fail, not '" + fields[col_expected] + "'");
    row.expect_pass = expected == "pass";
    if (row.image.empty() || row.check.empty()) throw EvalError(where + "empty image or check");
    if (col_source >= 0 && col_source < static_cast<int>(fields.size())) row.source = trim(fields[col_source]);
    if (col_true >= 0 && col_true < static_cast<int>(fields.size()) && !trim(fields[col_true]).empty()) {
      const std::string text = trim(fields[col_true]);
      std::size_t used = 0;
      double v = 0;
      try {
        v = std::stod(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != text.size() || !std::isfinite(v))
        throw EvalError(where + "true_value must be a number, not '" + text + "'");
      row.true_value = v;
    }
    if (!seen.insert({row.image, row.check}).second)
      throw EvalError(where + "a second label for " + row.image + " / " + row.check);
    std::filesystem::path p(row.image);
    const std::string resolved =
        p.is_absolute() || base_dir.empty() ? p.string() : (std::filesystem::path(base_dir) / p).string();
    auto [it, added] = image_index.try_emplace(resolved, set.images.size());
    if (added) set.images.push_back(resolved);
    set.row_image.push_back(it->second);
    set.rows.push_back(std::move(row));
  }
  return set;
}

LabelSet read_labels(const std::string& csv_path) {
  std::ifstream in(csv_path, std::ios::binary);
  if (!in) throw EvalError(csv_path + ": cannot open the labels file");
  return parse_labels(in, csv_path, std::filesystem::path(csv_path).parent_path().string());
}

double CheckStats::accuracy() const { return ratio(true_pass + true_fail, rows()); }
std::optional<double> CheckStats::false_reject_rate() const {
  const std::size_t judged = true_pass + false_fail;
  return judged ? std::optional<double>(ratio(false_fail, judged)) : std::nullopt;
}
std::optional<double> CheckStats::false_accept_rate() const {
  const std::size_t judged = true_fail + false_pass;
  return judged ? std::optional<double>(ratio(false_pass, judged)) : std::nullopt;
}

std::optional<double> CheckStats::balanced_accuracy() const {
  const std::size_t pass_judged = true_pass + false_fail, fail_judged = true_fail + false_pass;
  if (!pass_judged || !fail_judged) return std::nullopt;
  return (ratio(true_pass, pass_judged) + ratio(true_fail, fail_judged)) / 2;
}

std::pair<double, double> wilson_interval(std::size_t hits, std::size_t n) {
  constexpr double z = 1.959963984540054;  // two-sided 95 %
  const double p = double(hits) / double(n), z2n = z * z / double(n);
  const double centre = (p + z2n / 2) / (1 + z2n);
  const double half = z * std::sqrt(p * (1 - p) / double(n) + z2n / (4 * double(n))) / (1 + z2n);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Sweep sweep_scores(std::vector<std::pair<double, bool>> scored) {
  Sweep sweep;
  std::size_t passes = 0, fails = 0;
  for (const auto& [s, pass] : scored) (pass ? passes : fails)++;
  if (scored.empty()) return sweep;
  std::sort(scored.begin(), scored.end());
  // Thresholds: just under the lowest score (every row fails), between each pair of distinct
  // scores, and the highest (every row passes). A row fails when its score > threshold.
  std::vector<double> thresholds = {scored.front().first - 1e-4};
  for (std::size_t i = 1; i < scored.size(); ++i)
    if (scored[i].first > scored[i - 1].first) thresholds.push_back((scored[i].first + scored[i - 1].first) / 2);
  thresholds.push_back(scored.back().first);
  std::size_t i = 0, pass_below = 0, fail_below = 0;  // rows with score <= threshold
  for (double t : thresholds) {
    for (; i < scored.size() && scored[i].first <= t; ++i) (scored[i].second ? pass_below : fail_below)++;
    SweepPoint p;
    p.threshold = t;
    p.false_reject = passes ? double(passes - pass_below) / passes : 0.0;
    p.false_accept = fails ? double(fail_below) / fails : 0.0;
    sweep.points.push_back(p);
  }
  if (passes && fails) {
    for (const auto& p : sweep.points) {
      const double worst = std::max(p.false_reject, p.false_accept);
      if (!sweep.eer || worst < *sweep.eer - 1e-12) {
        sweep.eer = worst;
        sweep.eer_range = {p.threshold, p.threshold};
      } else if (worst < *sweep.eer + 1e-12) {
        sweep.eer_range->second = p.threshold;
      }
    }
  }
  return sweep;
}

Evaluation score(const LabelSet& labels, const std::vector<PhotoReport>& reports, const Profile& profile) {
  Evaluation e;
  e.labels_path = labels.path;
  e.profile_name = profile.name;
  e.images = labels.images.size();
  e.rows = labels.rows.size();
  for (const auto& r : reports) e.image_errors += r.status == PhotoStatus::error;

  std::map<std::string, CheckStats> stats;
  std::map<std::string, std::vector<std::pair<double, bool>>> scored;
  // Per image: did it have an evaluated row, were they all `pass`, was one of them judged fail,
  // or warned.
  std::vector<int> evaluated(labels.images.size(), 0), all_pass(labels.images.size(), 1),
      labelled_reject(labels.images.size(), 0), labelled_review(labels.images.size(), 0);
  std::vector<Tally> tallies;
  std::map<std::string, std::vector<double>> signed_errors;  // measured - true, per check
  std::map<std::string, std::pair<std::string, std::string>> error_value;  // check -> value name, unit
  // Each photo's resolution band, from photo.resolution's measure when the report has it.
  std::vector<std::string> band_of(reports.size());
  for (std::size_t img = 0; img < reports.size(); ++img) {
    const CheckResult* res = reports[img].status == PhotoStatus::error ? nullptr : find_result(reports[img], "photo.resolution");
    band_of[img] = resolution_band(res ? res->measurement.get("inter_eye") : std::nullopt);
  }
  // Counts one labelled row: `verdict` is what the photo got on it (nullopt: not judged, then
  // `not_judged` says how: skipped or error); `why` gives what a miss shows (values or reason).
  const auto count_row = [&](const LabelRow& row, std::size_t img, std::optional<Verdict> verdict,
                             const char* not_judged, const std::function<std::string()>& why) {
    evaluated[img] = 1;
    all_pass[img] &= row.expect_pass;
    CheckStats& st = stats[row.check];
    st.id = row.check;
    Tally tally{row.check, row.source, band_of.at(img), row.expect_pass, Outcome::unjudged};
    if (!verdict) {
      add(st, row.expect_pass, Outcome::unjudged);
      tallies.push_back(std::move(tally));
      labelled_reject[img] |= reports.at(img).status == PhotoStatus::error;
      e.misses.push_back({row.image, row.check, row.expect_pass, not_judged, why()});
      return;
    }
    const bool judged_pass = *verdict != Verdict::fail;
    labelled_reject[img] |= !judged_pass;
    labelled_review[img] |= *verdict == Verdict::warn;
    tally.outcome = *verdict == Verdict::warn ? Outcome::judged_warn
                    : judged_pass             ? Outcome::judged_pass
                                              : Outcome::judged_fail;
    add(st, row.expect_pass, tally.outcome);
    tallies.push_back(std::move(tally));
    if (judged_pass != row.expect_pass) e.misses.push_back({row.image, row.check, row.expect_pass, to_string(*verdict), why()});
  };
  for (std::size_t k = 0; k < labels.rows.size(); ++k) {
    const LabelRow& row = labels.rows[k];
    const std::size_t img = labels.row_image[k];
    const PhotoReport& report = reports.at(img);
    if (row.check == whole_photo_check) {
      // The photo as a whole: `pass` when the profile accepts it (a warning, "à vérifier", is a
      // pass, as on every row), `fail` when any check refuses it; a miss names the checks that
      // refused it (or warned on it).
      std::optional<Verdict> verdict;
      if (report.status == PhotoStatus::fail) verdict = Verdict::fail;
      if (report.status == PhotoStatus::pass)
        verdict = std::any_of(report.checks.begin(), report.checks.end(),
                              [](const CheckResult& c) { return c.verdict == Verdict::warn; })
                      ? Verdict::warn
                      : Verdict::pass;
      count_row(row, img, verdict, "error", [&] {
        if (!verdict) return report.error_message;
        std::string ids;
        for (const CheckResult& c : report.checks)
          if (c.verdict == (*verdict == Verdict::fail ? Verdict::fail : Verdict::warn))
            ids += (ids.empty() ? "" : " ") + c.id;
        return ids;
      });
      continue;
    }
    const Check* check = find_check(row.check);
    const Rule* rule = check ? profile.rule(row.check) : nullptr;
    if (!check) {
      ++e.unknown_check_rows[row.check];
      continue;
    }
    if (!rule) {
      ++e.not_in_profile_rows[row.check];
      continue;
    }
    const CheckResult* result = report.status == PhotoStatus::error ? nullptr : find_result(report, row.check);
    const bool judged = result && result->verdict != Verdict::skipped;
    count_row(row, img, judged ? std::optional(result->verdict) : std::nullopt, result ? "skipped" : "error", [&] {
      return judged ? describe(*result) : result ? result->measurement.not_measured_reason : report.error_message;
    });
    if (!judged) continue;
    if (const AppliedLimit* l = primary_limit(*check, *rule)) {
      if (const auto v = result->measurement.get(l->value_name)) {
        // Scores grow towards failure: -v under a minimum, v over a maximum, |v - centre| in a band.
        const double s = l->limit.min && l->limit.max ? std::abs(*v - (*l->limit.min + *l->limit.max) / 2)
                         : l->limit.min               ? -*v
                                                      : *v;
        scored[row.check].push_back({s, row.expect_pass});
        if (row.true_value) {
          signed_errors[row.check].push_back(*v - *row.true_value);
          for (const auto& mv : result->measurement.values)
            if (mv.name == l->value_name) error_value[row.check] = {mv.name, mv.unit};
        }
      }
    }
  }
  for (std::size_t img = 0; img < labels.images.size(); ++img) {
    if (!evaluated[img] || !all_pass[img]) continue;
    ++e.compliant_photos;
    e.compliant_rejected_any += reports.at(img).status != PhotoStatus::pass;
    e.compliant_rejected_labelled += labelled_reject[img];
    e.compliant_reviewed_labelled += labelled_review[img] && !labelled_reject[img];
  }

  for (const Check& check : all_checks()) {
    auto it = stats.find(std::string(check.id));
    if (it == stats.end()) continue;
    CheckStats st = it->second;
    const Rule* rule = profile.rule(check.id);
    const AppliedLimit* l = primary_limit(check, *rule);
    const bool continuous = l && !check.values.empty() && check.values.front().unit != "count";
    if (continuous && scored.count(st.id)) {
      Sweep sw = sweep_scores(scored[st.id]);
      sw.value = l->value_name;
      if (l->limit.min && l->limit.max) {
        sw.kind = LimitKind::band;
        sw.centre = (*l->limit.min + *l->limit.max) / 2;
        sw.profile_threshold = (*l->limit.max - *l->limit.min) / 2;
      } else if (l->limit.min) {
        // Back from the score -v to the value: a minimum, ascending.
        sw.kind = LimitKind::min;
        sw.profile_threshold = *l->limit.min;
        for (auto& p : sw.points) p.threshold = -p.threshold;
        std::reverse(sw.points.begin(), sw.points.end());
        if (sw.eer_range) sw.eer_range = std::make_pair(-sw.eer_range->second, -sw.eer_range->first);
      } else {
        sw.kind = LimitKind::max;
        sw.profile_threshold = *l->limit.max;
      }
      st.sweep = std::move(sw);
    }
    e.checks.push_back(std::move(st));
    if (auto err = signed_errors.find(std::string(check.id)); err != signed_errors.end()) {
      ValueError ve;
      ve.check = check.id;
      std::tie(ve.value, ve.unit) = error_value[ve.check];
      std::vector<double> abs_errors;
      for (double d : err->second) {
        abs_errors.push_back(std::abs(d));
        ve.bias += d;
      }
      std::sort(abs_errors.begin(), abs_errors.end());
      ve.rows = abs_errors.size();
      ve.bias /= double(ve.rows);
      for (double a : abs_errors) ve.mean_abs += a / double(ve.rows);
      ve.median_abs = quantile_of_sorted(abs_errors, 0.5);
      ve.p90_abs = quantile_of_sorted(abs_errors, 0.9);
      ve.max_abs = abs_errors.back();
      e.value_errors.push_back(std::move(ve));
    }
  }

  if (auto it = stats.find(std::string(whole_photo_check)); it != stats.end()) e.checks.push_back(it->second);

  std::vector<std::string> sources, bands;
  for (const auto& t : tallies)
    if (!t.source.empty() && std::find(sources.begin(), sources.end(), t.source) == sources.end())
      sources.push_back(t.source);
  for (const char* band : resolution_bands)
    if (std::any_of(tallies.begin(), tallies.end(), [&](const Tally& t) { return t.band == band; }))
      bands.push_back(band);
  if (!sources.empty()) {
    // Rows without a source still count, under their own group.
    if (std::any_of(tallies.begin(), tallies.end(), [](const Tally& t) { return t.source.empty(); }))
      sources.push_back("");
    e.by_source = break_down(tallies, sources, &Tally::source);
    for (auto& b : e.by_source)
      if (b.group.empty()) b.group = "(no source)";
  }
  e.by_resolution = break_down(tallies, bands, &Tally::band);
  return e;
}

Evaluation evaluate(const LabelSet& labels, const Checker& checker, const PipelineOptions& options,
                    const std::function<void(const PhotoReport&)>& each_report) {
  std::vector<InputItem> inputs;
  for (const auto& path : labels.images) inputs.push_back({path, std::nullopt});
  std::vector<PhotoReport> reports(inputs.size());
  // A sheet gives several reports; its labels are for the first photo found on it.
  run_pipeline(inputs, checker, options, [&](std::size_t index, const std::vector<PhotoReport>& r) {
    if (!r.empty()) reports[index] = r.front();
    if (each_report)
      for (const PhotoReport& report : r) each_report(report);
  });
  return score(labels, reports, checker.profile());
}

Baseline read_baseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw EvalError(path + ": cannot open the baseline file");
  Baseline b;
  try {
    const auto j = nlohmann::json::parse(in);
    b.labels = j.value("labels", "");
    b.profile = j.value("profile", "");
    for (const auto& [id, v] : j.at("min_accuracy").items()) {
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1)
        throw EvalError(path + ": min_accuracy." + id + " must be a number from 0 to 1");
      b.min_accuracy[id] = v.get<double>();
    }
  } catch (const nlohmann::json::exception& ex) {
    throw EvalError(path + ": " + ex.what());
  }
  if (b.min_accuracy.empty()) throw EvalError(path + ": min_accuracy lists no check");
  return b;
}

Baseline baseline_from(const Evaluation& e) {
  Baseline b;
  b.labels = e.labels_path;
  b.profile = e.profile_name;
  for (const auto& c : e.checks) b.min_accuracy[c.id] = std::floor(c.accuracy() * 1000 + 1e-9) / 1000;
  return b;
}

void write_baseline(std::ostream& out, const Baseline& b) {
  nlohmann::ordered_json j;
  j["labels"] = b.labels;
  j["profile"] = b.profile;
  j["min_accuracy"] = nlohmann::ordered_json::object();
  for (const auto& [id, v] : b.min_accuracy) j["min_accuracy"][id] = v;
  out << j.dump(2) << "\n";
}

std::vector<Regression> compare(const Evaluation& e, const Baseline& b) {
  std::vector<Regression> out;
  for (const auto& [id, minimum] : b.min_accuracy) {
    auto it = std::find_if(e.checks.begin(), e.checks.end(), [&](const CheckStats& c) { return c.id == id; });
    if (it == e.checks.end()) {
      out.push_back({id, 0.0, minimum, "no labelled row of this check was evaluated"});
    } else if (it->accuracy() < minimum - 1e-9) {
      out.push_back({id, it->accuracy(), minimum, "accuracy below the baseline"});
    }
  }
  return out;
}

}  // namespace conforme::eval
