#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace conforme::cli {

// Exit status (SPEC): 0 every photo passes, 1 some photo fails, 2 usage or configuration error
// (nothing processed), 3 some input could not be processed, 4 an output could not be written
// (issue 17: a full disk must never look like success).
enum Exit { all_pass = 0, some_fail = 1, usage_error = 2, input_error = 3, output_error = 4 };

// The status of a batch's records (`check`, the records --resume keeps included, and `merge`):
// an input not processed first, then a refused photo; a photo passing with a point to check (a
// warning) counts as failing with --fail-on-warn.
inline Exit batch_status(std::size_t errors, std::size_t failed, std::size_t passed_to_check, bool fail_on_warn) {
  if (errors) return input_error;
  if (failed || (fail_on_warn && passed_to_check)) return some_fail;
  return all_pass;
}

// --jobs above this are refused: threads beyond it only add memory (two inputs in flight each)
// and contention, and 2 x jobs + 2 overflowed for INT_MAX.
constexpr int max_jobs = 1024;

int run(int argc, char** argv);

// Subcommands that live in their own file (cmd_<name>.cpp); `args` follow the command word.
int cmd_check(const std::vector<std::string>& args);
int cmd_eval(const std::vector<std::string>& args);
int cmd_merge(const std::vector<std::string>& args);
int cmd_serve(const std::vector<std::string>& args);

}  // namespace conforme::cli
