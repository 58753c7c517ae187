#include "core/report.hpp"

#include <algorithm>

namespace conforme {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::pass: return "pass";
    case Verdict::warn: return "warn";
    case Verdict::fail: return "fail";
    case Verdict::skipped: return "skipped";
  }
  return "?";
}

const char* to_string(PhotoStatus s) {
  switch (s) {
    case PhotoStatus::pass: return "pass";
    case PhotoStatus::fail: return "fail";
    case PhotoStatus::error: return "error";
  }
  return "?";
}

PhotoStatus status_from_checks(const std::vector<CheckResult>& checks) {
  const bool failed = std::any_of(checks.begin(), checks.end(),
                                  [](const CheckResult& c) { return c.verdict == Verdict::fail; });
  return failed ? PhotoStatus::fail : PhotoStatus::pass;
}

bool passes_with_point_to_check(const PhotoReport& report) {
  return report.status == PhotoStatus::pass &&
         std::any_of(report.checks.begin(), report.checks.end(),
                     [](const CheckResult& c) { return c.verdict == Verdict::warn; });
}

}  // namespace conforme
