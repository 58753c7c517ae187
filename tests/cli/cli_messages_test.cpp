// The command line a person uses at a terminal (issue 20): a readable verdict, the language of
// the locale, '-' for every output, a CSV a French spreadsheet opens, errors that say why, and
// "did you mean" for a mistyped command, option or profile.
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_run.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

std::string quote(const std::string& s) { return "'" + s + "'"; }

// Runs `conforme ARGS` from `cwd` with the environment prefix `env` (e.g. "LANG=fr_FR.UTF-8").
CliRun conforme_in(const std::string& args, const std::string& env = "env -u LC_ALL -u LC_MESSAGES -u LANG",
                const std::string& cwd = "") {
  return run_conforme(args, (cwd.empty() ? "" : "cd " + quote(cwd) + " && ") + env);
}

const std::string face = data_path("faces/congress_S001183.jpg");

TEST(CliMessages, HumanVerdictInTheLocalesLanguage) {
  const CliRun fr = conforme_in("check -q --format human " + quote(face), "env -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8");
  EXPECT_EQ(fr.status, 1);
  EXPECT_EQ(fr.out.rfind("NON CONFORME  " + face + " (", 0), 0u) << fr.out;
  EXPECT_NE(fr.out.find("\n  ✗ "), std::string::npos) << fr.out;
  EXPECT_EQ(fr.out.find('{'), std::string::npos) << fr.out;  // not the JSON record
  // LC_MESSAGES before LANG, LC_ALL before both, --lang before all of them.
  EXPECT_EQ(conforme_in("check -q --format human " + quote(face), "env -u LC_ALL LANG=fr_FR.UTF-8 LC_MESSAGES=C").out.rfind("FAIL  ", 0), 0u);
  EXPECT_EQ(conforme_in("check -q --format human " + quote(face), "env LC_ALL=fr_FR.UTF-8 LANG=C").out.rfind("NON CONFORME", 0), 0u);
  EXPECT_EQ(conforme_in("check -q --lang en --format human " + quote(face), "env LC_ALL=fr_FR.UTF-8").out.rfind("FAIL  ", 0), 0u);
  // The summary follows the same language.
  const CliRun summary = conforme_in("check " + quote(face), "env -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8");
  EXPECT_NE(summary.err.find("1 entrée, 1 photo : 0 conforme, 1 non conforme, 0 erreur ("), std::string::npos)
      << summary.err;
}

// A terminal gets the verdict, a pipe or a file the JSONL record (as before).
TEST(CliMessages, TerminalGetsTheVerdictPipeGetsJsonl) {
  const CliRun piped = conforme_in("check -q " + quote(face));
  EXPECT_EQ(piped.out.rfind("{\"input\":", 0), 0u) << piped.out.substr(0, 200);
  // script(1) runs the command on a pseudo-terminal.
  const std::string dir = temp_dir("tty");
  const std::string cmd = "script -qec " + quote(std::string(CONFORME_CLI) + " check -q --lang en " + face) +
                          " /dev/null >" + dir + "/out 2>&1";
  const int raw = std::system(cmd.c_str());
  const std::string out = slurp(dir + "/out");
  EXPECT_EQ(WEXITSTATUS(raw), 1) << out;
  EXPECT_NE(out.find("FAIL  " + face), std::string::npos) << out;
  EXPECT_EQ(out.find("{\"input\""), std::string::npos) << out;
  // The progress line, on a terminal: count, rate and, at the end, the time taken.
  const std::string face2 = data_path("faces/skimage_astronaut.png");
  const std::string progress = "script -qec " +
                               quote(std::string(CONFORME_CLI) + " check --lang fr -o " + dir + "/r.jsonl " + face +
                                     " " + face2 + " " + face) +
                               " /dev/null >" + dir + "/out 2>&1";
  std::system(progress.c_str());
  const std::string shown = slurp(dir + "/out");
  EXPECT_NE(shown.find("] 3/3 · "), std::string::npos) << shown;
  EXPECT_TRUE(std::regex_search(shown, std::regex("[0-9](,[0-9])? entrées?/s"))) << shown;
  EXPECT_NE(shown.find("3 entrées, 3 photos : 0 conforme"), std::string::npos) << shown;
  fs::remove_all(dir);
  EXPECT_EQ(conforme_in("check -q --format yaml " + quote(face)).status, 2);
}

