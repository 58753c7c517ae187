#pragma once
// What a check returns: named numbers with units, or the reason it could not measure.
#include <optional>
#include <string>
#include <vector>

namespace conforme {

struct MeasuredValue {
  std::string name;  // e.g. "ratio", "degrees", "lightness"
  double value = 0.0;
  std::string unit;  // e.g. "ratio", "deg", "px", "L*"
};

struct Measurement {
  std::vector<MeasuredValue> values;
  // Non-empty when the check could not measure (prerequisite missing, resolution unknown...).
  std::string not_measured_reason;

  bool measured() const { return not_measured_reason.empty(); }
  std::optional<double> get(const std::string& name) const {
    for (const auto& v : values)
      if (v.name == name) return v.value;
    return std::nullopt;
  }
  static Measurement skipped(std::string reason) {
    Measurement m;
    m.not_measured_reason = std::move(reason);
    return m;
  }
};

}  // namespace conforme
