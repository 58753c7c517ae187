// Issue 17, the output half: no lost write looks like success, no cell runs as a formula, no
// output destroys an input or another output, a drawing never changes a report.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "report/annotations.hpp"
#include "report/writers.hpp"
#include "run_cli.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

// Files may grow to 4096 bytes; a write past that fails with EFBIG instead of killing the
// process (SIGXFSZ ignored): a full disk, without needing mount rights, as root too.
const Shell full_disk{"ulimit -f 8; trap '' XFSZ;", {}};

std::string missing_inputs(const std::string& dir, int n) {
  std::string args;
  for (int i = 0; i < n; ++i) args += " " + quote(dir + "/missing_" + std::to_string(i) + ".jpg");
  return args;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Outputs, FullDiskUnderOutputExitsFourNamingTheFileAndTheReason) {
  const std::string dir = temp_dir("full_jsonl");
  const std::string report = dir + "/r.jsonl";
  const std::string photo = quote(data_path(face_photo));
  const CliRun r = conforme("check -q -o " + quote(report) + " " + photo + " " + photo + " " + photo, full_disk);
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_TRUE(contains(r.err, "--output " + report + ": write failed: File too large")) << r.err;
  EXPECT_LE(fs::file_size(report), 4096u);  // dash counts ulimit -f in 512-byte blocks
  fs::remove_all(dir);
}

TEST(Outputs, FullDiskUnderCsvExitsFourNamingTheFile) {
  const std::string dir = temp_dir("full_csv");
  Shell shell = full_disk;
  shell.stdout_to = "/dev/null";  // the JSONL goes there, not limited
  const CliRun r = conforme("check -q -o - --csv " + quote(dir + "/r.csv") + missing_inputs(dir, 60), shell);
  EXPECT_EQ(r.status, 4) << r.err;  // not 3 ("some input failed"): the CSV is incomplete
  EXPECT_TRUE(contains(r.err, "--csv " + dir + "/r.csv: write failed: File too large")) << r.err;
  fs::remove_all(dir);
}

TEST(Outputs, FullDiskUnderHtmlExitsFourNamingTheFile) {
  const std::string dir = temp_dir("full_html");
  Shell shell = full_disk;
  shell.stdout_to = "/dev/null";
  const CliRun r = conforme("check -q --html " + quote(dir + "/r.html") + missing_inputs(dir, 60), shell);
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_TRUE(contains(r.err, "--html " + dir + "/r.html: write failed: File too large")) << r.err;
  fs::remove_all(dir);
}

// `-o -` (the default): a failed write to standard output is an output error too.
TEST(Outputs, FullStandardOutputExitsFour) {
  const CliRun r = conforme("check -q " + quote(data_path(face_photo)), Shell{"", "/dev/full"});
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_TRUE(contains(r.err, "--output (standard output): write failed: No space left on device")) << r.err;
}

// `conforme eval`'s --json, --markdown and --write-baseline go through the same checked files.
TEST(Outputs, FullDiskUnderEvalOutputsExitsFour) {
  const std::string dir = temp_dir("full_eval");
  fs::copy_file(data_path(face_photo), dir + "/p.jpg");
  write_file(dir + "/labels.csv", "image,check,expected\np.jpg,face.count,pass\np.jpg,pose.roll,pass\n");
  const CliRun full = conforme("eval -q " + quote(dir + "/labels.csv") + " --markdown " + quote(dir + "/r.md"),
                               Shell{"ulimit -f 1; trap '' XFSZ;", {}});  // 512 bytes
  EXPECT_EQ(full.status, 4) << full.err;
  EXPECT_TRUE(contains(full.err, "--markdown " + dir + "/r.md: write failed: File too large")) << full.err;
  const CliRun device = conforme("eval -q " + quote(dir + "/labels.csv") + " --json /dev/null");
  EXPECT_EQ(device.status, 2);
  EXPECT_TRUE(contains(device.err, "--json /dev/null: is a device, not a regular file")) << device.err;
  fs::remove_all(dir);
}

