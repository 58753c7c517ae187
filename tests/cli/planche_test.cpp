// Planches through `conforme check` (seed 002): one record per copy with its index and box, the
// sheet checks, and identical copies sharing the first copy's measurements.
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "sheet/make_planche.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;

namespace conforme::test {
namespace {

std::vector<nlohmann::json> check(const std::string& args) {
  const std::string dir = temp_dir("planche-run");
  const std::string cmd = std::string(CONFORME_CLI) + " check -q " + args + " > " + dir + "/out 2>/dev/null";
  std::system(cmd.c_str());
  std::ifstream in(dir + "/out");
  std::vector<nlohmann::json> recs;
  for (std::string line; std::getline(in, line);) recs.push_back(nlohmann::json::parse(line));
  fs::remove_all(dir);
  return recs;
}

std::string write_planche(const std::string& dir, const std::string& name, const Planche& p) {
  const auto bytes = encode_with_dpi(p.bgr, ".jpg", p.dpi, 92);
  const std::string path = dir + "/" + name + ".jpg";
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                              static_cast<std::streamsize>(bytes.size()));
  return path;
}

const nlohmann::json& check_of(const nlohmann::json& rec, const std::string& id) {
  for (const auto& c : rec["checks"])
    if (c["id"] == id) return c;
  throw std::runtime_error("no check " + id);
}

double iou(const nlohmann::json& box, const cv::RotatedRect& truth) {
  const cv::Rect a(box[0].get<int>(), box[1].get<int>(), box[2].get<int>(), box[3].get<int>());
  const cv::Rect b = truth.boundingRect();
  return double((a & b).area()) / (a | b).area();
}

TEST(Planche, EveryCopyGetsItsRecordBoxAndTheSheetVerdicts) {
  const std::string dir = temp_dir("planche");
  PlancheSpec spec;
  spec.copies = 6;
  spec.dpi = 300;
  spec.scan.rotation_deg = 1.0;
  spec.scan.noise_sigma = 3;
  const Planche sheet = make_planche({photo("compliant")}, spec);
  const auto recs = check("'" + write_planche(dir, "six", sheet) + "'");
  ASSERT_EQ(recs.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(recs[i]["photo_index"], i);
    EXPECT_GT(iou(recs[i]["box"], sheet.copy_boxes[i]), 0.9) << "copy " << i;
    EXPECT_EQ(check_of(recs[i], "sheet.uncut")["values"]["copies"]["value"], 6.0);
    EXPECT_EQ(check_of(recs[i], "sheet.uncut")["verdict"], "pass");
    EXPECT_EQ(check_of(recs[i], "sheet.copies_identical")["verdict"], "pass");
    EXPECT_EQ(check_of(recs[i], "photo.size_mm")["verdict"], "pass");
    if (i > 0) {  // identical: the first copy's measurements
      EXPECT_EQ(recs[i]["measured_on"], 0);
    }
  }
  fs::remove_all(dir);
}

TEST(Planche, OneDifferentCopyFailsTheSheetAndIsMeasuredItself) {
  const std::string dir = temp_dir("planche-diff");
  PlancheSpec spec;
  spec.copies = 4;
  // Another sitter on copy 1. (The difference is measured on grey levels, brightness and contrast
  // matched: a copy differing only in background hue is not caught.)
  const Planche sheet = make_planche({photo("compliant"), photo("base_C001088")}, spec);
  const auto recs = check("'" + write_planche(dir, "diff", sheet) + "'");
  ASSERT_EQ(recs.size(), 4u);
  for (const auto& r : recs) EXPECT_EQ(check_of(r, "sheet.copies_identical")["verdict"], "fail");
  EXPECT_FALSE(recs[1].contains("measured_on"));  // the different copy was analysed on its own
  fs::remove_all(dir);
}

TEST(Planche, WrongCopySizeFailsPhotoSizeMm) {
  const std::string dir = temp_dir("planche-size");
  PlancheSpec spec;
  spec.copy_mm = {30, 40};
  const auto recs = check("'" + write_planche(dir, "small", make_planche({photo("compliant")}, spec)) + "'");
  ASSERT_EQ(recs.size(), 6u);
  const auto& size = check_of(recs[0], "photo.size_mm");
  EXPECT_EQ(size["verdict"], "fail");
  EXPECT_NEAR(size["values"]["width_mm"]["value"].get<double>(), 30.0, 0.5);
  fs::remove_all(dir);
}

TEST(Planche, ASingleCutPhotoGivenAsASheetFailsSheetUncut) {
  const std::string dir = temp_dir("planche-cut");
  const std::string single = synth_jpeg_path(dir, "compliant");
  const auto as_sheet = check("--kind sheet '" + single + "'");
  ASSERT_EQ(as_sheet.size(), 1u);
  EXPECT_EQ(check_of(as_sheet[0], "sheet.uncut")["verdict"], "fail");
  const auto automatic = check("'" + single + "'");  // detected as a photo: not judged as a sheet
  ASSERT_EQ(automatic.size(), 1u);
  EXPECT_EQ(check_of(automatic[0], "sheet.uncut")["verdict"], "skipped");
  EXPECT_TRUE(automatic[0]["box"].is_null());
  fs::remove_all(dir);
}

TEST(Planche, ACutPhotoScannedOnAPageIsFoundAndFailsSheetUncut) {
  // A planche with all copies but one cut away, scanned with its resolution in the file: by the
  // dpi the page holds more than one photo, and one 35 x 45 mm copy is found on it. Detected alone
  // (--kind auto) it is that copy that is judged, with its box, and sheet.uncut says it was cut;
  // the same pixels with no resolution stay one photo (a photo on a light backdrop looks alike).
  const std::string dir = temp_dir("planche-one-left");
  PlancheSpec spec;
  spec.copies = 4;
  spec.dpi = 300;
  Planche planche = make_planche({photo("compliant")}, spec);
  for (std::size_t i = 1; i < planche.copy_boxes.size(); ++i)
    planche.bgr(planche.copy_boxes[i].boundingRect()).setTo(cv::Scalar::all(250));
  const auto recs = check("'" + write_planche(dir, "one_left", planche) + "'");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_GE(iou(recs[0]["box"], planche.copy_boxes[0]), 0.9);
  EXPECT_EQ(check_of(recs[0], "sheet.uncut")["verdict"], "fail");
  EXPECT_EQ(check_of(recs[0], "sheet.uncut")["values"]["copies"]["value"], 1.0);
  EXPECT_EQ(check_of(recs[0], "head.height")["verdict"], "pass");  // measured on the copy, not the page

  const std::string png = dir + "/one_left_no_dpi.png";  // PNG written without pHYs
  cv::imwrite(png, planche.bgr);
  const auto without = check("'" + png + "'");
  ASSERT_EQ(without.size(), 1u);
  EXPECT_TRUE(without[0]["box"].is_null());
  EXPECT_EQ(check_of(without[0], "sheet.uncut")["verdict"], "skipped");
  fs::remove_all(dir);
}

TEST(Planche, MillimetresNeedAResolution) {
  const std::string dir = temp_dir("planche-dpi");
  const std::string png = dir + "/photo.png";  // PNG written without pHYs: no resolution
  cv::imwrite(png, photo("compliant"));
  const auto recs = check("--kind photo '" + png + "'");
  EXPECT_EQ(check_of(recs.at(0), "photo.size_mm")["verdict"], "skipped");
  EXPECT_EQ(check_of(recs.at(0), "photo.size_mm")["reason"], "resolution unknown");
  const auto with_dpi = check("--kind photo --dpi 600 '" + png + "'");
  EXPECT_EQ(check_of(with_dpi.at(0), "photo.size_mm")["verdict"], "pass");
  fs::remove_all(dir);
}

TEST(Planche, ASmallScannedPrintIsOnePhoto) {
  // Real prints scanned with their border, 175 px wide, files claiming 72 dpi (tests/data/prints):
  // too small to hold two copies a face could be found in, so each is one photo with one face,
  // never a planche refused as unclear.
  for (const char* name : {"bioguide_015627.jpg", "bioguide_007003.jpg"}) {
    SCOPED_TRACE(name);
    const std::string path = std::string(CONFORME_TEST_DATA) + "/prints/" + name;
    const auto recs = check("'" + path + "'");
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_NE(recs[0]["status"], "error") << recs[0].dump();
    EXPECT_TRUE(recs[0]["box"].is_null());
    EXPECT_EQ(check_of(recs[0], "face.count")["values"]["faces"]["value"], 1.0);
    EXPECT_EQ(check_of(recs[0], "sheet.uncut")["verdict"], "skipped");
  }
}

// A portrait printed on white paper with its caption below, as archives scan them (a real
// public-domain face, tests/data/faces): the layout finder cannot decide its grid (a grid of 1 x 3
// fits the borders better than 1 x 1, but a cell holds no picture), and the image holds one face.
cv::Mat captioned_print() {
  const cv::Mat face = cv::imread(std::string(CONFORME_TEST_DATA) + "/faces/congress_C001088.jpg");
  cv::Mat portrait;
  cv::resize(face, portrait, cv::Size(400, cvRound(400.0 * face.rows / face.cols)), 0, 0, cv::INTER_LINEAR);
  cv::Mat print(600, 480, CV_8UC3, cv::Scalar::all(255));
  portrait(cv::Rect(0, 0, 400, std::min(480, portrait.rows))).copyTo(print(cv::Rect(40, 20, 400, std::min(480, portrait.rows))));
  cv::putText(print, "Hon. John Q. Public", cv::Point(90, 560), cv::FONT_HERSHEY_SIMPLEX, 0.9, cv::Scalar::all(20), 2);
  return print;
}

TEST(Planche, AnUndecidedLayoutHoldingOneFaceIsJudgedAsOnePhotoAndSaysSo) {
  // Detected alone, an undecided layout is an error only when more than one face (or none) could
  // be copies nobody looked at. 14 of 3,311 real one-portrait prints got the error before.
  const std::string dir = temp_dir("planche-one-face");
  const cv::Mat print = captioned_print();
  cv::imwrite(dir + "/captioned.jpg", print);
  const auto recs = check("'" + dir + "/captioned.jpg'");
  ASSERT_EQ(recs.size(), 1u);
  ASSERT_NE(recs[0]["status"], "error") << recs[0].dump();
  EXPECT_TRUE(recs[0]["box"].is_null());
  EXPECT_EQ(check_of(recs[0], "face.count")["values"]["faces"]["value"], 1.0);
  ASSERT_TRUE(recs[0].contains("read_as_one_photo")) << recs[0].dump();
  const std::string en = recs[0]["read_as_one_photo"]["en"].get<std::string>();
  EXPECT_NE(en.find("cannot be told apart (a grid of"), std::string::npos) << en;
  EXPECT_NE(recs[0]["read_as_one_photo"]["fr"].get<std::string>().find("seule photo"), std::string::npos);
  // The human verdict says it too.
  const std::string human = dir + "/human.txt";
  std::system((std::string(CONFORME_CLI) + " check -q --format human '" + dir + "/captioned.jpg' > " + human + " 2>/dev/null").c_str());
  std::stringstream text;
  text << std::ifstream(human).rdbuf();
  EXPECT_NE(text.str().find("read as one photo, the image showing one face"), std::string::npos) << text.str();
  // And the review page, under the photo's size (the page's record "ro", drawn by its script).
  const std::string page = dir + "/review.html";
  std::system((std::string(CONFORME_CLI) + " check -q --html '" + page + "' '" + dir + "/captioned.jpg' > /dev/null 2>&1").c_str());
  std::stringstream html;
  html << std::ifstream(page).rdbuf();
  EXPECT_NE(html.str().find("\"ro\":{\"fr\":\"lue comme une seule photo"), std::string::npos);
  EXPECT_NE(html.str().find("r.ro[lang]"), std::string::npos);
  // Given as a sheet, it stays an error: the user said it is a planche.
  const auto as_sheet = check("--kind sheet '" + dir + "/captioned.jpg'");
  ASSERT_EQ(as_sheet.size(), 1u);
  EXPECT_EQ(as_sheet[0]["status"], "error");
  EXPECT_EQ(as_sheet[0]["error"]["code"], "sheet_layout_unclear");
  // Two such prints side by side or one above the other show two faces: still an error record.
  cv::Mat pair;
  cv::hconcat(print, print, pair);
  cv::imwrite(dir + "/side_by_side.jpg", pair);
  cv::vconcat(print, print, pair);
  cv::imwrite(dir + "/one_above.jpg", pair);
  for (const std::string name : {"side_by_side", "one_above"}) {
    const auto two = check("'" + dir + "/" + name + ".jpg'");
    ASSERT_EQ(two.size(), 1u) << name;
    EXPECT_EQ(two[0]["status"], "error") << name << ": " << two[0].dump().substr(0, 300);
    EXPECT_EQ(two[0]["error"]["code"], "sheet_layout_unclear") << name;
    EXPECT_FALSE(two[0].contains("read_as_one_photo")) << name;
  }
  fs::remove_all(dir);
}

TEST(Planche, ASheetWhoseLayoutCannotBeDecidedGetsAnErrorRecord) {
  // 15 x 10 cm at 300 dpi holding paper and one large picture, no grid of ID copies, given as a
  // sheet: one record, status error, code sheet_layout_unclear, naming the file and what was seen.
  // Detected alone it is one photo (a single photo on a light backdrop claiming 72 dpi looks the
  // same), judged as such.
  const std::string dir = temp_dir("planche-unclear");
  Planche sheet;
  sheet.dpi = 300;
  sheet.bgr = cv::Mat(1181, 1772, CV_8UC3, cv::Scalar::all(248));
  cv::Mat picture;
  cv::resize(photo("compliant"), picture, cv::Size(1100, 800), 0, 0, cv::INTER_AREA);
  picture.copyTo(sheet.bgr(cv::Rect(300, 190, 1100, 800)));
  const std::string path = write_planche(dir, "unclear", sheet);
  const auto detected = check("'" + path + "'");
  ASSERT_EQ(detected.size(), 1u);
  EXPECT_NE(detected[0]["status"], "error");
  EXPECT_TRUE(detected[0]["box"].is_null());
  const auto recs = check("--kind sheet '" + path + "'");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0]["status"], "error");
  EXPECT_EQ(recs[0]["error"]["code"], "sheet_layout_unclear");
  const std::string message = recs[0]["error"]["message"].get<std::string>();
  EXPECT_NE(message.find("unclear.jpg"), std::string::npos) << message;
  EXPECT_NE(message.find("no grid of copies found"), std::string::npos) << message;
  const int status = std::system((std::string(CONFORME_CLI) + " check -q --kind sheet '" + path + "' > /dev/null 2>&1").c_str());
  EXPECT_EQ(WEXITSTATUS(status), 3);  // some input could not be processed
  fs::remove_all(dir);
}

}  // namespace
}  // namespace conforme::test
