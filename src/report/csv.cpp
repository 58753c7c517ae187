#include <cstdio>

#include "checks/check.hpp"
#include "report/writers.hpp"

namespace conforme {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

CsvWriter::CsvWriter(std::ostream& out, const Profile& profile) : out_(out) {
  std::string header = "input,photo_index,status,failed_checks,error_code,error_message";
  for (const Rule& rule : profile.rules) {
    std::vector<std::string> names;
    for (const ValueSpec& v : find_check(rule.check_id)->values) {
      names.emplace_back(v.name);
      header += "," + csv_field(rule.check_id + "." + std::string(v.name));
    }
    header += "," + csv_field(rule.check_id);
    columns_.emplace_back(rule.check_id, std::move(names));
  }
  out_ << header << "\n";
  out_.flush();
}

void CsvWriter::write(const PhotoReport& r) {
  std::string failed;
  for (const auto& c : r.checks)
    if (c.verdict == Verdict::fail) failed += (failed.empty() ? "" : " ") + c.id;
  std::string row = csv_field(r.input) + "," + std::to_string(r.photo_index) + "," + to_string(r.status) + "," +
                    csv_field(failed) + "," + csv_field(r.error_code) + "," + csv_field(r.error_message);
  for (const auto& [id, names] : columns_) {
    const CheckResult* result = nullptr;
    for (const auto& c : r.checks)
      if (c.id == id) result = &c;
    for (const auto& name : names) {
      row += ",";
      if (result)
        if (auto v = result->measurement.get(name)) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.4f", *v);
          row += buf;
        }
    }
    row += ",";
    if (result) row += to_string(result->verdict);
  }
  row += "\n";
  out_.write(row.data(), static_cast<std::streamsize>(row.size()));
  out_.flush();
}

}  // namespace conforme
