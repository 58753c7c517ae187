// The committed corpus of odd and hostile inputs (tests/data/bad, see its README.md): every file
// gets exactly one record, with the code its README row expects, in input order, and nothing
// crashes.
#include <algorithm>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "corpus.hpp"
#include "io/inputs.hpp"
#include "run_cli.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

std::vector<CorpusCase> corpus() { return bad_corpus(data_path("bad")); }

TEST(Corpus, HoldsAtLeastThirtyKindsOfInputEachListedInItsReadme) {
  const auto cases = corpus();
  EXPECT_GE(cases.size(), 30u);
  std::set<std::string> listed, present;
  for (const auto& c : cases) listed.insert(c.name);
  for (const auto& e : fs::directory_iterator(data_path("bad")))
    if (e.path().filename() != "README.md") present.insert(e.path().filename().string());
  EXPECT_EQ(listed, present);  // no file without an expectation, no expectation without a file
  std::set<std::string> codes;
  for (const auto& c : cases) codes.insert(c.expected.substr(0, c.expected.find(' ')));
  for (const char* code : {"empty_file", "not_an_image", "unsupported_format", "truncated", "corrupt", "too_large",
                           "not_found", "symlink_loop", "report"})
    EXPECT_TRUE(codes.count(code)) << code;
}

TEST(Corpus, EveryInputGetsOneRecordWithItsExpectedCode) {
  const auto cases = corpus();
  const std::string dir = temp_dir("corpus");
  std::string list;
  for (const auto& c : cases) list += data_path("bad/" + c.name) + "\n";
  write_file(dir + "/list.txt", list);
  const CliRun r = conforme("check -q --jobs 2 --from " + quote(dir + "/list.txt") + " -o " + quote(dir + "/out.jsonl"));
  EXPECT_EQ(r.status, 3) << r.err;  // some input could not be processed
  const auto recs = records(slurp(dir + "/out.jsonl"));
  ASSERT_EQ(recs.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& rec = recs[i];
    const auto& c = cases[i];
    SCOPED_TRACE(c.name);
    EXPECT_EQ(rec["input"], data_path("bad/" + c.name));
    EXPECT_EQ(rec["input_index"], i);
    if (c.expected.rfind("report", 0) == 0) {
      EXPECT_NE(rec["status"], "error") << rec.value("error", nlohmann::json()).dump();
      const std::string size = c.expected.substr(7);
      EXPECT_EQ(std::to_string(rec.value("width", 0)) + "x" + std::to_string(rec.value("height", 0)), size);
    } else {
      EXPECT_EQ(rec["status"], "error");
      EXPECT_EQ(rec["error"]["code"], c.expected) << rec["error"]["message"];
      EXPECT_NE(rec["error"]["message"].get<std::string>().find(c.name), std::string::npos) << rec["error"]["message"];
    }
  }
  fs::remove_all(dir);
}

// Walking the directory takes the files with an image extension, those of formats that are not
// read included (a phone's HEIC, a GIF, a PDF scan: each gets its error record naming the format,
// rather than vanishing from the batch); named explicitly above, the others were judged by their
// content. The files left are named on stderr.
TEST(Corpus, WalkingTheDirectoryTakesImageExtensionsAndNamesTheFilesLeft) {
  const CliRun r = conforme("check --jobs 2 --lang en " + quote(data_path("bad")));
  EXPECT_EQ(r.status, 3);
  std::vector<std::string> expected, got;
  for (const auto& c : corpus())
    if (has_image_extension(c.name) || has_unread_photo_extension(c.name)) expected.push_back(data_path("bad/" + c.name));
  std::sort(expected.begin(), expected.end());
  for (const auto& rec : records(r.out)) got.push_back(rec["input"]);
  EXPECT_EQ(got, expected);
  for (const char* taken : {"document.pdf", "phone.heic", "animation.gif"})
    EXPECT_EQ(std::count(got.begin(), got.end(), data_path(std::string("bad/") + taken)), 1) << taken;
  for (const auto& rec : records(r.out))
    if (rec["input"] == data_path("bad/phone.heic")) {
      EXPECT_EQ(rec["error"]["code"], "unsupported_format");
      EXPECT_NE(rec["error"]["message"].get<std::string>().find("HEIC"), std::string::npos);
    }
  for (const char* left : {"text.txt", "jpeg_named.txt"}) {
    EXPECT_EQ(std::count(got.begin(), got.end(), data_path(std::string("bad/") + left)), 0) << left;
    EXPECT_NE(r.err.find(data_path(std::string("bad/") + left)), std::string::npos) << left << " not named: " << r.err;
  }
  EXPECT_NE(r.err.find("3 files in the directories given not read (no image extension)"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace conforme::test
