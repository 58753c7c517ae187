// Inputs, shards, --resume and merge: the I/O code alone (no models), so this binary also runs
// under AddressSanitizer and UBSan (scripts/sanitize).
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <functional>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/cli.hpp"
#include "io/inputs.hpp"
#include "io/output_file.hpp"
#include "io/report_file.hpp"
#include "io/resume.hpp"
#include "io/shard.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

std::string temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("conforme-io-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
void write_file(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

TEST(IoInputs, PrintablePathEscapesOnlyBytesThatAreNotUtf8) {
  EXPECT_EQ(printable_path("photo_été_\xF0\x9F\x98\x80.jpg"), "photo_été_\xF0\x9F\x98\x80.jpg");  // valid: unchanged
  EXPECT_EQ(printable_path("caf\xE9.jpg"), "caf\\xe9.jpg");            // Latin-1
  EXPECT_EQ(printable_path("a\xC0\xAF" "b"), "a\\xc0\\xafb");        // overlong '/' is not UTF-8
  EXPECT_EQ(printable_path("\xED\xA0\x80"), "\\xed\\xa0\\x80");     // a UTF-16 surrogate
  EXPECT_EQ(printable_path("\xF4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(printable_path("end\xC3"), "end\\xc3");                  // cut inside a sequence
}

TEST(IoInputs, DirectorySymlinkLoopsEndTheWalkAndListEachFileOnce) {
  const std::string dir = temp_dir("loops");
  fs::create_directories(dir + "/a/b");
  write_file(dir + "/a/b/photo.jpg", "x");
  fs::create_directory_symlink("..", dir + "/a/b/up");        // a -> b -> up -> a ...
  fs::create_directory_symlink(dir + "/a", dir + "/a/b/abs");  // absolute loop
  fs::create_directory_symlink("sideways", dir + "/a/sideways");  // loops onto itself
  fs::create_symlink("b/photo.jpg", dir + "/a/link.jpg");         // a file link is an input
  const auto items = expand_inputs({dir});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].path, dir + "/a/b/photo.jpg");
  EXPECT_EQ(items[1].path, dir + "/a/link.jpg");
  EXPECT_EQ(items[1].index, 1u);
  fs::remove_all(dir);
}

TEST(IoInputs, PhotosInFormatsNotReadAreTakenAndOtherFilesAreListedAsLeft) {
  const std::string dir = temp_dir("formats");
  for (const char* name : {"IMG_0001.HEIC", "scan.pdf", "b.jpg", "notes.txt", ".DS_Store", "raw.CR3", "a.xmp"})
    write_file(dir + "/" + name, "x");
  std::vector<std::string> left;
  const auto items = expand_inputs({dir}, {}, &left);
  std::vector<std::string> taken;
  for (const auto& i : items) taken.push_back(fs::path(i.path).filename().string());
  EXPECT_EQ(taken, (std::vector<std::string>{"IMG_0001.HEIC", "b.jpg", "raw.CR3", "scan.pdf"}));
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{dir + "/a.xmp", dir + "/notes.txt"}));  // hidden files aside
  EXPECT_FALSE(has_image_extension("x.heic"));
  EXPECT_TRUE(has_unread_photo_extension("X.HEIC"));
  EXPECT_FALSE(has_unread_photo_extension("notes.txt"));
  fs::remove_all(dir);
}

TEST(IoShard, ParsesIOverNAndRefusesTheRest) {
  EXPECT_EQ(parse_shard("0/1").count, 1u);
  EXPECT_EQ(parse_shard("2/3").index, 2u);
  for (const char* bad : {"3/3", "1/0", "-1/3", "1", "a/b", "1/3x", "/3", "1/", ""})
    EXPECT_THROW(parse_shard(bad), std::invalid_argument) << bad;
}

// FNV-1a 64 reference values (draft-eastlake-fnv): a changed hash would move inputs between
// shards of runs already started on other machines.
TEST(IoShard, HashIsFnv1a64) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ull);
}

TEST(IoShard, EveryInputIsInExactlyOneShardWhateverTheListOrder) {
  std::vector<InputItem> inputs;
  for (int i = 0; i < 1000; ++i) inputs.push_back({"/scans/2024/dossier_" + std::to_string(i) + ".jpg", std::nullopt, i});
  std::vector<std::size_t> seen(inputs.size(), 0);
  for (std::size_t s = 0; s < 7; ++s) {
    const auto part = select_shard(inputs, {s, 7});
    EXPECT_GT(part.size(), 100u);  // roughly 1000 / 7 each
    for (const auto& item : part) ++seen[*item.index];
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1u), 1000);
  std::vector<InputItem> reversed(inputs.rbegin(), inputs.rend());
  for (const auto& item : select_shard(reversed, {3, 7})) EXPECT_TRUE(in_shard(item.path, {3, 7}));
}

