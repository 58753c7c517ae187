// Inputs that cannot be committed to git, made at run time: a file name that is not UTF-8, a
// FIFO, unreadable files and directories, directory symlink loops, a list naming missing
// files, duplicates. Each gets exactly one record, the run ends, the JSONL stays valid UTF-8.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "io/inputs.hpp"
#include "run_cli.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

TEST(HostileInputs, NonUtf8FileNameIsReadAndWrittenAsEscapedBytes) {
  const std::string dir = temp_dir("latin1");
  const std::string name = "caf\xE9 \xFF.jpg";  // Latin-1 é, and a byte no encoding uses
  fs::copy_file(data_path(face_photo), dir + "/" + name);
  const CliRun r = conforme("check -q " + quote(dir + "/" + name) + " " + quote(dir + "/missing \xE9.jpg"));
  EXPECT_EQ(r.status, 3);
  const auto recs = records(r.out);  // parsing fails on invalid UTF-8: the line must be valid
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0]["input"], dir + "/caf\\xe9 \\xff.jpg");
  EXPECT_EQ(recs[0]["status"], "fail");  // read and judged, not an error
  EXPECT_EQ(recs[1]["error"]["code"], "not_found");
  EXPECT_NE(recs[1]["error"]["message"].get<std::string>().find("missing \\xe9.jpg"), std::string::npos);
  fs::remove_all(dir);
}

TEST(HostileInputs, FifoGivenAsAnInputDoesNotBlockTheRun) {
  const std::string dir = temp_dir("fifo");
  ASSERT_EQ(mkfifo((dir + "/scan.jpg").c_str(), 0644), 0);
  // A blocking open would hang until conforme()'s time limit kills the command (status -1).
  const CliRun r = conforme("check -q " + quote(dir) + " /dev/null " + quote(data_path(face_photo)));
  EXPECT_EQ(r.status, 3);
  const auto recs = records(r.out);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0]["error"]["code"], "not_a_file");
  EXPECT_EQ(recs[1]["error"]["code"], "not_a_file");
  EXPECT_EQ(recs[2]["status"], "fail");
  fs::remove_all(dir);
}

// Root reads files whatever their mode (CAP_DAC_OVERRIDE). To test permission_denied as root,
// the command runs with those capabilities dropped from its bounding set (util-linux setpriv),
// so the file modes apply to it like to any user.
std::string unprivileged() {
  if (geteuid() != 0) return "";
  if (std::system("setpriv --bounding-set=-dac_override,-dac_read_search true 2>/dev/null") != 0) return "!";
  return "setpriv --bounding-set=-dac_override,-dac_read_search ";
}

TEST(HostileInputs, UnreadableFileAndDirectoryAreReportedPermissionDenied) {
  const std::string prefix = unprivileged();
  if (prefix == "!") GTEST_SKIP() << "running as root and setpriv cannot drop CAP_DAC_OVERRIDE here";
  const std::string dir = temp_dir("perm");
  fs::create_directories(dir + "/batch/locked");
  fs::copy_file(data_path(face_photo), dir + "/batch/a.jpg");
  fs::copy_file(data_path(face_photo), dir + "/batch/b.jpg");
  fs::copy_file(data_path(face_photo), dir + "/batch/locked/c.jpg");
  fs::copy_file(data_path(face_photo), dir + "/batch/z.jpg");
  chmod((dir + "/batch/b.jpg").c_str(), 0);
  chmod((dir + "/batch/locked").c_str(), 0);
  const std::string cmd = prefix + quote(CONFORME_CLI) + " check -q --jobs 2 " + quote(dir + "/batch") + " -o " +
                          quote(dir + "/out.jsonl") + " 2>" + quote(dir + "/err");
  const int raw = std::system(cmd.c_str());
  chmod((dir + "/batch/locked").c_str(), 0755);
  EXPECT_EQ(WEXITSTATUS(raw), 3) << slurp(dir + "/err");
  const auto recs = records(slurp(dir + "/out.jsonl"));
  ASSERT_EQ(recs.size(), 4u);  // a, b, the directory that cannot be listed, z
  EXPECT_EQ(recs[0]["status"], "fail");
  EXPECT_EQ(recs[1]["input"], dir + "/batch/b.jpg");
  EXPECT_EQ(recs[1]["error"]["code"], "permission_denied");
  EXPECT_EQ(recs[2]["input"], dir + "/batch/locked");
  EXPECT_EQ(recs[2]["error"]["code"], "permission_denied");
  EXPECT_EQ(recs[3]["input"], dir + "/batch/z.jpg");
  EXPECT_EQ(recs[3]["status"], "fail");
  fs::remove_all(dir);
}

// Issue 17: an --annotate directory the run may not write into. Each drawing is named on stderr,
// the run exits 4, and the report is the one a run without --annotate writes.
TEST(HostileInputs, AnnotateDirectoryWithoutWritePermissionIsReported) {
  const std::string prefix = unprivileged();
  if (prefix == "!") GTEST_SKIP() << "running as root and setpriv cannot drop CAP_DAC_OVERRIDE here";
  const std::string dir = temp_dir("annotate_perm");
  fs::create_directories(dir + "/drawn");
  chmod((dir + "/drawn").c_str(), 0555);
  const CliRun plain = conforme("check -q " + quote(data_path(face_photo)));
  const CliRun r = conforme("check -q --annotate " + quote(dir + "/drawn") + " " + quote(data_path(face_photo)), Shell{prefix, {}});
  chmod((dir + "/drawn").c_str(), 0755);
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_EQ(r.out, plain.out);
  EXPECT_NE(r.err.find("--annotate: cannot write " + dir + "/drawn/000000_congress_S001183.jpg: Permission denied"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(fs::is_empty(dir + "/drawn"));
  fs::remove_all(dir);
}

TEST(HostileInputs, ListFileNamingMissingFilesGivesOneNotFoundEachInOrder) {
  const std::string dir = temp_dir("list");
  write_file(dir + "/list.txt", "/nonexistent/one.jpg\n" + data_path(face_photo) + "\r\n" + dir +
                                    "/gone.png\n# a comment\n\n" + dir + "/list.txt/not_a_dir.jpg\n");
  const CliRun r = conforme("check -q --from " + quote(dir + "/list.txt"));
  EXPECT_EQ(r.status, 3);
  const auto recs = records(r.out);
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[0]["error"]["code"], "not_found");
  EXPECT_EQ(recs[1]["status"], "fail");
  EXPECT_EQ(recs[2]["error"]["code"], "not_found");
  EXPECT_EQ(recs[3]["error"]["code"], "not_found");
  for (std::size_t i = 0; i < recs.size(); ++i) EXPECT_EQ(recs[i]["input_index"], i);
  fs::remove_all(dir);
}

// A path given twice is two inputs: each occurrence gets its record, so the report has one line
// per input given and can be zipped with the list; input_index tells the occurrences apart.
TEST(HostileInputs, DuplicatesEachGetTheirOwnRecord) {
  const std::string dir = temp_dir("dup");
  fs::copy_file(data_path(face_photo), dir + "/a.jpg");
  const std::string a = quote(dir + "/a.jpg");
  const CliRun r = conforme("check -q --jobs 2 " + a + " " + quote(dir) + " " + a);
  const auto recs = records(r.out);
  ASSERT_EQ(recs.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(recs[i]["input"], dir + "/a.jpg");
    EXPECT_EQ(recs[i]["input_index"], i);
    auto same = recs[i];
    same.erase("input_index");
    auto first = recs[0];
    first.erase("input_index");
    EXPECT_EQ(same, first);  // judged the same each time
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace conforme::test
