// Crash-safe output: a run killed with SIGKILL in the middle, then `--resume` with the same
// arguments, leaves exactly the report (JSONL and CSV) an uninterrupted run writes, byte for byte.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "io/inputs.hpp"
#include "io/resume.hpp"
#include "run_cli.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

std::size_t line_count(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

// `count` inputs: the real portraits repeated under different names (symbolic links), with a
// missing file and an empty one among them. Returns the list file.
std::string batch(const std::string& dir, std::size_t count) {
  std::vector<std::string> faces;
  for (const auto& e : fs::directory_iterator(data_path("faces")))
    if (has_image_extension(e.path().string())) faces.push_back(e.path().string());
  std::sort(faces.begin(), faces.end());
  std::string list;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string path = dir + "/photo_" + std::to_string(100 + i) + fs::path(faces[i % faces.size()]).extension().string();
    if (i == 7) write_file(path, "");           // empty_file
    else if (i != 23) fs::create_symlink(faces[i % faces.size()], path);  // 23: not_found
    list += path + "\n";
  }
  write_file(dir + "/list.txt", list);
  return dir + "/list.txt";
}

std::string check_args(const std::string& list, const std::string& out) {
  return "check -q --jobs 2 --from " + quote(list) + " -o " + quote(out + ".jsonl") + " --csv " + quote(out + ".csv");
}

// Starts the command and SIGKILLs it once its report holds at least `lines` complete records.
void run_and_kill(const std::string& args, const std::string& jsonl, std::size_t lines) {
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string cmd = "exec " + quote(CONFORME_CLI) + " " + args + " 2>/dev/null";
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (line_count(slurp(jsonl)) < lines && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the run ended before it was killed";
}

TEST(Resume, KilledRunResumedGivesTheUninterruptedReportByteForByte) {
  const std::string dir = temp_dir("resume_kill");
  const std::string list = batch(dir, 60);
  const CliRun whole = conforme(check_args(list, dir + "/whole"));
  ASSERT_EQ(whole.status, 3) << whole.err;  // two inputs fail to read
  const std::string expected_jsonl = slurp(dir + "/whole.jsonl"), expected_csv = slurp(dir + "/whole.csv");
  ASSERT_EQ(line_count(expected_jsonl), 60u);

  run_and_kill(check_args(list, dir + "/cut"), dir + "/cut.jsonl", 15);
  const std::string left = slurp(dir + "/cut.jsonl");
  EXPECT_GE(line_count(left), 15u);
  EXPECT_LT(line_count(left), 60u);  // really interrupted
  EXPECT_EQ(expected_jsonl.compare(0, left.rfind('\n') + 1, left, 0, left.rfind('\n') + 1), 0);  // a clean prefix

  const CliRun resumed = conforme(check_args(list, dir + "/cut") + " --resume");
  EXPECT_EQ(resumed.status, whole.status) << resumed.err;  // the status speaks for the whole report
  EXPECT_EQ(slurp(dir + "/cut.jsonl"), expected_jsonl);
  EXPECT_EQ(slurp(dir + "/cut.csv"), expected_csv);
  fs::remove_all(dir);
}

// What a kill can leave: a record cut in the middle, a CSV one row behind the JSONL or cut
// inside a row. Resuming from each gives the whole report; resuming a finished report too.
TEST(Resume, PartialLinesAndLaggingCsvAreRepaired) {
  const std::string dir = temp_dir("resume_cut");
  const std::string list = batch(dir, 20);
  ASSERT_EQ(conforme(check_args(list, dir + "/whole")).status, 3);
  const std::string jsonl = slurp(dir + "/whole.jsonl"), csv = slurp(dir + "/whole.csv");
  auto nth_line_end = [](const std::string& s, std::size_t n) {
    std::size_t at = 0;
    for (std::size_t k = 0; k < n; ++k) at = s.find('\n', at) + 1;
    return at;
  };
  struct Cut {
    std::size_t jsonl_bytes, csv_bytes;
  };
  const Cut cuts[] = {
      {nth_line_end(jsonl, 9) + 100, nth_line_end(csv, 10)},      // JSONL cut inside record 10
      {nth_line_end(jsonl, 12), nth_line_end(csv, 12)},          // CSV one row behind (header + 11)
      {nth_line_end(jsonl, 5), nth_line_end(csv, 4) + 7},        // CSV cut inside a row
      {jsonl.size(), csv.size()},                                 // finished: the last input is redone
      {0, 0},                                                     // nothing written yet
  };
  for (const Cut& c : cuts) {
    SCOPED_TRACE(std::to_string(c.jsonl_bytes) + " " + std::to_string(c.csv_bytes));
    write_file(dir + "/r.jsonl", jsonl.substr(0, c.jsonl_bytes));
    write_file(dir + "/r.csv", csv.substr(0, c.csv_bytes));
    EXPECT_EQ(conforme(check_args(list, dir + "/r") + " --resume").status, 3);
    EXPECT_EQ(slurp(dir + "/r.jsonl"), jsonl);
    EXPECT_EQ(slurp(dir + "/r.csv"), csv);
  }
  fs::remove(dir + "/r.jsonl");  // no report yet: --resume starts from the beginning
  fs::remove(dir + "/r.csv");
  EXPECT_EQ(conforme(check_args(list, dir + "/r") + " --resume").status, 3);
  EXPECT_EQ(slurp(dir + "/r.jsonl"), jsonl);
  fs::remove_all(dir);
}

TEST(Resume, RefusesAReportOfOtherArgumentsAndLeavesItUntouched) {
  const std::string dir = temp_dir("resume_refuse");
  const std::string list = batch(dir, 8);  // input 7 is empty: status 3
  ASSERT_EQ(conforme(check_args(list, dir + "/r")).status, 3);
  const std::string before = slurp(dir + "/r.jsonl");
  write_file(dir + "/r.jsonl", before.substr(0, before.size() / 2));
  const std::string half = slurp(dir + "/r.jsonl");

  const CliRun profile = conforme(check_args(list, dir + "/r") + " --resume --profile icao-9303");
  EXPECT_EQ(profile.status, 2);
  EXPECT_NE(profile.err.find("icao-9303"), std::string::npos) << profile.err;
  write_file(dir + "/other.txt", data_path("faces/congress_S001183.jpg") + "\n");
  const CliRun inputs = conforme(check_args(dir + "/other.txt", dir + "/r") + " --resume");
  EXPECT_EQ(inputs.status, 2);
  EXPECT_NE(inputs.err.find("same inputs"), std::string::npos) << inputs.err;
  const CliRun shard = conforme(check_args(list, dir + "/r") + " --resume --shard 1/2");
  EXPECT_EQ(shard.status, 2);
  EXPECT_EQ(slurp(dir + "/r.jsonl"), half);  // nothing cut, nothing appended

  const CliRun stdout_report = conforme("check -q --resume " + quote(data_path("faces")));
  EXPECT_EQ(stdout_report.status, 2);
  EXPECT_NE(stdout_report.err.find("--output"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace conforme::test
