#include "io/resume.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/report_file.hpp"

namespace fs = std::filesystem;

namespace conforme {
namespace {

struct KeptRecord {
  std::size_t input_position;  // position in this run's input list
  std::uint64_t end_offset;
  char status;  // 'p', 'f', 'e'
  bool point_to_check;
};

// Ends of the CSV's complete rows (a newline outside quotes ends a row; paths and messages may
// hold quoted newlines). The first row is the header.
std::vector<std::uint64_t> csv_row_ends(const std::string& csv) {
  std::vector<std::uint64_t> ends;
  bool quoted = false;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] == '"') quoted = !quoted;
    else if (csv[i] == '\n' && !quoted) ends.push_back(i + 1);
  }
  return ends;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

ResumePoint prepare_resume(const std::string& jsonl_path, const std::optional<std::string>& csv_path,
                           const std::string& csv_header, const std::vector<InputItem>& inputs,
                           const nlohmann::json& identity) {
  ResumePoint point;
  std::error_code ec;
  if (!fs::exists(jsonl_path, ec) || fs::file_size(jsonl_path, ec) == 0) return point;

  std::vector<KeptRecord> records;
  {
    ReportReader reader(jsonl_path);
    std::size_t position = 0;  // this run's input the current records belong to
    bool first = true;
    while (auto r = reader.next()) {
      const auto where = jsonl_path + " line " + std::to_string(r->line_number);
      if (r->identity != identity)
        throw ResumeError(where + " was written with " + describe_identity(r->identity) + "; this run uses " +
                          describe_identity(identity) +
                          ". Resume with the same --profile, --dpi, --kind and program, or start again without --resume.");
      if (!first && r->input_index != inputs[position].index.value_or(position)) ++position;
      first = false;
      const std::size_t expected_index = position < inputs.size() ? inputs[position].index.value_or(position) : 0;
      if (position >= inputs.size() || r->input_index != expected_index ||
          r->input != printable_path(inputs[position].path))
        throw ResumeError(where + " is for input " + std::to_string(r->input_index) + " (" + r->input + ") but " +
                          (position < inputs.size()
                               ? "input " + std::to_string(expected_index) + " of this run is " +
                                     printable_path(inputs[position].path)
                               : "this run has only " + std::to_string(inputs.size()) + " inputs") +
                          ". Resume with the same inputs, --from list and --shard, or start again without --resume.");
      records.push_back(
          {position, r->end_offset, r->status == "pass" ? 'p' : r->status == "fail" ? 'f' : 'e', r->point_to_check});
    }
  }

  std::size_t usable = records.size();
  std::string csv;
  std::vector<std::uint64_t> csv_ends;
  if (csv_path) {
    csv = fs::exists(*csv_path, ec) ? slurp(*csv_path) : std::string();
    csv_ends = csv_row_ends(csv);
    if (!csv_ends.empty() && csv.compare(0, csv_ends[0], csv_header) != 0)
      throw ResumeError(*csv_path + ": its header differs from the columns of this run's profile. Resume with the "
                                    "same --profile, or start again without --resume.");
    // Row k + 1 is record k's: a run killed between writing the two lines leaves one more record.
    usable = std::min(usable, csv_ends.empty() ? 0 : csv_ends.size() - 1);
  }

  // Drop every record of the last input present: its photos may not all have been written.
  std::size_t kept = usable;
  if (kept > 0) {
    const std::size_t last_input = records[kept - 1].input_position;
    while (kept > 0 && records[kept - 1].input_position == last_input) --kept;
    point.inputs_done = last_input;
  }
  point.records_kept = kept;
  for (std::size_t k = 0; k < kept; ++k) {
    if (records[k].status == 'p') ++point.passed;
    if (records[k].point_to_check) ++point.passed_to_check;
    if (records[k].status == 'f') ++point.failed;
    if (records[k].status == 'e') ++point.errors;
  }
  fs::resize_file(jsonl_path, kept ? records[kept - 1].end_offset : 0, ec);
  if (ec) throw ResumeError(jsonl_path + ": cannot cut the report after its complete records: " + ec.message());
  if (csv_path && kept > 0) point.csv_rows = csv.substr(csv_ends[0], csv_ends[kept] - csv_ends[0]);
  return point;
}

}  // namespace conforme