// OWASP CSV injection: a photo named =1+2.jpg must not show 3 in a spreadsheet.
TEST(Outputs, CsvTextCellsThatLookLikeFormulasAreNeutralised) {
  const std::string dir = temp_dir("formula");
  fs::copy_file(data_path(face_photo), dir + "/=1+2.jpg");
  fs::copy_file(data_path(face_photo), dir + "/@SUM(A1).jpg");
  const CliRun r = conforme("check -q --csv r.csv =1+2.jpg @SUM\\(A1\\).jpg '=HYPERLINK(\"http://x\",\"y\").jpg' "
                            "+33.jpg plain.jpg",
                            Shell{"cd " + quote(dir) + " &&", {}});
  EXPECT_EQ(r.status, 3) << r.err;
  std::istringstream csv(slurp(dir + "/r.csv"));
  std::vector<std::string> rows;
  for (std::string line; std::getline(csv, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[1].substr(0, 14), "\"'=1+2.jpg\",0,");
  EXPECT_EQ(rows[2].substr(0, 18), "\"'@SUM(A1).jpg\",0,");
  // The path and the error message naming it, both neutralised.
  const std::string hyperlink = "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\").jpg\",0,error,";
  EXPECT_EQ(rows[3].substr(0, hyperlink.size()), hyperlink);
  EXPECT_TRUE(contains(rows[3], ",\"'=HYPERLINK(")) << rows[3];
  EXPECT_EQ(rows[4].substr(0, 11), "\"'+33.jpg\",");
  EXPECT_EQ(rows[5].substr(0, 9), "plain.jpg");  // nothing to neutralise: unchanged
  fs::remove_all(dir);
}

TEST(Outputs, CsvNumbersWrittenByTheProgramStayNumbers) {
  EXPECT_EQ(csv_text_cell("=1+2"), "\"'=1+2\"");
  EXPECT_EQ(csv_text_cell("+33 6"), "\"'+33 6\"");
  EXPECT_EQ(csv_text_cell("\tx"), "\"'\tx\"");
  EXPECT_EQ(csv_text_cell("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_text_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_text_cell(""), "");
  Profile profile = load_profile("fr-ants");
  PhotoReport report;
  report.input = "-3.2";  // a text cell, even when it reads like a number
  report.status = PhotoStatus::fail;
  CheckResult roll;
  roll.id = "pose.roll";
  roll.verdict = Verdict::fail;
  roll.measurement.values.push_back({"angle", -12.5, "deg"});
  report.checks.push_back(roll);
  std::ostringstream out;
  CsvWriter writer(out, profile);
  writer.begin(RunIdentity{});
  writer.write(report);
  const std::string row = out.str().substr(out.str().find('\n') + 1);
  EXPECT_EQ(row.substr(0, 9), "\"'-3.2\",0");
  EXPECT_TRUE(contains(row, ",-12.5000,")) << row;  // the measured value: a number, not neutralised
}

TEST(Outputs, TwoOutputsNamingOneFileAreRefusedAndNothingIsWritten) {
  const std::string dir = temp_dir("same");
  write_file(dir + "/r", "old report\n");
  fs::create_hard_link(dir + "/r", dir + "/hard");
  for (const std::string args : {"-o r --csv r", "-o r --html ./r", "--csv r --html hard", "-o sub/../r --csv r"}) {
    const CliRun r = conforme("check -q " + args + " " + quote(data_path(face_photo)), Shell{"cd " + quote(dir) + " && mkdir -p sub &&", {}});
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_TRUE(contains(r.err, "name the same file")) << args << ": " << r.err;
    EXPECT_EQ(slurp(dir + "/r"), "old report\n") << args;
  }
  fs::remove_all(dir);
}

TEST(Outputs, OutputThatIsAnInputPhotoIsRefused) {
  const std::string dir = temp_dir("input_out");
  fs::copy_file(data_path(face_photo), dir + "/p.jpg");
  const std::string before = slurp(dir + "/p.jpg");
  const CliRun r = conforme("check -q " + quote(dir) + " --csv " + quote(dir + "/p.jpg"));
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "--csv " + dir + "/p.jpg is the input " + dir + "/p.jpg")) << r.err;
  EXPECT_EQ(slurp(dir + "/p.jpg"), before);
  fs::remove_all(dir);
}

TEST(Outputs, SecondRunWritingTheSameReportIsRefusedByTheLock) {
  const std::string dir = temp_dir("lock");
  const std::string report = dir + "/r.jsonl";
  write_file(report, "records of the running job\n");
  const int fd = ::open(report.c_str(), O_RDONLY);  // the first run's lock, held by this test
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  const CliRun r = conforme("check -q -o " + quote(report) + " " + quote(data_path(face_photo)));
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "another conforme run is writing this file")) << r.err;
  EXPECT_EQ(slurp(report), "records of the running job\n");
  ::close(fd);  // the lock ends with its holder: the next run writes
  EXPECT_EQ(conforme("check -q -o " + quote(report) + " " + quote(data_path(face_photo))).status, 1);
  EXPECT_EQ(records(slurp(report)).size(), 1u);
  fs::remove_all(dir);
}

