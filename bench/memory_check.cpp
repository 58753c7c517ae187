#include "memory_check.hpp"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "bench_photos.hpp"
#include "io/inputs.hpp"
#include "pipeline/pipeline.hpp"
#include "process_stats.hpp"
#include "report/writers.hpp"

extern char** environ;

namespace conforme::bench {
namespace {

// Few distinct files are enough: what is measured is how much is held at once, not the content.
constexpr int distinct_photos = 13;

struct ChildResult {
  double peak_rss_mib = 0, seconds = 0;
  int exit_code = -1;
};

ChildResult run_child(const std::string& dir, int count, const MemoryCheckOptions& options) {
  const std::vector<std::string> args = {"conforme-bench",   "--memory-child", std::to_string(count),
                                         "--memory-dir",     dir,              "--jobs",
                                         std::to_string(options.jobs), "--profile", options.profile};
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ChildResult result;
  result.seconds = seconds_to_run([&] {
    pid_t pid = 0;
    if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0) return;
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    result.peak_rss_mib = usage.ru_maxrss / 1024.0;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  });
  return result;
}

}  // namespace

int run_memory_child(const std::string& dir, int count, int jobs, const std::string& profile) {
  std::vector<InputItem> files = expand_inputs({dir});
  if (files.empty()) return 2;
  std::vector<InputItem> inputs;
  inputs.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) inputs.push_back(files[static_cast<std::size_t>(i) % files.size()]);
  const Checker checker(load_profile(profile), FaceModels::load());
  std::ofstream null_out("/dev/null", std::ios::binary);
  JsonlWriter jsonl(null_out);
  jsonl.begin(checker.identity());
  PipelineOptions options;
  options.jobs = jobs;
  const RunCounts counts = run_pipeline(inputs, checker, options, [&](std::size_t, const std::vector<PhotoReport>& reports) {
    for (const auto& r : reports) jsonl.write(r);
  });
  return counts.inputs == inputs.size() && counts.errors == 0 ? 0 : 3;
}

int run_memory_check(const MemoryCheckOptions& options) {
  char pattern[] = "/tmp/conforme-bench-memory-XXXXXX";
  if (!mkdtemp(pattern)) return 2;
  const std::string dir = pattern;
  write_photo_set(dir, PhotoSet::single, distinct_photos, load_portraits(options.faces_dir));
  std::printf("memory check: %d distinct ID photos listed round-robin, %d threads, profile %s, "
              "each batch in its own process\n",
              distinct_photos, options.jobs, options.profile.c_str());
  std::printf("%10s %14s %12s %10s\n", "inputs", "peak RSS MiB", "seconds", "photos/s");
  std::vector<ChildResult> results;
  for (int count : options.input_counts) {
    const ChildResult r = run_child(dir, count, options);
    std::printf("%10d %14.1f %12.1f %10.1f%s\n", count, r.peak_rss_mib, r.seconds, count / r.seconds,
                r.exit_code == 0 ? "" : "  (child failed)");
    std::fflush(stdout);
    results.push_back(r);
  }
  std::filesystem::remove_all(dir);
  if (results.size() < 2) return 0;
  const double growth = results.back().peak_rss_mib / results.front().peak_rss_mib - 1.0;
  std::printf("peak RSS growth from %d to %d inputs: %+.1f %% (target: within 10 %%, under 400 MiB)\n",
              options.input_counts.front(), options.input_counts.back(), 100.0 * growth);
  const bool failed_child = std::any_of(results.begin(), results.end(), [](const auto& r) { return r.exit_code != 0; });
  return !failed_child && growth <= 0.10 ? 0 : 1;
}

}  // namespace conforme::bench
