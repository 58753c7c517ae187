#include <cmath>
#include <cstdio>
#include <string>

#include "profile/profile.hpp"

namespace conforme {
namespace {

double round4(double v) { return std::round(v * 1e4) / 1e4; }

bool outside(double v, const std::optional<double>& lo, const std::optional<double>& hi) {
  return (lo && v < *lo) || (hi && v > *hi);
}

std::string number(double v, bool french) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  std::string s = buf;
  if (french)
    for (char& c : s)
      if (c == '.') c = ',';
  return s;
}

std::string range(const Limit& l, bool french) {
  if (l.min && l.max) return number(*l.min, french) + "–" + number(*l.max, french);
  if (l.min) return "≥ " + number(*l.min, french);
  if (l.max) return "≤ " + number(*l.max, french);
  return "";
}

// "Non conforme : <requirement> (mesuré : ratio = 0,652, attendu 0,711–0,8)."
std::string compose(const CheckResult& r, const std::string& requirement, bool french) {
  static const char* words_fr[] = {"Conforme", "Avertissement", "Non conforme", "Non vérifié"};
  static const char* words_en[] = {"Pass", "Warning", "Fail", "Not checked"};
  const int w = static_cast<int>(r.verdict);
  std::string out = std::string(french ? words_fr[w] : words_en[w]) + (french ? " : " : ": ") + requirement;
  if (r.verdict == Verdict::skipped) {
    out += french ? " (non mesurable : " : " (not measurable: ";
    return out + r.measurement.not_measured_reason + ")";
  }
  std::string detail;
  for (const auto& applied : r.limits) {
    const auto v = r.measurement.get(applied.value_name);
    if (!v) continue;
    if (!detail.empty()) detail += "; ";
    const Limit& l = applied.limit;
    detail += applied.value_name + " = " + number(*v, french);
    if (!l.warn_min && !l.warn_max) {
      detail += (french ? ", attendu " : ", expected ") + range(l, french);
      continue;
    }
    // A review band: the rule's tolerance, and the wider limit beyond which the measurement's own
    // error can no longer explain the value (profiles set it on labelled real photos).
    detail += (french ? ", attendu " : ", expected ") + range({l.warn_min, l.warn_max}, french) +
              (french ? ", rejet hors de " : ", rejected outside ") + range({l.min, l.max}, french);
    const double over = l.warn_min && *v < *l.warn_min ? *l.warn_min - *v
                        : l.warn_max && *v > *l.warn_max ? *v - *l.warn_max : 0.0;
    if (r.verdict == Verdict::warn && over > 0)
      detail += (french ? " ; écart " : "; ") + number(over, french) +
                (french ? " : à vérifier" : " beyond: to be checked");
  }
  if (!detail.empty()) out += (french ? " (mesuré : " : " (measured: ") + detail + ")";
  return out;
}

}  // namespace

CheckResult judge(const Rule& rule, Measurement measurement) {
  CheckResult r;
  r.id = rule.check_id;
  r.reference = rule.reference;
  r.limits = rule.limits;
  for (auto& v : measurement.values) v.value = round4(v.value);
  r.measurement = std::move(measurement);
  if (!r.measurement.measured()) {
    r.verdict = Verdict::skipped;
  } else {
    bool judged = false, broken = false, warned = false;
    for (const auto& applied : rule.limits) {
      const auto v = r.measurement.get(applied.value_name);
      if (!v) continue;  // e.g. millimetres when the resolution is unknown
      judged = true;
      broken |= outside(*v, applied.limit.min, applied.limit.max);
      warned |= outside(*v, applied.limit.warn_min, applied.limit.warn_max);
    }
    if (!judged) {
      r.verdict = Verdict::skipped;
      r.measurement.not_measured_reason = "no judged value was measured";
    } else {
      r.verdict = broken ? rule.severity : warned ? Verdict::warn : Verdict::pass;
    }
  }
  r.message_fr = compose(r, rule.fr, true);
  r.message_en = compose(r, rule.en, false);
  return r;
}

}  // namespace conforme