TEST(Outputs, NonRegularOutputsAreRefusedAndLinksNotFollowed) {
  const std::string dir = temp_dir("nonregular");
  fs::create_directory(dir + "/adir");
  ASSERT_EQ(mkfifo((dir + "/fifo").c_str(), 0644), 0);
  write_file(dir + "/victim", "precious\n");
  fs::create_symlink(dir + "/victim", dir + "/link");
  const struct {
    std::string args, expected;
  } cases[] = {
      {"-o " + quote(dir + "/adir"), "is a directory, not a regular file"},
      {"--csv " + quote(dir + "/fifo"), "is a FIFO, not a regular file"},  // would block without a reader
      {"--html /dev/null", "is a device, not a regular file"},
      {"-o " + quote(dir + "/link"), "is a symbolic link, not a regular file"},
  };
  for (const auto& c : cases) {
    const CliRun r = conforme("check -q " + c.args + " " + quote(data_path(face_photo)));
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_TRUE(contains(r.err, c.expected)) << c.args << ": " << r.err;
  }
  EXPECT_EQ(slurp(dir + "/victim"), "precious\n");
  EXPECT_TRUE(fs::is_directory(dir + "/adir"));
  fs::remove_all(dir);
}

// Open-all-first: an output that cannot be created no longer costs the previous report.
TEST(Outputs, EarlierReportSurvivesWhenALaterOutputCannotBeOpened) {
  const std::string dir = temp_dir("open_first");
  write_file(dir + "/r.jsonl", "yesterday's report\n");
  const CliRun r = conforme("check -q -o " + quote(dir + "/r.jsonl") + " --csv " + quote(dir + "/no/such/dir/r.csv") +
                            " " + quote(data_path(face_photo)));
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "--csv " + dir + "/no/such/dir/r.csv: cannot create the file: No such file")) << r.err;
  EXPECT_EQ(slurp(dir + "/r.jsonl"), "yesterday's report\n");
  fs::remove_all(dir);
}

// A drawing that cannot be written is reported (exit 4) and changes no record; a planted link is
// not written through; a name too long for the file system is cut, not lost.
TEST(Outputs, AnnotationFailuresAreReportedAndNeverChangeTheReport) {
  const std::string dir = temp_dir("annotate_fail");
  const std::string long_name = std::string(251, 'n') + ".jpg";  // 255 bytes: prefix + stem too long
  fs::copy_file(data_path(face_photo), dir + "/a.jpg");
  fs::copy_file(data_path(face_photo), dir + "/b.jpg");
  fs::copy_file(data_path(face_photo), dir + "/" + long_name);
  const std::string inputs = " " + quote(dir + "/a.jpg") + " " + quote(dir + "/b.jpg") + " " + quote(dir + "/" + long_name);
  const CliRun plain = conforme("check -q" + inputs);
  ASSERT_EQ(plain.status, 1);
  fs::create_directories(dir + "/drawn/000000_a.jpg");  // a directory where the drawing goes
  write_file(dir + "/victim", "precious\n");
  fs::create_symlink(dir + "/victim", dir + "/drawn/000001_b.jpg");
  const CliRun drawn = conforme("check -q --annotate " + quote(dir + "/drawn") + inputs);
  EXPECT_EQ(drawn.status, 4);
  EXPECT_EQ(drawn.out, plain.out);
  EXPECT_TRUE(contains(drawn.err, "--annotate: cannot write " + dir + "/drawn/000000_a.jpg: Is a directory")) << drawn.err;
  EXPECT_TRUE(contains(drawn.err, "--annotate: cannot write " + dir + "/drawn/000001_b.jpg: Too many levels of symbolic links")) << drawn.err;
  EXPECT_EQ(slurp(dir + "/victim"), "precious\n");
  const std::string cut = "000002_" + std::string(255 - 7 - 4, 'n') + ".jpg";
  EXPECT_GT(fs::file_size(dir + "/drawn/" + cut), 1000u);
  fs::remove_all(dir);
}

