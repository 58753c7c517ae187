// The evaluation as a Markdown page (EVALUATION.md, CI artefacts), a plain-text table for the
// terminal, and JSON with the full threshold sweeps.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "eval/eval.hpp"

namespace conforme::eval {
namespace {

std::string percent(std::optional<double> v) {
  if (!v) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", *v * 100);
  return buf;
}

// "2.1 % (0.4–11.1)": a rate of `hits` out of `n` with its 95 % Wilson interval.
std::string rate_with_interval(std::size_t hits, std::size_t n) {
  if (!n) return "–";
  const auto [low, high] = wilson_interval(hits, n);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f %% (%.1f–%.1f)", 100.0 * hits / n, 100 * low, 100 * high);
  return buf;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// The profile's threshold and the sweep's best one, in the value's own terms.
std::string threshold_text(const Sweep& s, double t) {
  switch (s.kind) {
    case LimitKind::min:
      return "≥ " + number(t);
    case LimitKind::max:
      return "≤ " + number(t);
    case LimitKind::band:
      return number(s.centre - t) + "–" + number(s.centre + t);
  }
  return "";
}

// Thresholds reaching the equal-error rate: one, or a range of them.
std::string range_text(const Sweep& s, std::pair<double, double> r) {
  if (r.second - r.first < 1e-9) return threshold_text(s, r.first);
  const std::string lo = number(r.first), hi = number(r.second);
  switch (s.kind) {
    case LimitKind::min:
      return "≥ any of " + lo + " … " + hi;
    case LimitKind::max:
      return "≤ any of " + lo + " … " + hi;
    case LimitKind::band:
      return "centre " + number(s.centre) + " ± any of " + lo + " … " + hi;
  }
  return "";
}

const char* kind_name(LimitKind k) { return k == LimitKind::min ? "min" : k == LimitKind::max ? "max" : "band"; }

std::string md_escape(std::string s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// A breakdown as one table, check by check, a row per group that labels the check.
void write_breakdown(std::ostream& out, const Evaluation& e, const std::vector<Breakdown>& groups,
                     const std::string& title, const std::string& column) {
  out << "\n**" << title << "\n\n| check | " << column
      << " | rows | labelled pass / fail | not judged | balanced accuracy | false-reject rate (95 % interval) | "
         "false-accept rate (95 % interval) |\n|---|---|--:|--:|--:|--:|--:|--:|\n";
  for (const auto& whole : e.checks)
    for (const auto& g : groups)
      for (const auto& c : g.checks) {
        if (c.id != whole.id) continue;
        out << "| " << c.id << " | " << md_escape(g.group) << " | " << c.rows() << " | " << c.pass_labelled() << " / "
            << c.fail_labelled() << " | " << c.unjudged_pass + c.unjudged_fail << " | "
            << percent(c.balanced_accuracy()) << " | " << rate_with_interval(c.false_fail, c.true_pass + c.false_fail)
            << " | " << rate_with_interval(c.false_pass, c.true_fail + c.false_pass) << " |\n";
      }
}

nlohmann::ordered_json interval_json(std::size_t hits, std::size_t n) {
  if (!n) return nullptr;
  const auto [low, high] = wilson_interval(hits, n);
  return nlohmann::ordered_json({low, high});
}

// A check's counts and rates, as the JSON report gives them (sweeps apart).
nlohmann::ordered_json stats_json(const CheckStats& c) {
  nlohmann::ordered_json cj = {{"id", c.id},
                               {"true_pass", c.true_pass},
                               {"false_fail", c.false_fail},
                               {"true_fail", c.true_fail},
                               {"false_pass", c.false_pass},
                               {"unjudged_pass", c.unjudged_pass},
                               {"unjudged_fail", c.unjudged_fail},
                               {"reviewed_pass", c.reviewed_pass},
                               {"reviewed_fail", c.reviewed_fail},
                               {"accuracy", c.accuracy()}};
  cj["false_reject_rate"] = c.false_reject_rate() ? nlohmann::ordered_json(*c.false_reject_rate()) : nullptr;
  cj["false_accept_rate"] = c.false_accept_rate() ? nlohmann::ordered_json(*c.false_accept_rate()) : nullptr;
  cj["balanced_accuracy"] = c.balanced_accuracy() ? nlohmann::ordered_json(*c.balanced_accuracy()) : nullptr;
  cj["false_reject_interval95"] = interval_json(c.false_fail, c.true_pass + c.false_fail);
  cj["false_accept_interval95"] = interval_json(c.false_pass, c.true_fail + c.false_pass);
  return cj;
}

nlohmann::ordered_json breakdown_json(const std::vector<Breakdown>& groups) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& g : groups) {
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const auto& c : g.checks) checks.push_back(stats_json(c));
    out.push_back({{"group", g.group}, {"checks", std::move(checks)}});
  }
  return out;
}

}  // namespace

