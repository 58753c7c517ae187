#include "report/summary.hpp"

#include <algorithm>
#include <cstdio>

#include "profile/wording.hpp"

namespace conforme {

void Summary::add(const PhotoReport& r) {
  if (r.status == PhotoStatus::error) {
    ++errors_by_code_[r.error_code];
    if (first_errors_.size() < 5) first_errors_.push_back(r.error_message);
    return;
  }
  const bool to_check = passes_with_point_to_check(r);
  for (const auto& c : r.checks) {
    if (c.verdict == Verdict::fail) ++failed_by_check_[c.id];
    if (to_check && c.verdict == Verdict::warn) ++to_check_by_check_[c.id];
  }
}

void Summary::print(std::ostream& out, const RunCounts& n, double seconds, const std::string& lang) const {
  const bool fr = lang == "fr";
  // "1 entrée, 1 photo : 1 non conforme (0,7 s, 1,4 photo/s)": French plurals, decimal comma,
  // a space before the colon.
  const auto counted = [fr](std::size_t k, std::string_view one, std::string_view many) {
    return std::to_string(k) + " " + plural(k, one, many, fr);
  };
  const double rate = seconds > 0 ? n.photos / seconds : 0.0;
  std::string line;
  if (fr)
    line = counted(n.inputs, "entrée", "entrées") + ", " + counted(n.photos, "photo", "photos") + " : " +
           counted(n.passed, "conforme", "conformes") + ", " + counted(n.failed, "non conforme", "non conformes") +
           ", " + counted(n.errors, "erreur", "erreurs") + " (" + format_number(seconds, 1, true) + " s, " +
           format_number(rate, 1, true) + " " + plural(static_cast<std::size_t>(rate), "photo", "photos", true) +
           "/s)\n";
  else
    line = counted(n.inputs, "input", "inputs") + ", " + counted(n.photos, "photo", "photos") + ": " +
           std::to_string(n.passed) + " pass, " + std::to_string(n.failed) + " fail, " +
           counted(n.errors, "error", "errors") + " (" + format_number(seconds, 1, false) + " s, " +
           format_number(rate, 1, false) + " photos/s)\n";
  out << line;
  char row[512];
  // Most frequent first: the title a person reads, then the id the report's `failed` and the CSV
  // columns use.
  const auto by_check = [&](const std::map<std::string, std::size_t>& counts) {
    std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.second > b.second; });
    for (const auto& [id, count] : sorted) {
      std::snprintf(row, sizeof row, "  %6zu  %s  [%s]\n", count, check_title(id, fr).c_str(), id.c_str());
      out << row;
    }
  };
  if (n.passed_to_check > 0) {
    out << (fr ? "Conformes à vérifier par une personne : " + counted(n.passed_to_check, "photo", "photos") + "\n"
               : "Passing photos a person should check: " + std::to_string(n.passed_to_check) + "\n");
    by_check(to_check_by_check_);
  }
  if (!failed_by_check_.empty()) {
    out << (fr ? "Contrôles en échec :\n" : "Failed checks:\n");
    by_check(failed_by_check_);
  }
  if (!errors_by_code_.empty()) {
    out << (fr ? "Erreurs (messages en anglais) :\n" : "Errors:\n");
    for (const auto& [code, count] : errors_by_code_) {
      std::snprintf(row, sizeof row, "  %6zu  %s  [%s]\n", count, error_title(code, fr).c_str(), code.c_str());
      out << row;
    }
    for (const auto& e : first_errors_) out << "  - " << e << "\n";
  }
}

}  // namespace conforme
