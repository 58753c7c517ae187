#include <cstdio>
#include <string_view>

#include "checks/check.hpp"
#include "report/writers.hpp"

namespace conforme {
namespace {

// RFC 4180: in double quotes, a quote doubled.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string csv_field(const std::string& s) {
  return s.find_first_of(",\"\n\r") == std::string::npos ? s : quoted(s);
}

std::string csv_text_cell(const std::string& s) {
  // OWASP "CSV Injection": a spreadsheet runs a cell starting with = + - @ (or a tab or CR
  // before one) as a formula; a leading ' makes it text, and the cell is quoted.
  if (s.empty() || std::string_view("=+-@\t\r").find(s.front()) == std::string_view::npos) return csv_field(s);
  return quoted("'" + s);
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
  // Text cells (paths and messages come from outside) are neutralised; the numbers below are
  // the program's own and stay numbers (a yaw of -3.2 is a number, not a formula).
  std::string row = csv_text_cell(r.input) + "," + std::to_string(r.photo_index) + "," + to_string(r.status) + "," +
                    csv_text_cell(failed) + "," + csv_text_cell(r.error_code) + "," + csv_text_cell(r.error_message);
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