void write_markdown(std::ostream& out, const Evaluation& e, const std::vector<Regression>* regressions) {
  out << "Labels `" << e.labels_path << "`, profile `" << e.profile_name << "`: " << e.images << " photos, " << e.rows
      << " labelled rows";
  if (e.image_errors) out << ", " << e.image_errors << " photos could not be processed";
  out << ".\n\n";
  out << "| check | rows | labelled pass / fail | true pass | false fail | true fail | false pass | not judged | "
         "sent to review: labelled pass / fail | "
         "accuracy | balanced accuracy | false-reject rate (95 % interval) | false-accept rate (95 % interval) |\n"
      << "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  for (const auto& c : e.checks)
    out << "| " << c.id << " | " << c.rows() << " | " << c.pass_labelled() << " / " << c.fail_labelled() << " | "
        << c.true_pass << " | " << c.false_fail << " | " << c.true_fail << " | " << c.false_pass << " | "
        << c.unjudged_pass + c.unjudged_fail << " | " << c.reviewed_pass << " / " << c.reviewed_fail << " | "
        << percent(c.accuracy()) << " | "
        << percent(c.balanced_accuracy()) << " | " << rate_with_interval(c.false_fail, c.true_pass + c.false_fail)
        << " | " << rate_with_interval(c.false_pass, c.true_fail + c.false_pass) << " |\n";
  out << "\nAccuracy counts every labelled row (a check that did not judge a row is wrong on it); balanced "
         "accuracy is the mean of the right-verdict rates on judged `pass` and judged `fail` rows; the "
         "false-reject rate is over the judged `pass` rows, the false-accept rate over the judged `fail` rows, "
         "each with its 95 % Wilson interval; `warn` counts as pass, and is counted under \"sent to review\" "
         "too (a person looks at it: no refusal, but work).\n";

  // A count of compliant photos, with its share of them.
  auto of_compliant = [&](std::size_t n) {
    return std::to_string(n) + " (" +
           percent(e.compliant_photos ? std::optional<double>(double(n) / e.compliant_photos) : std::nullopt) + ")";
  };
  out << "\n**Compliant photos** (every evaluated label `pass`): " << e.compliant_photos << "; rejected on a labelled "
      << "check: " << of_compliant(e.compliant_rejected_labelled)
      << "; not rejected but sent to review on a labelled check: " << of_compliant(e.compliant_reviewed_labelled)
      << "; rejected by the profile on any check, labelled or not: " << of_compliant(e.compliant_rejected_any)
      << ".\n";

  if (!e.by_source.empty()) write_breakdown(out, e, e.by_source, "By source** (the labels' `source` column):", "source");
  if (!e.by_resolution.empty())
    write_breakdown(out, e, e.by_resolution,
                    "By resolution** (pixels between the eye centres, as photo.resolution measured them):", "band");
  if (!e.value_errors.empty()) {
    out << "\n**Measured against true values** (the labels' `true_value` column; error = measured − true):\n\n"
        << "| check | value | rows | mean absolute error | median | 90th percentile | largest | mean error (bias) |\n"
        << "|---|---|--:|--:|--:|--:|--:|--:|\n";
    for (const auto& v : e.value_errors) {
      const std::string unit = v.unit.empty() ? "" : " " + v.unit;
      out << "| " << v.check << " | " << v.value << " | " << v.rows << " | " << number(v.mean_abs) << unit << " | "
          << number(v.median_abs) << unit << " | " << number(v.p90_abs) << unit << " | " << number(v.max_abs) << unit
          << " | " << number(v.bias) << unit << " |\n";
    }
  }

  bool any_sweep = false;
  for (const auto& c : e.checks) any_sweep |= c.sweep && c.sweep->eer.has_value();
  if (any_sweep) {
    out << "\n**Threshold sweep** on each check's primary value alone (its other values ignored): the equal-error "
           "rate is the lowest max(false-reject, false-accept) over all thresholds.\n\n"
        << "| check | value | profile | equal-error rate | at |\n|---|---|---|--:|---|\n";
    for (const auto& c : e.checks) {
      if (!c.sweep || !c.sweep->eer) continue;
      const Sweep& s = *c.sweep;
      out << "| " << c.id << " | " << s.value << " | " << threshold_text(s, s.profile_threshold) << " | "
          << percent(s.eer) << " | " << range_text(s, *s.eer_range) << " |\n";
    }
  }

  if (!e.unknown_check_rows.empty() || !e.not_in_profile_rows.empty()) {
    out << "\n**Not evaluated**:";
    for (const auto& [id, n] : e.unknown_check_rows) out << " " << id << " (" << n << " rows, no such check yet);";
    for (const auto& [id, n] : e.not_in_profile_rows) out << " " << id << " (" << n << " rows, not in the profile);";
    out << "\n";
  }

  if (regressions) {
    if (regressions->empty()) {
      out << "\n**Baseline**: every check reaches its minimum accuracy.\n";
    } else {
      out << "\n**Baseline regressions**:\n\n| check | accuracy | minimum | reason |\n|---|--:|--:|---|\n";
      for (const auto& r : *regressions)
        out << "| " << r.check << " | " << percent(r.accuracy) << " | " << percent(r.minimum) << " | " << r.reason
            << " |\n";
    }
  }

  if (!e.misses.empty()) {
    out << "\n<details><summary>" << e.misses.size() << " disagreements</summary>\n\n"
        << "| photo | check | label | verdict | measured |\n|---|---|---|---|---|\n";
    for (const auto& m : e.misses)
      out << "| " << md_escape(m.image) << " | " << m.check << " | " << (m.expect_pass ? "pass" : "fail") << " | "
          << m.verdict << " | " << md_escape(m.values) << " |\n";
    out << "\n</details>\n";
  }
}

