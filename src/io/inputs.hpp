#pragma once
// Turning command-line arguments into the ordered list of inputs.
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "io/input_error.hpp"

namespace conforme {

struct InputItem {
  std::string path;
  // Set when the input failed before reading (e.g. an unreadable directory): it still gets its
  // one error record.
  std::optional<InputError> problem;
};

// File extensions taken when walking a directory (case-insensitive). Files named explicitly are
// always taken, whatever their extension, and judged by their content.
bool has_image_extension(const std::string& path);

// Expands each argument: a file stays as is; a directory is walked recursively, its image files
// in sorted (byte-wise) path order; a missing path stays and becomes a not_found record.
std::vector<InputItem> expand_inputs(const std::vector<std::string>& args);

// Reads one path per line (blank lines and lines starting with '#' are skipped).
std::vector<std::string> read_path_list(std::istream& in);

}  // namespace conforme
