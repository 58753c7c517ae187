#include "run_cli.hpp"

#include <sys/wait.h>

#include <csignal>
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