// One input may give several records (a planche holds several photos): they are consecutive and
// share input_index, and the last input found may have been cut between two of its photos, so
// it is always redone.
TEST(IoResume, LastInputIsRedoneWhenInputsHaveSeveralRecords) {
  const std::string dir = temp_dir("resume_multi");
  const nlohmann::json identity = {{"profile", {{"name", "p"}, {"sha256", "00"}}}, {"version", "1"}, {"models", nlohmann::json::array()}};
  auto record = [&](std::size_t input, int photo, const std::string& path) {
    nlohmann::ordered_json j = {{"input", path}, {"input_index", input}, {"photo_index", photo}, {"status", "fail"}};
    for (auto& [k, v] : identity.items()) j[k] = v;
    return j.dump() + "\n";
  };
  const std::vector<InputItem> inputs = {{"a.png", std::nullopt, 0}, {"sheet.jpg", std::nullopt, 1}, {"b.jpg", std::nullopt, 2}};
  const std::string complete = record(0, 0, "a.png") + record(1, 0, "sheet.jpg") + record(1, 1, "sheet.jpg") + record(1, 2, "sheet.jpg");
  write_file(dir + "/r.jsonl", complete + record(2, 0, "b.jpg").substr(0, 30));
  ResumePoint p = prepare_resume(dir + "/r.jsonl", std::nullopt, "", inputs, identity);
  EXPECT_EQ(p.inputs_done, 1u);  // the sheet's three records may not be all of them: redone
  EXPECT_EQ(p.records_kept, 1u);
  EXPECT_EQ(slurp(dir + "/r.jsonl"), record(0, 0, "a.png"));
  write_file(dir + "/r.jsonl", complete + record(2, 0, "b.jpg"));
  p = prepare_resume(dir + "/r.jsonl", std::nullopt, "", inputs, identity);
  EXPECT_EQ(p.inputs_done, 2u);
  EXPECT_EQ(p.records_kept, 4u);
  EXPECT_EQ(p.failed, 4u);
  EXPECT_EQ(slurp(dir + "/r.jsonl"), complete);
  fs::remove_all(dir);
}

// A CSV one row behind its JSONL (killed between the two writes) and a report of other inputs or
// another profile.
TEST(IoResume, CsvBehindIsFollowedAndForeignReportsAreRefused) {
  const std::string dir = temp_dir("resume_csv");
  const nlohmann::json identity = {{"profile", {{"name", "p"}, {"sha256", "00"}}}, {"version", "1"}, {"models", nlohmann::json::array()}};
  auto record = [&](std::size_t input, const std::string& path, const std::string& status) {
    nlohmann::ordered_json j = {{"input", path}, {"input_index", input}, {"photo_index", 0}, {"status", status}};
    for (auto& [k, v] : identity.items()) j[k] = v;
    return j.dump() + "\n";
  };
  std::vector<InputItem> inputs;
  std::string jsonl, csv = "input,status\n";
  for (std::size_t i = 0; i < 6; ++i) {
    inputs.push_back({"p" + std::to_string(i) + ".jpg", std::nullopt, i});
    jsonl += record(i, inputs.back().path, i == 1 ? "error" : "pass");
    if (i < 4) csv += "\"p" + std::to_string(i) + ".jpg\nwith a quoted newline\"," + (i == 1 ? "error" : "pass") + "\n";
  }
  write_file(dir + "/r.jsonl", jsonl);
  write_file(dir + "/r.csv", csv + "\"p4");  // row 5 cut inside its quotes
  const ResumePoint p = prepare_resume(dir + "/r.jsonl", dir + "/r.csv", "input,status\n", inputs, identity);
  EXPECT_EQ(p.inputs_done, 3u);  // 4 complete CSV rows; the 4th input is redone
  EXPECT_EQ(p.records_kept, 3u);
  EXPECT_EQ(p.errors, 1u);
  EXPECT_EQ(p.passed, 2u);
  EXPECT_EQ(p.csv_rows, csv.substr(13, csv.find("\"p3") - 13));
  EXPECT_EQ(slurp(dir + "/r.jsonl"), record(0, "p0.jpg", "pass") + record(1, "p1.jpg", "error") + record(2, "p2.jpg", "pass"));

  const std::string kept = slurp(dir + "/r.jsonl");
  EXPECT_THROW(prepare_resume(dir + "/r.jsonl", dir + "/r.csv", "other,header\n", inputs, identity), ResumeError);
  nlohmann::json other = identity;
  other["profile"]["sha256"] = "11";
  EXPECT_THROW(prepare_resume(dir + "/r.jsonl", std::nullopt, "", inputs, other), ResumeError);
  std::vector<InputItem> renamed = inputs;
  renamed[1].path = "elsewhere.jpg";
  EXPECT_THROW(prepare_resume(dir + "/r.jsonl", std::nullopt, "", renamed, identity), ResumeError);
  EXPECT_THROW(prepare_resume(dir + "/r.jsonl", std::nullopt, "", {inputs[0]}, identity), ResumeError);
  EXPECT_EQ(slurp(dir + "/r.jsonl"), kept);  // refusals change nothing
  write_file(dir + "/r.jsonl", kept + "not json\n");
  EXPECT_THROW(prepare_resume(dir + "/r.jsonl", std::nullopt, "", inputs, identity), ReportFileError);
  fs::remove_all(dir);
}

