#pragma once
// --resume: finishing a report that an interrupted run (killed, machine lost) left behind.
//
// Records are written whole, in input order, so what a killed run leaves is the records of a
// prefix of its inputs, perhaps followed by a partial line. Resuming keeps the records of the
// first K inputs, cuts the files just after them, and the run then processes inputs K.. and
// appends: the finished report is the one an uninterrupted run would have written, byte for byte.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/inputs.hpp"

namespace conforme {

// The existing report does not belong to this run (other inputs, profile, version or models):
// nothing is changed, and the run stops with a usage error.
struct ResumeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ResumePoint {
  std::size_t inputs_done = 0;   // K: inputs[0..K) keep their records
  std::size_t records_kept = 0;  // their records (more than K when an input holds several photos)
  std::string csv_rows;          // the CSV rows of those records, header excluded
  std::size_t passed = 0, failed = 0, errors = 0;  // statuses of the kept records
  std::size_t passed_to_check = 0;                 // of `passed`, those with a warning
};

// Reads the JSONL report at `jsonl_path` (and the CSV at `csv_path` when given) written by an
// earlier run over `inputs` (this run's list, after --shard), checks that its records are those
// of inputs[0], inputs[1], ... in order (same input_index and path) and were written with the
// same `identity` ({"profile", "version", "models"} as records carry them), then truncates the
// JSONL after the records of the first K inputs.
// K excludes the last input found in the file: with several photos per input, its records may
// not all have been written, so it is always redone. A missing or empty file gives K = 0.
// The CSV (when given) must start with `csv_header`; rows beyond the JSONL's are dropped and
// vice versa. The caller rewrites the CSV as header + csv_rows and appends to both.
// Throws ResumeError (names the file, the line and what differs) and ReportFileError.
ResumePoint prepare_resume(const std::string& jsonl_path, const std::optional<std::string>& csv_path,
                           const std::string& csv_header, const std::vector<InputItem>& inputs,
                           const nlohmann::json& identity);

}  // namespace conforme
