// The `conforme` command as a user runs it: records, order, exit status, errors, determinism.
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "support/cli_run.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

CliRun conforme(const std::string& args) { return run_conforme(args); }

std::vector<nlohmann::json> records(const std::string& jsonl) {
  std::vector<nlohmann::json> out;
  std::istringstream in(jsonl);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A batch of real photos with bad inputs mixed in.
struct Batch {
  std::string dir;
  std::vector<std::string> inputs;  // in the order given on the command line
};

Batch mixed_batch() {
  Batch b;
  b.dir = temp_dir("batch");
  const std::string jpeg = slurp(data_path("faces/congress_S001183.jpg"));
  write_file(b.dir + "/a_good.jpg", jpeg);
  write_file(b.dir + "/b_empty.jpg", "");
  write_file(b.dir + "/c_truncated.jpg", jpeg.substr(0, jpeg.size() / 2));
  write_file(b.dir + "/d_text.jpg", "this is not an image\n");
  write_file(b.dir + "/e_good.png", slurp(data_path("faces/skimage_astronaut.png")));
  b.inputs = {b.dir + "/a_good.jpg", b.dir + "/b_empty.jpg", b.dir + "/missing.jpg", b.dir + "/c_truncated.jpg",
              b.dir + "/d_text.jpg", b.dir + "/e_good.png"};
  return b;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += " '" + x + "'";
  return s;
}

// The portraits of tests/data/faces (its index.csv and PROVENANCE.md are not images).
std::size_t portraits() {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(data_path("faces")))
    if (e.path().extension() == ".jpg" || e.path().extension() == ".png") ++n;
  return n;
}

TEST(Cli, OneRecordPerInputInInputOrderWithErrorsNamed) {
  const Batch b = mixed_batch();
  const CliRun r = conforme("check -q --jobs 2" + join(b.inputs));
  EXPECT_EQ(r.status, 3) << r.err;  // some input could not be processed
  const auto recs = records(r.out);
  ASSERT_EQ(recs.size(), b.inputs.size());
  for (std::size_t i = 0; i < recs.size(); ++i) EXPECT_EQ(recs[i]["input"], b.inputs[i]);
  EXPECT_EQ(recs[0]["status"], "fail");  // a real portrait, not framed as an ID photo
  EXPECT_EQ(recs[1]["error"]["code"], "empty_file");
  EXPECT_EQ(recs[2]["error"]["code"], "not_found");
  EXPECT_EQ(recs[3]["error"]["code"], "truncated");
  EXPECT_EQ(recs[4]["error"]["code"], "not_an_image");
  EXPECT_NE(recs[4]["error"]["message"].get<std::string>().find("d_text.jpg"), std::string::npos);
  EXPECT_EQ(recs[5]["status"], "fail");
  fs::remove_all(b.dir);
}

TEST(Cli, ReportIsByteIdenticalWhateverTheThreadCount) {
  const std::string faces = data_path("faces");
  const CliRun one = conforme("check -q --jobs 1 '" + faces + "'");
  const CliRun two = conforme("check -q --jobs 2 '" + faces + "'");
  // More workers than cores: photos finish in the most shuffled order; the bytes must not change.
  const CliRun eight = conforme("check -q --jobs 8 '" + faces + "'");
  ASSERT_FALSE(one.out.empty());
  EXPECT_EQ(records(one.out).size(), portraits());  // every portrait of tests/data/faces, not index.csv
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(one.out, eight.out);
}

