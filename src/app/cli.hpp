#pragma once
#include <string>
#include <vector>

namespace conforme::cli {

// Exit status (SPEC): 0 every photo passes, 1 some photo fails, 2 usage or configuration error
// (nothing processed), 3 some input could not be processed, 4 an output could not be written
// (issue 17: a full disk must never look like success).
enum Exit { all_pass = 0, some_fail = 1, usage_error = 2, input_error = 3, output_error = 4 };

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
