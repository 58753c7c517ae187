#include <cmath>
#include <string>

#include "profile/profile.hpp"
#include "profile/wording.hpp"

namespace conforme {
namespace {

double round4(double v) { return std::round(v * 1e4) / 1e4; }

bool outside(double v, const std::optional<double>& lo, const std::optional<double>& hi) {
  return (lo && v < *lo) || (hi && v > *hi);
}

// Letters of U+00C0..U+00DE and U+00E0..U+00FE differ by 0x20 in their second UTF-8 byte.
std::string upper_first(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  else if (s.size() > 1 && static_cast<unsigned char>(s[0]) == 0xC3 && static_cast<unsigned char>(s[1]) >= 0xA0 &&
           static_cast<unsigned char>(s[1]) <= 0xBE)
    s[1] = static_cast<char>(static_cast<unsigned char>(s[1]) - 0x20);
  return s;
}

// "La tête doit…" after a colon: "la tête doit…" (French typography: no capital after « : »).
// A word in capitals ("ANTS", "JPEG") keeps them.
std::string lower_first(std::string s) {
  if (s.size() > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
    s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

// Decimals shown for a value of that kind (before the extra ones a value at a limit needs).
int decimals_for(Shown shown, double shown_value) {
  switch (shown) {
    case Shown::count:
    case Shown::pixels:
      return 0;
    case Shown::percent:
    case Shown::percent_height:
    case Shown::percent_height_from_bottom:
    case Shown::percent_width:
    case Shown::percent_of_width:
    case Shown::yaw:
    case Shown::pitch:
    case Shown::roll:
    case Shown::millimetres:
    case Shown::lightness:
    case Shown::chroma:
      return 1;
    default: {
      const double a = std::fabs(shown_value);
      return a < 1 ? 3 : a < 10 ? 2 : a < 100 ? 1 : 0;
    }
  }
}

bool is_percent(Shown s) {
  return s == Shown::percent || s == Shown::percent_height || s == Shown::percent_height_from_bottom ||
         s == Shown::percent_width || s == Shown::percent_of_width;
}
bool is_angle(Shown s) { return s == Shown::yaw || s == Shown::pitch || s == Shown::roll; }

// The number in the unit it is shown in (a share 0.652 is 65.2 %).
double scaled(Shown s, double v) { return is_percent(s) ? v * 100 : v; }

// The unit after a number, e.g. " %", "°", " mm".
std::string unit_after(Shown s, double shown_value, bool fr) {
  if (is_percent(s)) return fr ? " %" : "%";
  if (is_angle(s)) return "°";
  if (s == Shown::millimetres) return " mm";
  if (s == Shown::pixels) return " " + plural(static_cast<std::size_t>(std::fabs(shown_value)), "pixel", "pixels", fr);
  if (s == Shown::lightness) return fr ? " sur 100" : " out of 100";
  return "";
}

// A bound or a distance as written: number and unit, no direction.
std::string bound_text(Shown s, double v, bool fr) {
  const double x = scaled(s, v);
  if (s == Shown::flag) return v >= 0.5 ? (fr ? "oui" : "yes") : (fr ? "non" : "no");
  return format_number(x, decimals_for(s, x) + 1, fr) + unit_after(s, x, fr);
}

// The measured value as a phrase: "12,9° vers la gauche de l'image", "65,2 % de la hauteur de la
// photo". `extra` decimals make a value just beyond a limit read differently from the limit.
std::string value_text(Shown s, double v, bool symmetric, int extra, bool fr) {
  const double x = scaled(s, v);
  const int d = decimals_for(s, x) + extra;
  if (s == Shown::flag) return bound_text(s, v, fr);
  if (is_angle(s) && symmetric) {
    std::string out = format_number(std::fabs(x), d, fr) + "°";
    if (format_number(std::fabs(x), d, fr) == "0" || s == Shown::roll) return out;
    if (s == Shown::yaw)
      return out + (x < 0 ? (fr ? " vers la gauche de l'image" : " towards the image left")
                          : (fr ? " vers la droite de l'image" : " towards the image right"));
    return out + (x < 0 ? (fr ? " vers le bas" : " downwards") : (fr ? " vers le haut" : " upwards"));
  }
  std::string out = format_number(x, d, fr) + unit_after(s, x, fr);
  if (s == Shown::percent_height) return out + (fr ? " de la hauteur de la photo" : " of the photo height");
  if (s == Shown::percent_height_from_bottom)
    return out + (fr ? " de la hauteur de la photo, depuis le bas" : " of the photo height, from the bottom");
  if (s == Shown::percent_of_width) return out + (fr ? " de la largeur de la photo" : " of the photo width");
  if (s == Shown::percent_width)
    return (fr ? "à " : "at ") + out + (fr ? " de la largeur de la photo, depuis la gauche" : " of the photo width, from the left");
  return out;
}

bool symmetric_pair(const std::optional<double>& lo, const std::optional<double>& hi) {
  return lo && hi && std::fabs(*lo + *hi) < 1e-9 && *hi > 0;
}

// "de 71,1 à 80 %", "±5°", "au moins 120 pixels", "1".
std::string band_text(Shown s, const std::optional<double>& lo, const std::optional<double>& hi, bool fr) {
  if (lo && hi) {
    if (*lo == *hi) return bound_text(s, *lo, fr);
    if (is_angle(s) && symmetric_pair(lo, hi)) return "±" + bound_text(s, *hi, fr);
    const double x = scaled(s, *lo);
    return (fr ? "de " : "") + format_number(x, decimals_for(s, x) + 1, fr) + (fr ? " à " : " to ") +
           bound_text(s, *hi, fr);
  }
  if (lo) return (fr ? "au moins " : "at least ") + bound_text(s, *lo, fr);
  if (hi) return (fr ? "au plus " : "at most ") + bound_text(s, *hi, fr);
  return "";
}

// What the profile allows, in parentheses after the value.
std::string limit_text(Shown s, const Limit& l, bool fr) {
  const bool band = l.warn_min || l.warn_max;
  if (!band) {
    if (l.min && l.max) {
      const bool tolerance = is_angle(s) && symmetric_pair(l.min, l.max);
      return std::string(tolerance ? (fr ? "toléré : " : "allowed: ") : (fr ? "attendu : " : "expected: ")) +
             band_text(s, l.min, l.max, fr);
    }
    if (l.min) return (fr ? "minimum : " : "minimum: ") + bound_text(s, *l.min, fr);
    // A count held to none: "visages trop petits pour être mesurés : 2 (attendu : 0)", not
    // "(maximum : 0)", which reads as if some were allowed.
    if (l.max && *l.max == 0.0 && s == Shown::count) return (fr ? "attendu : " : "expected: ") + bound_text(s, 0.0, fr);
    if (l.max) return (fr ? "maximum : " : "maximum: ") + bound_text(s, *l.max, fr);
    return "";
  }
  // A review band: the rule's tolerance, and the wider limit beyond which the measurement's own
  // error can no longer explain the value (profiles set it on labelled real photos).
  const bool tolerance = is_angle(s) && symmetric_pair(l.warn_min, l.warn_max);
  std::string out = std::string(tolerance ? (fr ? "toléré : " : "allowed: ") : (fr ? "attendu : " : "expected: ")) +
                    band_text(s, l.warn_min, l.warn_max, fr);
  std::string refused;
  if (is_angle(s) && symmetric_pair(l.min, l.max)) refused = (fr ? "au-delà de ±" : "beyond ±") + bound_text(s, *l.max, fr);
  else if (l.min && l.max)
    refused = (fr ? "sous " : "below ") + bound_text(s, *l.min, fr) + (fr ? " ou au-dessus de " : " or above ") +
              bound_text(s, *l.max, fr);
  else if (l.min) refused = (fr ? "sous " : "below ") + bound_text(s, *l.min, fr);
  else if (l.max) refused = (fr ? "au-dessus de " : "above ") + bound_text(s, *l.max, fr);
  if (!refused.empty()) out += (fr ? ", refusé " : ", refused ") + refused;
  return out;
}

// One value: "rotation de la tête : 12,9° vers la gauche de l'image (toléré : ±5°, refusé au-delà
// de ±12° ; à vérifier, 7,9° au-delà de la tolérance)".
std::string value_item(const std::string& check_id, const AppliedLimit& applied, double v, Verdict verdict, bool fr) {
  const ValueSpec* w = value_words(check_id, applied.value_name);
  const Shown s = w ? w->shown : Shown::number;
  const std::string label = w ? std::string(fr ? w->words.fr : w->words.en) : applied.value_name;
  const Limit& l = applied.limit;
  const bool symmetric = symmetric_pair(l.min, l.max) || symmetric_pair(l.warn_min, l.warn_max) || (!l.min && !l.max);
  // A value beyond a limit must not read as the limit itself (80,04 % is not 80 %).
  int extra = 0;
  for (const auto& b : {l.min, l.max, l.warn_min, l.warn_max})
    if (b)
      while (extra < 4 && *b != v && value_text(s, v, symmetric, extra, fr) == value_text(s, *b, symmetric, extra, fr))
        ++extra;
  std::string out = label + (fr ? " : " : ": ") + value_text(s, v, symmetric, extra, fr);
  std::string allowed = limit_text(s, l, fr);
  const double over = l.warn_min && v < *l.warn_min ? *l.warn_min - v : l.warn_max && v > *l.warn_max ? v - *l.warn_max : 0.0;
  if (verdict == Verdict::warn && over > 0 && !outside(v, l.min, l.max))
    allowed += (fr ? " ; à vérifier, " : "; to be checked, ") +
               format_number(scaled(s, over), decimals_for(s, scaled(s, over)) + extra, fr) + unit_after(s, scaled(s, over), fr) +
               (fr ? " au-delà de la tolérance" : " beyond the tolerance");
  return allowed.empty() ? out : out + " (" + allowed + ")";
}

// The explanation: the values that decided the verdict (those beyond a limit when the check
// failed or warned, every judged value when it passed), or why nothing could be measured.
std::string explain(const CheckResult& r, bool fr) {
  if (r.verdict == Verdict::skipped)
    return (fr ? "non mesurable : " : "not measurable: ") + reason_text(r.measurement.not_measured_reason, fr);
  std::vector<const AppliedLimit*> shown;
  for (const auto& applied : r.limits) {
    const auto v = r.measurement.get(applied.value_name);
    if (!v) continue;
    const bool beyond = r.verdict == Verdict::pass ? true
                        : r.verdict == Verdict::warn
                            ? outside(*v, applied.limit.warn_min, applied.limit.warn_max) ||
                                  outside(*v, applied.limit.min, applied.limit.max)
                            : outside(*v, applied.limit.min, applied.limit.max);
    if (beyond) shown.push_back(&applied);
  }
  if (shown.empty())
    for (const auto& applied : r.limits)
      if (r.measurement.get(applied.value_name)) shown.push_back(&applied);
  std::string out;
  for (const AppliedLimit* applied : shown) {
    if (!out.empty()) out += fr ? " ; " : "; ";
    out += value_item(r.id, *applied, *r.measurement.get(applied->value_name), r.verdict, fr);
  }
  return out;
}

// "Non conforme : la tête doit être face à l'objectif… (±5°). Rotation de la tête : 12,9° vers la
// gauche de l'image (toléré : ±5°, refusé au-delà de ±12°)."
std::string compose(const CheckResult& r, const std::string& requirement, const std::string& explanation, bool fr) {
  static const char* words_fr[] = {"Conforme", "Avertissement", "Non conforme", "Non vérifié"};
  static const char* words_en[] = {"Pass", "Warning", "Fail", "Not checked"};
  const int w = static_cast<int>(r.verdict);
  std::string out = std::string(fr ? words_fr[w] : words_en[w]) + (fr ? " : " : ": ") + lower_first(requirement);
  if (explanation.empty()) return out;
  if (!out.empty() && out.back() != '.') out += '.';
  return out + " " + upper_first(explanation) + ".";
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
  r.requirement_fr = rule.fr;
  r.requirement_en = rule.en;
  r.explanation_fr = explain(r, true);
  r.explanation_en = explain(r, false);
  r.message_fr = compose(r, rule.fr, r.explanation_fr, true);
  r.message_en = compose(r, rule.en, r.explanation_en, false);
  return r;
}

}  // namespace conforme