// The annotations writer has the others' lifecycle: it names each drawing after its input's place
// and stem, tells a planche's copies apart only when the input has several, writes nothing for a
// record without a drawing, and counts a drawing it cannot write without stopping.
TEST(Outputs, AnnotationsWriterNamesCopiesOnlyWhenAnInputHasSeveral) {
  const std::string dir = temp_dir("annotations_writer");
  std::vector<std::string> failures;
  AnnotationsWriter writer(dir, [&](const std::string& m) { failures.push_back(m); });
  auto record = [](std::size_t index, const std::string& input, std::vector<unsigned char> jpeg) {
    PhotoReport r;
    r.input = input;
    r.input_index = index;
    r.drawing_jpeg = std::move(jpeg);
    return r;
  };
  fs::create_directories(dir + "/000003_blocked.jpg");  // a directory where a drawing goes
  writer.begin({});
  writer.write(record(0, "in/single.jpg", {1, 2, 3}));
  writer.write(record(1, "in/sheet.png", {4, 5}));
  writer.write(record(1, "in/sheet.png", {6}));
  writer.write(record(2, "in/unreadable.jpg", {}));  // an error record: no drawing
  writer.write(record(3, "in/blocked.jpg", {7}));
  writer.finish({});
  EXPECT_EQ(slurp(dir + "/000000_single.jpg"), std::string("\x01\x02\x03"));
  EXPECT_EQ(slurp(dir + "/000001_sheet_copy0.jpg"), std::string("\x04\x05"));
  EXPECT_EQ(slurp(dir + "/000001_sheet_copy1.jpg"), std::string("\x06"));
  EXPECT_FALSE(fs::exists(dir + "/000001_sheet.jpg"));
  EXPECT_FALSE(fs::exists(dir + "/000002_unreadable.jpg"));
  EXPECT_EQ(writer.failures(), 1u);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0], "--annotate: cannot write " + dir + "/000003_blocked.jpg: Is a directory");
  fs::remove_all(dir);
}

// --html draws thumbnails of rejects; a photo it cannot draw keeps its verdict, never
// analysis_failed. (A 2000 x 4 strip, whose thumbnail was 0.48 px high, now stops at decoding as
// unsupported_shape; the widest shape still judged, 20:1, is the strip here.)
TEST(Outputs, HtmlThumbnailsNeverChangeTheJsonl) {
  const std::string dir = temp_dir("thumb");
  cv::imwrite(dir + "/strip.png", cv::Mat(100, 2000, CV_8UC3, cv::Scalar(200, 180, 160)));  // 240 x 12 px thumbnail
  const std::string inputs = " " + quote(dir + "/strip.png") + " " + quote(data_path(face_photo));
  const CliRun plain = conforme("check -q" + inputs);
  const CliRun paged = conforme("check -q --html " + quote(dir + "/r.html") + inputs);
  ASSERT_EQ(records(plain.out).size(), 2u);
  EXPECT_EQ(records(plain.out)[0]["status"], "fail");
  EXPECT_EQ(paged.out, plain.out);
  EXPECT_EQ(paged.status, plain.status) << paged.err;
  fs::remove_all(dir);
}

TEST(Outputs, AnnotateDirectoryInsideTheInputsIsNotAnInput) {
  const std::string dir = temp_dir("annotate_inside");
  fs::create_directories(dir + "/in");
  fs::copy_file(data_path(face_photo), dir + "/in/p.jpg");
  const std::string args = "check -q --jobs 1 " + quote(dir + "/in") + " --annotate " + quote(dir + "/in/drawn");
  ASSERT_EQ(records(conforme(args).out).size(), 1u);
  ASSERT_TRUE(fs::exists(dir + "/in/drawn/000000_p.jpg"));
  const auto second = records(conforme(args).out);  // the first run's drawing is in the tree now
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0]["input"], dir + "/in/p.jpg");
  fs::remove_all(dir);
}

