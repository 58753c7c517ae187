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

std::string csv_field(const std::string& s, char separator) {
  const char special[] = {separator, '"', '\n', '\r', '\0'};
  return s.find_first_of(special) == std::string::npos ? s : quoted(s);
}

std::string csv_text_cell(const std::string& s, char separator) {
  // OWASP "CSV Injection": a spreadsheet runs a cell starting with = + - @ (or a tab or CR
  // before one) as a formula; a leading ' makes it text, and the cell is quoted.
  if (s.empty() || std::string_view("=+-@\t\r").find(s.front()) == std::string_view::npos) return csv_field(s, separator);
  return quoted("'" + s);
}

std::optional<CsvDialect> csv_dialect(const std::string& name) {
  if (name == "rfc4180") return CsvDialect{};
  if (name == "excel-fr") return CsvDialect{';', true, true};
  return std::nullopt;
}

std::string csv_header(const Profile& profile, CsvDialect dialect) {
  // The byte order mark is what tells a spreadsheet the file is UTF-8 (accents in paths and
  // messages); it belongs to the header, so --resume finds the same first line.
  std::string header = std::string(dialect.bom ? "\xEF\xBB\xBF" : "") + "input";
  const std::string sep(1, dialect.separator);
  for (const char* name : {"photo_index", "status", "failed_checks", "error_code", "error_message"}) header += sep + name;
  for (const Rule& rule : profile.rules) {
    for (const ValueSpec& v : rule.check->values)
      header += sep + csv_field(rule.check_id + "." + std::string(v.name), dialect.separator);
    header += sep + csv_field(rule.check_id, dialect.separator);
  }
  return header + "\n";
}

CsvWriter::CsvWriter(std::ostream& out, const Profile& profile, CsvDialect dialect)
    : out_(out), dialect_(dialect), header_(csv_header(profile, dialect)) {
  for (const Rule& rule : profile.rules) {
    std::vector<std::string> names;
    for (const ValueSpec& v : rule.check->values) names.emplace_back(v.name);
    columns_.emplace_back(rule.check_id, std::move(names));
  }
}

void CsvWriter::begin(const RunIdentity&) {
  out_ << header_;
  out_.flush();
}

void CsvWriter::write(const PhotoReport& r) {
  std::string failed;
  for (const auto& c : r.checks)
    if (c.verdict == Verdict::fail) failed += (failed.empty() ? "" : " ") + c.id;
  // Text cells (paths and messages come from outside) are neutralised; the numbers below are
  // the program's own and stay numbers (a yaw of -3.2 is a number, not a formula).
  const char sep = dialect_.separator;
  std::string row = csv_text_cell(r.input, sep) + sep + std::to_string(r.photo_index) + sep + to_string(r.status) +
                    sep + csv_text_cell(failed, sep) + sep + csv_text_cell(r.error_code, sep) + sep +
                    csv_text_cell(r.error_message, sep);
  for (const auto& [id, names] : columns_) {
    const CheckResult* result = nullptr;
    for (const auto& c : r.checks)
      if (c.id == id) result = &c;
    for (const auto& name : names) {
      row += sep;
      if (result)
        if (auto v = result->measurement.get(name)) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.4f", *v);
          if (dialect_.decimal_comma)
            for (char* c = buf; *c; ++c)
              if (*c == '.') *c = ',';
          row += buf;
        }
    }
    row += sep;
    if (result) row += to_string(result->verdict);
  }
  row += "\n";
  out_.write(row.data(), static_cast<std::streamsize>(row.size()));
  out_.flush();
}

}  // namespace conforme