TEST(Cli, RecordCarriesProfileVersionModelsAndEveryCheck) {
  const CliRun r = conforme("check -q '" + data_path("faces/congress_S001183.jpg") + "'");
  const auto rec = records(r.out).at(0);
  EXPECT_EQ(rec["profile"]["name"], "fr-ants");
  EXPECT_EQ(rec["profile"]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(rec["models"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(rec["version"].get<std::string>().empty());
  EXPECT_EQ(rec["checks"].size(), checker().profile().rules.size());
  for (const auto& c : rec["checks"]) {
    EXPECT_TRUE(c.contains("values") && c.contains("limits") && c.contains("reference")) << c["id"];
    EXPECT_FALSE(c["message"]["fr"].get<std::string>().empty()) << c["id"];
    EXPECT_FALSE(c["message"]["en"].get<std::string>().empty()) << c["id"];
  }
}

TEST(Cli, ExitZeroWhenEveryPhotoPassesAndOneWhenOneFails) {
  const std::string dir = temp_dir("exit");
  // PNG, lossless: the symmetric face's yaw stays where the unit tests measure it (JPEG
  // re-encoding moves the nose-tip landmark by a few pixels, and yaw with it by up to 2.5 deg).
  const std::string frontal = dir + "/frontal.png";
  cv::imwrite(frontal, photo("compliant_sym"));
  const auto failed_checks = [](const CliRun& r) {
    std::string failed;
    for (const auto& rec : records(r.out)) failed += rec.value("failed", nlohmann::json::array()).dump();
    return failed;
  };
  const CliRun pass = conforme("check -q '" + frontal + "'");
  EXPECT_EQ(pass.status, 0) << failed_checks(pass);
  const auto white = synth_jpeg_path(dir, "white_bg");
  const CliRun fail = conforme("check -q '" + white + "' '" + frontal + "'");
  EXPECT_EQ(fail.status, 1) << failed_checks(fail);
  const CliRun icao = conforme("check -q --profile icao-9303 '" + frontal + "'");
  EXPECT_EQ(icao.status, 0) << failed_checks(icao);
  fs::remove_all(dir);
}

// A booth retakes a photo a person would have to check rather than print it: --fail-on-warn
// turns a pass with a warning into exit status 1, in check, in a resumed check and in merge,
// and leaves a pass without one at 0. The reports themselves do not change.
TEST(Cli, FailOnWarnMakesAPassToCheckExitOne) {
  const std::string dir = temp_dir("fail_on_warn");
  const std::string to_check = source_path("samples/C001088_ok.jpg");  // passes; its pose reads a few degrees
  const std::string clean = dir + "/frontal.png";
  cv::imwrite(clean, photo("compliant_sym"));
  const auto warnings = [](const nlohmann::json& rec) {
    std::size_t n = 0;
    for (const auto& c : rec["checks"]) n += c["verdict"] == "warn";
    return n;
  };
  const CliRun plain = conforme("check -q '" + to_check + "' '" + clean + "'");
  const auto recs = records(plain.out);
  ASSERT_EQ(recs.size(), 2u);
  ASSERT_EQ(recs[0]["status"], "pass");
  ASSERT_GT(warnings(recs[0]), 0u) << "the sample no longer has a point to check";
  ASSERT_EQ(recs[1]["status"], "pass");
  ASSERT_EQ(warnings(recs[1]), 0u);
  EXPECT_EQ(plain.status, 0) << plain.err;

  const CliRun strict = conforme("check -q --fail-on-warn '" + to_check + "' '" + clean + "'");
  EXPECT_EQ(strict.status, 1) << strict.err;
  EXPECT_EQ(strict.out, plain.out);  // the same reports
  EXPECT_EQ(conforme("check -q --fail-on-warn '" + clean + "'").status, 0);

  // Resumed: the first input's record is kept from the earlier run, only the last is redone.
  const std::string report = dir + "/r.jsonl";
  ASSERT_EQ(conforme("check -q -o '" + report + "' '" + to_check + "' '" + clean + "'").status, 0);
  const CliRun resumed = conforme("check -q --resume --fail-on-warn -o '" + report + "' '" + to_check + "' '" + clean + "'");
  EXPECT_EQ(resumed.status, 1) << resumed.err;

  const CliRun merged = conforme("merge '" + dir + "/m.jsonl' '" + report + "'");
  EXPECT_EQ(merged.status, 0) << merged.err;
  const CliRun merged_strict = conforme("merge --fail-on-warn '" + dir + "/m2.jsonl' '" + report + "'");
  EXPECT_EQ(merged_strict.status, 1) << merged_strict.err;
  fs::remove_all(dir);
}

TEST(Cli, CsvHasOneRowPerPhotoAndOneColumnPerValue) {
  const std::string dir = temp_dir("csv");
  const CliRun r = conforme("check -q --csv '" + dir + "/r.csv' '" + data_path("faces") + "'");
  std::istringstream csv(slurp(dir + "/r.csv"));
  std::vector<std::string> lines;
  for (std::string l; std::getline(csv, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), portraits() + 1);  // header + one row per photo
  EXPECT_NE(lines[0].find("head.height.ratio"), std::string::npos);
  EXPECT_NE(lines[0].find("bg.colour.lightness"), std::string::npos);
  fs::remove_all(dir);
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

TEST(Cli, HtmlReviewPageHasEveryPhotoAndDrawsTheRejects) {
  const Batch b = mixed_batch();
  const std::string page = b.dir + "/review.html";
  const CliRun r = conforme("check -q --html '" + page + "'" + join(b.inputs));
  const std::string html = slurp(page);
  // One record per input in the page's data block, one line each.
  EXPECT_EQ(count(html, "{\"i\":"), b.inputs.size());
  EXPECT_EQ(count(html, "\"s\":\"error\""), 4u);
  EXPECT_EQ(count(html, "\"s\":\"fail\""), 2u);
  // The two photos that failed are drawn, in files beside the page, not inside it.
  EXPECT_EQ(count(html, "\"t\":\"review_images/"), 2u);
  EXPECT_EQ(html.find("base64,"), std::string::npos);
  std::size_t drawings = 0;
  for (const auto& f : fs::directory_iterator(b.dir + "/review_images")) drawings += f.path().extension() == ".jpg";
  EXPECT_EQ(drawings, 2u);
  EXPECT_NE(html.find("doit être"), std::string::npos);  // French requirements, quotable
  EXPECT_NE(html.find("not_found"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  fs::remove_all(b.dir);
}

// The page's drawings, written beside it inside the inputs, are not inputs of the next run.
TEST(Cli, HtmlImagesInsideTheInputsAreNotInputs) {
  const std::string dir = temp_dir("html_inside");
  fs::create_directories(dir + "/in");
  write_file(dir + "/in/p.jpg", slurp(data_path("faces/congress_S001183.jpg")));
  const std::string args = "check -q --jobs 1 '" + dir + "/in' --html '" + dir + "/in/review.html'";
  ASSERT_EQ(records(conforme(args).out).size(), 1u);
  ASSERT_TRUE(fs::exists(dir + "/in/review_images/000000_0.jpg"));  // the photo fails: it is drawn
  EXPECT_EQ(records(conforme(args).out).size(), 1u);
  fs::remove_all(dir);
}

TEST(Cli, InputsFromAListFileAndStdin) {
  const std::string dir = temp_dir("list");
  write_file(dir + "/list.txt", "# two photos\n" + data_path("faces/congress_S001183.jpg") + "\n\n" +
                                    data_path("faces/congress_C001088.jpg") + "\n");
  const CliRun r = conforme("check -q --from '" + dir + "/list.txt'");
  EXPECT_EQ(records(r.out).size(), 2u);
  const CliRun s = conforme("check -q --from - < '" + dir + "/list.txt'");
  EXPECT_EQ(s.out, r.out);
  fs::remove_all(dir);
}

TEST(Cli, UsageAndConfigurationErrorsExitTwoAndNameTheProblem) {
  EXPECT_EQ(conforme("check").status, 2);
  const CliRun lang = conforme("check --lang de x.jpg");
  EXPECT_EQ(lang.status, 2);
  EXPECT_NE(lang.err.find("--lang"), std::string::npos);
  const CliRun profile = conforme("check --profile no-such-profile x.jpg");
  EXPECT_EQ(profile.status, 2);
  EXPECT_NE(profile.err.find("no-such-profile"), std::string::npos);
  EXPECT_EQ(conforme("frobnicate").status, 2);
  const std::string dir = temp_dir("badprofile");
  write_file(dir + "/bad.toml", "extends = \"fr-ants\"\n[checks.\"head.heigth\"]\nlimits.ratio = { max = 1 }\n");
  const CliRun bad = conforme("check --profile '" + dir + "/bad.toml' x.jpg");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("bad.toml"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("checks.head.heigth"), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty());  // nothing processed
  fs::remove_all(dir);
}

TEST(Cli, HelpOnEveryCommand) {
  for (const char* cmd : {"check", "checks", "profiles", "version"}) {
    const CliRun r = conforme(std::string(cmd) + " --help");
    EXPECT_EQ(r.status, 0) << cmd;
    EXPECT_NE(r.out.find("Usage: conforme"), std::string::npos) << cmd;
  }
}

TEST(Cli, ChecksAndProfilesAreListed) {
  const CliRun checks = conforme("checks");
  EXPECT_NE(checks.out.find("bg.colour"), std::string::npos);
  EXPECT_NE(checks.out.find("sharp.focus"), std::string::npos);
  const CliRun profiles = conforme("profiles");
  EXPECT_NE(profiles.out.find("fr-ants"), std::string::npos);
  EXPECT_NE(profiles.out.find("icao-9303"), std::string::npos);
  const CliRun show = conforme("profiles show fr-ants");
  EXPECT_NE(show.out.find("le fond blanc est interdit"), std::string::npos);
}

}  // namespace
}  // namespace conforme::test