TEST(Outputs, JsonLinesEscapeBackslashesAndLineSeparators) {
  const std::string dir = temp_dir("escape");
  // A name holding the four characters \xe9, another the Latin-1 byte: distinct in the report.
  const CliRun r = conforme("check -q " + quote(dir + "/caf\\xe9.jpg") + " " + quote(dir + "/caf\xE9.jpg") + " " +
                            quote(dir + "/line\xE2\x80\xA8sep.jpg"));
  const auto recs = records(r.out);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0]["input"], dir + "/caf\\x5cxe9.jpg");
  EXPECT_EQ(recs[1]["input"], dir + "/caf\\xe9.jpg");
  EXPECT_EQ(recs[2]["input"], dir + "/line\xE2\x80\xA8sep.jpg");  // the same character once parsed
  EXPECT_FALSE(contains(r.out, "\xE2\x80\xA8"));                   // but never raw in the line
  EXPECT_TRUE(contains(r.out, "line\\u2028sep.jpg"));
  fs::remove_all(dir);
}

// The records carry the options that change verdicts; --resume refuses a report written with
// another --dpi or --kind, naming the difference, and leaves it untouched.
TEST(Outputs, ResumeRefusesAReportWrittenWithOtherDpiOrKind) {
  const std::string dir = temp_dir("resume_options");
  const std::string report = dir + "/r.jsonl";
  const std::string photos = " " + quote(data_path(face_photo)) + " " + quote(data_path(face_photo));
  ASSERT_EQ(conforme("check -q --dpi 300 -o " + quote(report) + photos).status, 1);
  const std::string written = slurp(report);
  EXPECT_EQ(records(written)[0]["options"], nlohmann::json({{"dpi", 300.0}, {"kind", "auto"}}));
  const CliRun dpi = conforme("check -q --resume --dpi 600 -o " + quote(report) + photos);
  EXPECT_EQ(dpi.status, 2);
  EXPECT_TRUE(contains(dpi.err, "--dpi 300.0, --kind auto; this run uses")) << dpi.err;
  EXPECT_TRUE(contains(dpi.err, "--dpi 600.0, --kind auto.")) << dpi.err;
  const CliRun kind = conforme("check -q --resume --dpi 300 --kind photo -o " + quote(report) + photos);
  EXPECT_EQ(kind.status, 2);
  EXPECT_TRUE(contains(kind.err, "--dpi 300.0, --kind photo.")) << kind.err;
  EXPECT_EQ(slurp(report), written);
  EXPECT_EQ(conforme("check -q --resume --dpi 300 -o " + quote(report) + photos).status, 1);  // the same run resumes
  fs::remove_all(dir);
}

TEST(Outputs, NonsenseDpiJobsAndEndlessListsAreUsageErrors) {
  const std::string photo = " " + quote(data_path(face_photo));
  for (const char* dpi : {"nan", "inf", "-300", "0"}) {
    const CliRun r = conforme(std::string("check -q --dpi=") + dpi + photo);
    EXPECT_EQ(r.status, 2) << dpi;
    EXPECT_TRUE(contains(r.err, "--dpi must be between 10 and 10000")) << dpi << ": " << r.err;
  }
  const CliRun jobs = conforme("check -q --jobs 2147483647" + photo);
  EXPECT_EQ(jobs.status, 2);
  EXPECT_TRUE(contains(jobs.err, "--jobs must be 0 (all cores) to 1024")) << jobs.err;
  const CliRun eval_jobs = conforme("eval -q --jobs 2147483647 labels.csv");
  EXPECT_EQ(eval_jobs.status, 2);
  EXPECT_TRUE(contains(eval_jobs.err, "--jobs must be 0 (all cores) to 1024")) << eval_jobs.err;
  const CliRun endless = conforme("check -q --from /dev/zero");
  EXPECT_EQ(endless.status, 2);
  EXPECT_TRUE(contains(endless.err, "--from /dev/zero: line 1 is longer than 4096 bytes")) << endless.err;
}

}  // namespace
}  // namespace conforme::test