// conforme merge on hand-written records, called in-process. Refusals write nothing to OUT and
// exit with status 2.
class IoMerge : public ::testing::Test {
 protected:
  void SetUp() override { dir = temp_dir("merge"); }
  void TearDown() override { fs::remove_all(dir); }
  std::string record(std::size_t index, const std::string& profile_sha = "aa", int photo = 0) const {
    nlohmann::ordered_json j = {{"input", "p" + std::to_string(index) + ".jpg"},
                                {"input_index", index},
                                {"photo_index", photo},
                                {"status", "fail"},
                                {"profile", {{"name", "fr-ants"}, {"sha256", profile_sha}}},
                                {"version", "0.1.0"},
                                {"models", nlohmann::json::array()}};
    return j.dump() + "\n";
  }
  std::string file(const std::string& name, const std::string& content) const {
    write_file(dir + "/" + name, content);
    return dir + "/" + name;
  }
  struct Run {
    int status;
    std::string err;
  };
  Run merge(std::vector<std::string> args) const {
    args.insert(args.begin(), dir + "/out.jsonl");
    std::ostringstream err;
    auto* saved = std::cerr.rdbuf(err.rdbuf());
    const int status = cli::cmd_merge(args);
    std::cerr.rdbuf(saved);
    return {status, err.str()};
  }
  std::string dir;
};

TEST_F(IoMerge, JoinsInInputOrderKeepingSeveralPhotosOfOneInputTogether) {
  const std::string a = file("a", record(0) + record(2, "aa", 0) + record(2, "aa", 1) + record(3));
  const std::string b = file("b", record(1) + record(4));
  const std::string empty = file("empty", "");  // a shard that got no input: taken with --inputs
  const Run r = merge({b, empty, a, "--inputs", "5"});
  EXPECT_EQ(r.status, 1) << r.err;  // as check: some photo fails
  EXPECT_EQ(slurp(dir + "/out.jsonl"),
            record(0) + record(1) + record(2, "aa", 0) + record(2, "aa", 1) + record(3) + record(4));
}

TEST_F(IoMerge, RefusesDuplicatesGapsPartialShardsAndMixedProfiles) {
  struct Refusal {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Refusal> refusals = {
      {{file("a", record(0) + record(2)), file("b", record(1) + record(2))}, "in two reports"},
      {{file("c", record(0) + record(1)), dir + "/c"}, "in two reports"},  // a shard given twice
      {{file("d", record(0) + record(3)), file("e", record(1))}, "input 2 (before"},
      {{file("f", record(1) + record(2))}, "input 0 (before"},
      {{file("g", record(0) + record(1).substr(0, 20)), file("h", record(1))}, "incomplete record"},
      {{file("i", record(0) + record(1, "bb"))}, "same profile"},
      {{file("j", record(0) + record(1, "aa", 0) + record(1, "aa", 0))}, "appears twice"},
      {{file("k", record(0) + record(2) + record(1)), file("k2", record(1))}, "out of input order"},
      {{file("l", record(0) + "{\"not\": \"a record\"}\n")}, "not a record"},
      {{file("m", record(0) + record(1)), "--inputs", "4"}, "inputs 2 to 3 of the 4 in no report"},
      {{dir + "/missing.jsonl"}, "cannot open"},
  };
  for (const Refusal& refusal : refusals) {
    SCOPED_TRACE(refusal.args.front());
    const Run r = merge(refusal.args);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find(refusal.message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir + "/out.jsonl"));
    EXPECT_FALSE(fs::exists(dir + "/out.jsonl.merging"));
  }
  EXPECT_EQ(merge({file("n", record(0) + record(1)), "--inputs", "2"}).status, 1);
  EXPECT_EQ(merge({file("o", record(0)), "--inputs", "-1"}).status, 2);
}

