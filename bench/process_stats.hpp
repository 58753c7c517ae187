#pragma once
// Process measurements the harness prints: peak resident memory and wall-clock timing.
#include <chrono>

#include <sys/resource.h>

namespace conforme::bench {

// Peak resident set size of this process so far, in MiB (Linux reports ru_maxrss in KiB).
inline double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

// User + system CPU time of every thread of this process so far, in seconds: unlike wall time it
// does not count the waits that other jobs on a shared machine impose.
inline double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + 1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

template <class F>
double seconds_to_run(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace conforme::bench
