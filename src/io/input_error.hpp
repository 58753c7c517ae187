#pragma once
#include <stdexcept>
#include <string>

namespace conforme {

// A problem with one input; becomes that input's `error` record, never stops the run.
// code: a stable machine-readable word (not_found, symlink_loop, permission_denied, is_directory,
// not_a_file, empty_file, too_large, read_failed, not_an_image, unsupported_format, truncated,
// corrupt, unsupported_shape, out_of_memory, analysis_failed, sheet_layout_unclear).
struct InputError : std::runtime_error {
  InputError(std::string code, const std::string& message)
      : std::runtime_error(message), code(std::move(code)) {}
  std::string code;
};

}  // namespace conforme
