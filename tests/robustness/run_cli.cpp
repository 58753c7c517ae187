#include "run_cli.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/fixtures.hpp"

namespace conforme::test {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string quote(const std::string& path) {
  std::string q = "'";
  for (char c : path) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

CliRun conforme(const std::string& args, const Shell& shell) {
  const std::string dir = temp_dir("run");
  // A hung command (a blocking read, say) is killed after 2 minutes and fails its test.
  const std::string cmd = shell.before + " timeout -s KILL 120 " + quote(CONFORME_CLI) + " " + args + " >" +
                          (shell.stdout_to.empty() ? dir + "/out" : shell.stdout_to) + " 2>" + dir + "/err";
  const int raw = std::system(cmd.c_str());
  CliRun r;
  r.status = WIFEXITED(raw) && WEXITSTATUS(raw) != 128 + SIGKILL ? WEXITSTATUS(raw) : -1;
  r.out = slurp(dir + "/out");
  r.err = slurp(dir + "/err");
  std::filesystem::remove_all(dir);
  return r;
}

CappedRun conforme_capped(const std::string& args, std::uint64_t memory_bytes, double timeout_seconds) {
  const std::string dir = temp_dir("capped");
  // `exec`: the shell becomes conforme, so wait4 measures conforme itself.
  const std::string cmd = "exec " + quote(CONFORME_CLI) + " " + args + " >" + dir + "/out 2>" + dir + "/err";
  const auto start = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child == 0) {
    const rlimit cap{memory_bytes, memory_bytes};
    setrlimit(RLIMIT_AS, &cap);
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  CappedRun r;
  int raw = 0;
  rusage usage{};
  while (true) {
    const pid_t done = wait4(child, &raw, WNOHANG, &usage);
    if (done == child) break;
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > timeout_seconds && !r.timed_out) {
      r.timed_out = true;
      kill(child, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kib = usage.ru_maxrss;
  r.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                  static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(dir + "/out");
  r.err = slurp(dir + "/err");
  std::filesystem::remove_all(dir);
  return r;
}

std::vector<nlohmann::json> records(const std::string& jsonl) {
  std::vector<nlohmann::json> out;
  std::istringstream in(jsonl);
  for (std::string line; std::getline(in, line);) {
    try {
      out.push_back(nlohmann::json::parse(line));
    } catch (const nlohmann::json::exception& e) {
      ADD_FAILURE() << "not a JSON line (" << e.what() << "): " << line.substr(0, 200);
    }
  }
  return out;
}

}  // namespace conforme::test
