#pragma once
#include <stdexcept>
#include <string>

namespace conforme {

// A problem with one input; becomes that input's `error` record, never stops the run.
// code: a stable machine-readable word (not_found, permission_denied, empty_file, not_an_image,
// truncated, corrupt, too_large, is_directory, read_failed, analysis_failed).
struct InputError : std::runtime_error {
  InputError(std::string code, const std::string& message)
      : std::runtime_error(message), code(std::move(code)) {}
  std::string code;
};

}  // namespace conforme
