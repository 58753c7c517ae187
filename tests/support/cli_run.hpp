#pragma once
// The conforme command run as a user runs it, for the CLI tests: its exit status and what it
// wrote on stdout and stderr.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/fixtures.hpp"

namespace conforme::test {

struct CliRun {
  int status = -1;
  std::string out, err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `PREFIX conforme ARGS` through the shell; PREFIX may change directory or the environment
// (e.g. "cd DIR && env LANG=fr_FR.UTF-8").
inline CliRun run_conforme(const std::string& args, const std::string& prefix = "") {
  const std::string dir = temp_dir("run");
  const std::string cmd = prefix + (prefix.empty() ? "" : " ") + CONFORME_CLI + " " + args + " >" + dir + "/out 2>" +
                          dir + "/err";
  const int raw = std::system(cmd.c_str());
  CliRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(dir + "/out");
  r.err = slurp(dir + "/err");
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace conforme::test
