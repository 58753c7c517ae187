#pragma once
// Reading back a JSONL report written by `conforme check`, one record at a time, for --resume
// and `conforme merge`. Streams: memory does not grow with the report.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace conforme {

// A report file that cannot be used: the message names the file and the line.
struct ReportFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ReportRecord {
  std::string line;              // the record's bytes, without the newline
  std::size_t line_number = 0;   // 1-based
  std::uint64_t end_offset = 0;  // file offset just after the newline
  std::size_t input_index = 0;
  long long photo_index = 0;
  std::string input;   // as written (printable_path)
  std::string status;  // pass, fail, error
  bool point_to_check = false;  // a pass with a warning among its checks (« à vérifier »)
  // What must be the same across records of one report: {"profile", "version", "models", "options"}.
  nlohmann::json identity;
};

// The identity part of a record, as compared by --resume and merge.
nlohmann::json record_identity(const nlohmann::json& record);

// A record of a photo that passes with a point to check (a check's `warn` verdict, « à
// vérifier »): core/report.hpp's passes_with_point_to_check, read back from a report file.
bool record_passes_with_point_to_check(const nlohmann::json& record);

// One-line description of an identity for messages:
// "profile fr-ants (sha256 183ea978…), version 0.1.0, model … (sha256 …), --dpi 600, --kind auto".
std::string describe_identity(const nlohmann::json& identity);

class ReportReader {
 public:
  // Throws ReportFileError when the file cannot be opened.
  explicit ReportReader(const std::string& path);

  // The next complete record, or nullopt at the end. A last line without its newline (a run
  // killed while writing) is not returned: partial_tail() tells it was there.
  // Throws ReportFileError on a complete line that is not a conforme record.
  std::optional<ReportRecord> next();
  bool partial_tail() const { return partial_tail_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ifstream in_;
  std::size_t line_number_ = 0;
  std::uint64_t offset_ = 0;
  bool partial_tail_ = false;
};

}  // namespace conforme
