// Issue 17, the output half: no cell runs as a formula, no path breaks or collides in the JSONL.
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "report/writers.hpp"
#include "run_cli.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

const std::string face = "faces/congress_S001183.jpg";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// OWASP CSV injection: a photo named =1+2.jpg must not show 3 in a spreadsheet.
TEST(Outputs, CsvTextCellsThatLookLikeFormulasAreNeutralised) {
  const std::string dir = temp_dir("formula");
  fs::copy_file(data_path(face), dir + "/=1+2.jpg");
  fs::copy_file(data_path(face), dir + "/@SUM(A1).jpg");
  const CliRun r = conforme("check -q --csv r.csv =1+2.jpg @SUM\\(A1\\).jpg '=HYPERLINK(\"http://x\",\"y\").jpg' "
                            "+33.jpg plain.jpg",
                            Shell{"cd " + quote(dir) + " &&"});
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
  writer.write(report);
  const std::string row = out.str().substr(out.str().find('\n') + 1);
  EXPECT_EQ(row.substr(0, 9), "\"'-3.2\",0");
  EXPECT_TRUE(contains(row, ",-12.5000,")) << row;  // the measured value: a number, not neutralised
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

}  // namespace
}  // namespace conforme::test
