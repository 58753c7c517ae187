#pragma once
// Running the `conforme` binary from a test, as a user or a batch script would.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace conforme::test {

// A real portrait of tests/data (452 x 553): the well-formed photo among hostile inputs.
inline const std::string face_photo = "faces/congress_S001183.jpg";

struct CliRun {
  int status = -1;  // exit status; -1 when killed by a signal
  std::string out, err;
};

// How the shell runs the command: `before` is shell text run first in the same shell (a `cd`,
// `ulimit -f 8; trap '' XFSZ;`); stdout_to, when set, receives stdout instead of CliRun::out
// (/dev/null, /dev/full).
struct Shell {
  std::string before;
  std::string stdout_to;
};

// Runs `conforme ARGS` through the shell (ARGS quoted by the caller), stdout and stderr captured;
// killed after 2 minutes.
CliRun conforme(const std::string& args, const Shell& shell = {});

// `conforme ARGS` as a hostile file meets it in production: a child whose address space is capped
// at `memory_bytes` (setrlimit RLIMIT_AS, as `prlimit --as` does), killed after `timeout_seconds`;
// its wall and CPU time and peak resident memory (wait4's rusage) measured.
struct CappedRun : CliRun {
  double seconds = 0;      // wall time
  double cpu_seconds = 0;  // user + system time: what the file cost, whatever else runs
  long max_rss_kib = 0;
  bool timed_out = false;
};
CappedRun conforme_capped(const std::string& args, std::uint64_t memory_bytes, double timeout_seconds);

std::string slurp(const std::string& path);
void write_file(const std::string& path, const std::string& bytes);
std::string quote(const std::string& path);  // single-quoted for the shell

// One parsed JSON object per line; fails the test on a line that is not valid JSON (or not
// valid UTF-8: nlohmann's parser refuses it).
std::vector<nlohmann::json> records(const std::string& jsonl);

}  // namespace conforme::test
