#pragma once
// Report writers. Each has a lifecycle, as google/benchmark's reporters do: begin(identity) once,
// write(report) for every record in input order, finish(counts) once. Each record is written
// whole and flushed, so a killed run leaves only complete lines behind. A writer is used from one
// thread at a time. JSONL and CSV here; the human verdicts (human.hpp), the review page
// (html.hpp), the summary (summary.hpp) and the --annotate drawings (annotations.hpp) beside.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/report.hpp"
#include "core/run.hpp"
#include "profile/profile.hpp"

namespace conforme {

// One JSONL record (SPEC, Reports): input, photo index, box, status, profile and its SHA-256,
// version, model checksums, and every check with values, units, limits, verdict, messages.
nlohmann::ordered_json to_json(const PhotoReport& report, const RunIdentity& identity);
// The same, with the run's identity_json already made: a writer makes it once for every record.
nlohmann::ordered_json to_json(const PhotoReport& report, const nlohmann::ordered_json& identity);
// What every record repeats about the run, as to_json writes it: {"profile", "version",
// "models", "options"} (what --resume and merge compare, io/report_file.hpp).
nlohmann::ordered_json identity_json(const RunIdentity& identity);

// A record as one JSONL line (with its newline): UTF-8, invalid bytes replaced, U+2028 and
// U+2029 escaped so no line-splitting reader cuts a record in two.
std::string json_line(const nlohmann::ordered_json& record);

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  // Once, before the first record: what every record of the run repeats.
  virtual void begin(const RunIdentity&) {}
  // requires: begin was called. Records come in input order.
  virtual void write(const PhotoReport& report) = 0;
  // Once, after the last record: what the run did (counted by run_pipeline).
  virtual void finish(const RunCounts&) {}
};

class JsonlWriter : public ReportWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}
  void begin(const RunIdentity& identity) override { identity_ = identity_json(identity); }
  void write(const PhotoReport& report) override;

 private:
  std::ostream& out_;
  nlohmann::ordered_json identity_;  // identity_json of the run
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

// The CSV's first line, with its newline (and the UTF-8 BOM of a dialect that has one): one
// column per value each rule's check declares, and one per verdict, in the profile's order.
std::string csv_header(const Profile& profile, CsvDialect dialect = {});

// One row per photo, one column per judged value and one per verdict, from the profile's rules.
// begin writes the header.
class CsvWriter : public ReportWriter {
 public:
  CsvWriter(std::ostream& out, const Profile& profile, CsvDialect dialect = {});
  void begin(const RunIdentity& identity) override;
  void write(const PhotoReport& report) override;

 private:
  std::ostream& out_;
  CsvDialect dialect_;
  std::string header_;
  std::vector<std::pair<std::string, std::vector<std::string>>> columns_;  // check id, value names
};

// RFC 4180 quoting.
std::string csv_field(const std::string& s, char separator = ',');
// A text cell of the report (a path, a message): RFC 4180 quoting, and a cell a spreadsheet
// would run as a formula (starting with = + - @, tab or CR) gets a leading ' and quotes (OWASP).
std::string csv_text_cell(const std::string& s, char separator = ',');

}  // namespace conforme
