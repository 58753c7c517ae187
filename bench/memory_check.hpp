#pragma once
// Peak memory must not grow with the batch (SPEC, Speed: bounded in-flight work). Each batch
// size runs in a child process of its own, because a process's peak RSS never goes down.
#include <string>
#include <vector>

namespace conforme::bench {

struct MemoryCheckOptions {
  std::vector<int> input_counts;  // e.g. {500, 5000}: ten times more must not peak higher
  int jobs = 2;
  std::string profile = "fr-ants";
  std::string faces_dir;
};

// Generates a few ID photos, checks each batch size (the files listed round-robin) in a child
// process and prints the children's peak RSS and the growth. Returns 0 when the largest batch
// peaks within 10 % of the smallest.
int run_memory_check(const MemoryCheckOptions& options);

// The child's side: checks `count` inputs cycling over the images of `dir`, reports to /dev/null.
int run_memory_child(const std::string& dir, int count, int jobs, const std::string& profile);

}  // namespace conforme::bench
