#pragma once
// Report writers. Each record is written whole and flushed, so a killed run leaves only
// complete lines behind.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/report.hpp"
#include "pipeline/checker.hpp"

namespace conforme {

// One JSONL record (SPEC, Reports): input, photo index, box, status, profile and its SHA-256,
// version, model checksums, and every check with values, units, limits, verdict, messages.
nlohmann::ordered_json to_json(const PhotoReport& report, const RunIdentity& identity);

// A record as one JSONL line (with its newline): UTF-8, invalid bytes replaced, U+2028 and
// U+2029 escaped so no line-splitting reader cuts a record in two.
std::string json_line(const nlohmann::ordered_json& record);

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void write(const PhotoReport& report) = 0;
};

class JsonlWriter : public ReportWriter {
 public:
  JsonlWriter(std::ostream& out, RunIdentity identity) : out_(out), identity_(std::move(identity)) {}
  void write(const PhotoReport& report) override;

 private:
  std::ostream& out_;
  RunIdentity identity_;
};

// How the CSV is written: RFC 4180 (comma, no BOM, decimal point), or "excel-fr", what a
// spreadsheet in a French locale opens as columns: semicolons, a UTF-8 BOM, decimal commas.
struct CsvDialect {
  char separator = ',';
  bool bom = false;
  bool decimal_comma = false;
};
// "rfc4180" or "excel-fr"; nullopt for any other name.
std::optional<CsvDialect> csv_dialect(const std::string& name);

// One row per photo, one column per judged value and one per verdict, from the profile's rules.
class CsvWriter : public ReportWriter {
 public:
  CsvWriter(std::ostream& out, const Profile& profile, CsvDialect dialect = {});
  void write(const PhotoReport& report) override;

 private:
  std::ostream& out_;
  CsvDialect dialect_;
  std::vector<std::pair<std::string, std::vector<std::string>>> columns_;  // check id, value names
};

// RFC 4180 quoting.
std::string csv_field(const std::string& s, char separator = ',');
// A text cell of the report (a path, a message): RFC 4180 quoting, and a cell a spreadsheet
// would run as a formula (starting with = + - @, tab or CR) gets a leading ' and quotes (OWASP).
std::string csv_text_cell(const std::string& s, char separator = ',');

}  // namespace conforme