void write_text(std::ostream& out, const Evaluation& e) {
  char line[256];
  std::snprintf(line, sizeof line, "%-18s %5s %5s %5s %5s %5s %5s %9s %9s %7s %7s %7s\n", "check", "rows", "TP", "FF",
                "TF", "FP", "nojdg", "review", "accuracy", "FRR", "FAR", "EER");
  out << line;
  for (const auto& c : e.checks) {
    const std::string review = std::to_string(c.reviewed_pass) + "/" + std::to_string(c.reviewed_fail);
    std::snprintf(line, sizeof line, "%-18s %5zu %5zu %5zu %5zu %5zu %5zu %9s %9s %7s %7s %7s\n", c.id.c_str(),
                  c.rows(), c.true_pass, c.false_fail, c.true_fail, c.false_pass, c.unjudged_pass + c.unjudged_fail,
                  review.c_str(),
                  percent(c.accuracy()).c_str(), percent(c.false_reject_rate()).c_str(),
                  percent(c.false_accept_rate()).c_str(), percent(c.sweep ? c.sweep->eer : std::nullopt).c_str());
    out << line;
  }
  out << "TP true pass, FF false fail (compliant rejected), TF true fail, FP false pass (defect accepted); "
         "review: warnings (counted as passes) on pass / fail rows\n";
  out << "compliant photos: " << e.compliant_photos
      << ", rejected on a labelled check: " << e.compliant_rejected_labelled
      << ", sent to review on one (not rejected): " << e.compliant_reviewed_labelled
      << ", rejected on any check: " << e.compliant_rejected_any << "\n";
  for (const auto& v : e.value_errors) {
    std::snprintf(line, sizeof line, "%s %s against true values: %zu rows, mean absolute error %.3g%s%s, bias %.3g\n",
                  v.check.c_str(), v.value.c_str(), v.rows, v.mean_abs, v.unit.empty() ? "" : " ", v.unit.c_str(),
                  v.bias);
    out << line;
  }
  if (!e.by_source.empty() || e.by_resolution.size() > 1)
    out << "by source and by resolution band: --markdown FILE or --json FILE\n";
  for (const auto& [id, n] : e.unknown_check_rows)
    out << "not evaluated: " << id << " (" << n << " rows): no such check\n";
  for (const auto& [id, n] : e.not_in_profile_rows)
    out << "not evaluated: " << id << " (" << n << " rows): not in profile " << e.profile_name << "\n";
}