TEST(CliMessages, RecordsCarryRequirementExplanationAndWarnings) {
  const CliRun r = conforme_in("check -q " + quote(face) + " " + quote(data_path("bad/jpeg_stray_byte.jpg")));
  std::istringstream lines(r.out);
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  const auto rec = nlohmann::json::parse(line);
  for (const auto& c : rec["checks"]) {
    ASSERT_TRUE(c.contains("requirement") && c.contains("explanation") && c.contains("message")) << c.dump();
    const std::string req = c["requirement"]["fr"], why = c["explanation"]["fr"], full = c["message"]["fr"];
    EXPECT_NE(full.find(why.substr(2)), std::string::npos) << full;  // past a first letter capitalised in `message`
    EXPECT_NE(full.find(req.substr(2)), std::string::npos) << full;
  }
  EXPECT_FALSE(rec.contains("warnings"));
  ASSERT_TRUE(std::getline(lines, line));
  const auto damaged = nlohmann::json::parse(line);
  ASSERT_TRUE(damaged.contains("warnings")) << line.substr(0, 300);
  EXPECT_EQ(damaged["warnings"][0], "Corrupt JPEG data: 1 extraneous bytes before marker 0xc0");
  // libpng's words, which OpenCV's reader prints anonymously: in the record of their file.
  const CliRun png = conforme_in("check -q " + quote(data_path("bad/png_iccp_bomb.png")) + " " +
                              quote(data_path("bad/png_bad_crc.png")));
  std::istringstream png_lines(png.out);
  ASSERT_TRUE(std::getline(png_lines, line));
  EXPECT_EQ(nlohmann::json::parse(line)["warnings"][0], "iCCP: profile 'ICC': 0h: too short") << line.substr(0, 300);
  ASSERT_TRUE(std::getline(png_lines, line));
  const std::string message = nlohmann::json::parse(line)["error"]["message"];
  EXPECT_NE(message.find("PNG data is corrupt and cannot be decoded (libpng: IDAT: incorrect data check)"),
            std::string::npos)
      << message;
  // Nothing of libpng's reaches the terminal: its words are in the records above, with the file.
  EXPECT_EQ(png.err.find("libpng"), std::string::npos) << png.err;
  EXPECT_EQ(png.err.find("iCCP"), std::string::npos) << png.err;
}

TEST(CliMessages, DashIsStandardOutputForEveryOutput) {
  const std::string dir = temp_dir("dash");
  const CliRun csv = conforme_in("check -q --csv - " + quote(face), "env", dir);
  EXPECT_EQ(csv.status, 1) << csv.err;
  EXPECT_EQ(csv.out.rfind("input,photo_index,status,", 0), 0u) << csv.out.substr(0, 200);
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 2);  // header and one row, no JSONL
  EXPECT_FALSE(fs::exists(dir + "/-"));
  const CliRun html = conforme_in("check -q --html - -o " + quote(dir + "/r.jsonl") + " " + quote(face), "env", dir);
  EXPECT_EQ(html.status, 1) << html.err;
  EXPECT_NE(html.out.find("</html>"), std::string::npos);
  EXPECT_NE(slurp(dir + "/r.jsonl").find("\"input\""), std::string::npos);
  EXPECT_FALSE(fs::exists(dir + "/-"));
  // Two outputs on standard output are refused, before anything is written.
  const CliRun two = conforme_in("check -q --csv - -o - " + quote(face), "env", dir);
  EXPECT_EQ(two.status, 2);
  EXPECT_NE(two.err.find("both write to standard output"), std::string::npos) << two.err;
  EXPECT_EQ(conforme_in("check -q --annotate - " + quote(face), "env", dir).status, 2);
  fs::remove_all(dir);
}