// Issue 17: the refusals above also hold for what is not a shard report, and OUT itself.
TEST_F(IoMerge, RefusesNonRegularOutAndDirectoryOrUnprovenEmptyShards) {
  const std::string good = file("good", record(0) + record(1));
  fs::create_directory(dir + "/adir");
  Run r = merge({dir + "/adir"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(dir + "/adir is a directory, not a shard report"), std::string::npos) << r.err;
  r = merge({good, file("empty", "")});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(dir + "/empty is empty"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/out.jsonl"));
  // OUT a directory, a device, a symbolic link: never replaced by the rename.
  for (const std::string& out : {dir + "/adir", std::string("/dev/null"), dir + "/link"}) {
    write_file(dir + "/victim", "precious\n");
    fs::remove(dir + "/link");
    fs::create_symlink(dir + "/victim", dir + "/link");
    std::ostringstream err;
    auto* saved = std::cerr.rdbuf(err.rdbuf());
    const int status = cli::cmd_merge({out, good});
    std::cerr.rdbuf(saved);
    EXPECT_EQ(status, 2) << out;
    EXPECT_NE(err.str().find("not a regular file"), std::string::npos) << err.str();
  }
  EXPECT_TRUE(fs::is_directory(dir + "/adir"));
  EXPECT_TRUE(fs::is_symlink(dir + "/link"));
  EXPECT_EQ(slurp(dir + "/victim"), "precious\n");
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

// Shards run with different --dpi or --kind judge the batch differently: not one report.
TEST_F(IoMerge, RefusesShardsRunWithOtherDpiOrKind) {
  auto with_options = [&](std::size_t index, const nlohmann::json& dpi, const std::string& kind) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(record(index));
    j["options"] = {{"dpi", dpi}, {"kind", kind}};
    return j.dump() + "\n";
  };
  Run r = merge({file("a", with_options(0, 300.0, "auto")), file("b", with_options(1, 600.0, "auto"))});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--dpi 600.0, --kind auto but"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--dpi 300.0, --kind auto."), std::string::npos) << r.err;
  r = merge({file("c", with_options(0, nullptr, "auto")), file("d", with_options(1, nullptr, "sheet"))});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--dpi unset, --kind sheet"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/out.jsonl"));
  EXPECT_EQ(merge({file("e", with_options(0, 300.0, "auto")), file("f", with_options(1, 300.0, "auto"))}).status, 1);
}