void write_json(std::ostream& out, const Evaluation& e) {
  nlohmann::ordered_json j;
  j["labels"] = e.labels_path;
  j["profile"] = e.profile_name;
  j["images"] = e.images;
  j["rows"] = e.rows;
  j["image_errors"] = e.image_errors;
  j["compliant_photos"] = {{"photos", e.compliant_photos},
                           {"rejected_on_labelled_check", e.compliant_rejected_labelled},
                           {"reviewed_on_labelled_check", e.compliant_reviewed_labelled},
                           {"rejected_on_any_check", e.compliant_rejected_any}};
  j["checks"] = nlohmann::ordered_json::array();
  for (const auto& c : e.checks) {
    nlohmann::ordered_json cj = stats_json(c);
    if (c.sweep) {
      const Sweep& s = *c.sweep;
      nlohmann::ordered_json sj = {
          {"value", s.value}, {"kind", kind_name(s.kind)}, {"profile_threshold", s.profile_threshold}};
      if (s.kind == LimitKind::band) sj["centre"] = s.centre;
      sj["eer"] = s.eer ? nlohmann::ordered_json(*s.eer) : nullptr;
      sj["eer_thresholds"] = s.eer_range ? nlohmann::ordered_json({s.eer_range->first, s.eer_range->second}) : nullptr;
      sj["points"] = nlohmann::ordered_json::array();
      for (const auto& p : s.points)
        sj["points"].push_back({{"threshold", p.threshold}, {"frr", p.false_reject}, {"far", p.false_accept}});
      cj["sweep"] = std::move(sj);
    }
    j["checks"].push_back(std::move(cj));
  }
  j["by_source"] = breakdown_json(e.by_source);
  j["by_resolution"] = breakdown_json(e.by_resolution);
  j["value_errors"] = nlohmann::ordered_json::array();
  for (const auto& v : e.value_errors)
    j["value_errors"].push_back({{"check", v.check},
                                 {"value", v.value},
                                 {"unit", v.unit},
                                 {"rows", v.rows},
                                 {"mean_abs", v.mean_abs},
                                 {"median_abs", v.median_abs},
                                 {"p90_abs", v.p90_abs},
                                 {"max_abs", v.max_abs},
                                 {"bias", v.bias}});
  j["not_evaluated"] = {{"unknown_check", e.unknown_check_rows}, {"not_in_profile", e.not_in_profile_rows}};
  j["disagreements"] = nlohmann::ordered_json::array();
  for (const auto& m : e.misses)
    j["disagreements"].push_back({{"image", m.image},
                                  {"check", m.check},
                                  {"expected", m.expect_pass ? "pass" : "fail"},
                                  {"verdict", m.verdict},
                                  {"measured", m.values}});
  out << j.dump(2) << "\n";
}

}  // namespace conforme::eval
