#include "report/summary.hpp"

#include <algorithm>
#include <cstdio>

namespace conforme {

void Summary::add(const PhotoReport& r) {
  if (r.status == PhotoStatus::error) {
    ++errors_by_code_[r.error_code];
    if (first_errors_.size() < 5) first_errors_.push_back(r.error_message);
    return;
  }
  for (const auto& c : r.checks)
    if (c.verdict == Verdict::fail) ++failed_by_check_[c.id];
}

void Summary::print(std::ostream& out, const RunCounts& n, double seconds, const std::string& lang) const {
  const bool fr = lang == "fr";
  char line[256];
  std::snprintf(line, sizeof line,
                fr ? "%zu entrées, %zu photos : %zu conformes, %zu non conformes, %zu erreurs (%.1f s, %.1f photos/s)\n"
                   : "%zu inputs, %zu photos: %zu pass, %zu fail, %zu errors (%.1f s, %.1f photos/s)\n",
                n.inputs, n.photos, n.passed, n.failed, n.errors, seconds, seconds > 0 ? n.photos / seconds : 0.0);
  out << line;
  if (!failed_by_check_.empty()) {
    std::vector<std::pair<std::string, std::size_t>> sorted(failed_by_check_.begin(), failed_by_check_.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.second > b.second; });
    out << (fr ? "Contrôles en échec :\n" : "Failed checks:\n");
    for (const auto& [id, count] : sorted) {
      std::snprintf(line, sizeof line, "  %-20s %6zu\n", id.c_str(), count);
      out << line;
    }
  }
  if (!errors_by_code_.empty()) {
    out << (fr ? "Erreurs :\n" : "Errors:\n");
    for (const auto& [code, count] : errors_by_code_) {
      std::snprintf(line, sizeof line, "  %-20s %6zu\n", code.c_str(), count);
      out << line;
    }
    for (const auto& e : first_errors_) out << "  - " << e << "\n";
  }
}

}  // namespace conforme