// Runs `body` in a child whose files may not grow past `max_bytes` (RLIMIT_FSIZE, SIGXFSZ
// ignored: writes fail with EFBIG, as on a full disk) and returns the child's exit status.
int with_file_size_limit(rlim_t max_bytes, const std::function<int()>& body) {
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = fork();
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{max_bytes, max_bytes};
    setrlimit(RLIMIT_FSIZE, &limit);
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(IoMerge, FullDiskIsAnOutputErrorAndLeavesNoReport) {
  std::string many;
  for (std::size_t i = 0; i < 100; ++i) many += record(i);
  const std::string shard = file("big", many);
  const int status = with_file_size_limit(4096, [&] {
    const Run r = merge({shard});
    return r.status == 4 && r.err.find(dir + "/out.jsonl.merging: write failed") != std::string::npos &&
                   r.err.find("File too large") != std::string::npos
               ? 0
               : 10 + r.status;
  });
  EXPECT_EQ(status, 0);
  EXPECT_FALSE(fs::exists(dir + "/out.jsonl"));
  EXPECT_FALSE(fs::exists(dir + "/out.jsonl.merging"));
}

TEST(IoOutputFile, EveryWriteIsCheckedAndAFailureNamesTheFileAndErrno) {
  const std::string dir = temp_dir("output_full");
  const std::string path = dir + "/r.jsonl";
  const int status = with_file_size_limit(1000, [&] {
    try {
      OutputFile out(path, "--output");
      out.truncate();
      const std::string line(600, 'x');
      for (int i = 0; i < 3; ++i) {
        out.stream() << line << "\n" << std::flush;
        out.check();
      }
      return 1;  // the third line cannot fit: check() must have thrown
    } catch (const OutputError& e) {
      return std::string(e.what()) == "--output " + path + ": write failed: File too large" ? 0 : 2;
    }
  });
  EXPECT_EQ(status, 0);
  EXPECT_EQ(fs::file_size(path), 1000u);  // 601 bytes, then the part that fit
  fs::remove_all(dir);
}

TEST(IoOutputFile, OpensWithoutTruncatingAndLocksOutOtherWriters) {
  const std::string dir = temp_dir("output_lock");
  const std::string path = dir + "/r.csv";
  write_file(path, "old\n");
  OutputFile first(path, "--csv");
  EXPECT_EQ(slurp(path), "old\n");  // opening does not truncate
  try {
    OutputFile second(path, "--csv");
    ADD_FAILURE() << "a second writer was let in";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("another conforme run is writing this file"), std::string::npos) << e.what();
  }
  first.truncate();
  first.stream() << "new\n";
  first.close();
  EXPECT_EQ(slurp(path), "new\n");
  OutputFile third(path, "--csv");  // the lock ended with the first
  fs::remove_all(dir);
}

TEST(IoOutputFile, RefusesDirectoriesDevicesFifosAndSymbolicLinks) {
  const std::string dir = temp_dir("output_kinds");
  fs::create_directory(dir + "/d");
  ASSERT_EQ(mkfifo((dir + "/fifo").c_str(), 0644), 0);
  write_file(dir + "/target", "keep\n");
  fs::create_symlink(dir + "/target", dir + "/link");
  const std::pair<std::string, std::string> cases[] = {
      {dir + "/d", "is a directory"}, {"/dev/null", "is a device"}, {dir + "/fifo", "is a FIFO"}, {dir + "/link", "is a symbolic link"}};
  for (const auto& [path, what] : cases) {
    try {
      OutputFile out(path, "--html");
      ADD_FAILURE() << path << " was opened";
    } catch (const OutputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("--html " + path + ": " + what + ", not a regular file", 0), 0u) << e.what();
    }
  }
  EXPECT_EQ(slurp(dir + "/target"), "keep\n");
  fs::remove_all(dir);
}

TEST(IoInputs, PathListsAreBoundedInLineLengthAndCount) {
  std::istringstream zeros(std::string(10000, '\0'));
  try {
    read_path_list(zeros);
    ADD_FAILURE() << "a line of 10000 NUL bytes was taken";
  } catch (const PathListError& e) {
    EXPECT_STREQ(e.what(), "line 1 is longer than 4096 bytes: not a list of paths");
  }
  std::istringstream exact(std::string(4096, 'a') + "\r\n# comment\nb.jpg");
  const auto paths = read_path_list(exact);
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[0].size(), 4096u);
  EXPECT_EQ(paths[1], "b.jpg");
  std::istringstream many("a\nb\n# c\nd\n");
  EXPECT_THROW(read_path_list(many, {4096, 2}), PathListError);
}

TEST(IoInputs, PrintablePathEscapesBackslashesSoEscapesCannotCollide) {
  EXPECT_EQ(printable_path("caf\\xe9.jpg"), "caf\\x5cxe9.jpg");  // the four characters \xe9
  EXPECT_EQ(printable_path("caf\xE9.jpg"), "caf\\xe9.jpg");       // the Latin-1 byte
  EXPECT_EQ(printable_path("a\\b"), "a\\x5cb");
}

TEST(IoInputs, SkippedDirectoryIsNotWalked) {
  const std::string dir = temp_dir("skip");
  fs::create_directories(dir + "/in/drawn");
  write_file(dir + "/in/a.jpg", "x");
  write_file(dir + "/in/drawn/000000_a.jpg", "x");
  EXPECT_EQ(expand_inputs({dir + "/in"}).size(), 2u);
  const auto items = expand_inputs({dir + "/in"}, {dir + "/in/./drawn"});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].path, dir + "/in/a.jpg");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace conforme::test