TEST(CliMessages, ExcelFrenchCsvDialect) {
  const std::string dir = temp_dir("excel");
  const CliRun r = conforme_in("check -q --csv-dialect excel-fr --csv " + quote(dir + "/r.csv") + " " + quote(face));
  EXPECT_EQ(r.status, 1) << r.err;
  const std::string csv = slurp(dir + "/r.csv");
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBFinput;photo_index;status;failed_checks;", 0), 0u) << csv.substr(0, 80);
  const std::string rfc = conforme_in("check -q --csv - " + quote(face)).out;
  // Cell for cell the RFC 4180 row, numbers written with a decimal comma.
  const auto cells = [](const std::string& text, char sep) {
    std::vector<std::string> out(1);
    for (char c : text.substr(text.find('\n') + 1))
      if (c == sep) out.emplace_back();
      else if (c != '\n') out.back() += c;
    return out;
  };
  const auto excel_cells = cells(csv, ';'), rfc_cells = cells(rfc, ',');
  ASSERT_EQ(excel_cells.size(), rfc_cells.size());
  std::size_t numbers = 0;
  for (std::size_t i = 0; i < rfc_cells.size(); ++i) {
    std::string expected = rfc_cells[i];
    if (std::regex_match(expected, std::regex("-?[0-9]+\\.[0-9]+"))) {
      expected[expected.find('.')] = ',';
      ++numbers;
    }
    EXPECT_EQ(excel_cells[i], expected) << i;
  }
  EXPECT_GT(numbers, 20u);
  EXPECT_EQ(conforme_in("check -q --csv-dialect tsv --csv x.csv " + quote(face)).status, 2);
  fs::remove_all(dir);
}

TEST(CliMessages, ErrorsSayWhy) {
  const CliRun r = conforme_in("check -q -o /no/dir/x.jsonl " + quote(face));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--output /no/dir/x.jsonl: cannot create the file: No such file or directory (the directory "
                       "/no/dir does not exist)"),
            std::string::npos)
      << r.err;
  const CliRun from = conforme_in("check -q --from /no/list.txt");
  EXPECT_NE(from.err.find("No such file or directory"), std::string::npos) << from.err;
}

TEST(CliMessages, DidYouMean) {
  const CliRun command = conforme_in("chek " + quote(face));
  EXPECT_EQ(command.status, 2);
  EXPECT_NE(command.err.find("unknown command 'chek'; did you mean 'check'?"), std::string::npos) << command.err;
  const CliRun option = conforme_in("check --ouput x.jsonl " + quote(face));
  EXPECT_EQ(option.status, 2);
  EXPECT_NE(option.err.find("did you mean --output?"), std::string::npos) << option.err;
  EXPECT_NE(conforme_in("eval --markdwn x.md labels.csv").err.find("did you mean --markdown?"), std::string::npos);
  EXPECT_NE(conforme_in("merge --inptus 3 a.jsonl b.jsonl").err.find("did you mean --inputs?"), std::string::npos);
  const CliRun profile = conforme_in("check -q -p fr-ant " + quote(face));
  EXPECT_EQ(profile.status, 2);
  EXPECT_NE(profile.err.find("fr-ant: no such profile; did you mean 'fr-ants'?"), std::string::npos) << profile.err;
  const CliRun icao = conforme_in("check -q -p icao9303 " + quote(face));
  EXPECT_NE(icao.err.find("did you mean 'icao-9303'?"), std::string::npos) << icao.err;
  // Nothing close: no guess.
  const CliRun far = conforme_in("frobnicate");
  EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;
}

}  // namespace
}  // namespace conforme::test
