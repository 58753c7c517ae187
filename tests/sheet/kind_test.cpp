// detect_kind: a single photo is checked as it is; a sheet is split first (SPEC, Inputs: the two
// kinds are told apart automatically).
#include <filesystem>

#include "sheet/sheet.hpp"
#include "sheet_fixtures.hpp"

namespace conforme::sheet_test {
namespace {

std::vector<std::string> every_face() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(CONFORME_SHEET_FACES)) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".jpg" || ext == ".png") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(DetectKind, EverySinglePhotoIsAPhoto) {
  for (const std::string& file : every_face()) {
    SCOPED_TRACE(file);
    const cv::Mat photo = face(file);
    cv::Mat at_600_dpi;  // 35 x 45 mm at 600 dpi, as an e-photo is delivered
    cv::resize(photo, at_600_dpi, cv::Size(827, 1063), 0, 0, cv::INTER_CUBIC);
    EXPECT_EQ(detect_kind(photo, std::nullopt), InputKind::photo);
    EXPECT_EQ(detect_kind(at_600_dpi, 600.0), InputKind::photo);
  }
}

TEST(DetectKind, UncroppedPortraitsArePhotos) {
  // Not 35:45: still a photo (photo.aspect then fails it), never a sheet.
  for (const std::string& file : every_face()) {
    SCOPED_TRACE(file);
    EXPECT_EQ(detect_kind(cv::imread(std::string(CONFORME_SHEET_FACES) + "/" + file), std::nullopt), InputKind::photo);
  }
}

TEST(DetectKind, PlanchesAreSheets) {
  // With a dpi, every layout is checked by the split tests; here without one.
  for (int copies : {2, 8}) {
    PlancheSpec spec;
    spec.copies = copies;
    spec.scan = typical_scan(0.6);
    SCOPED_TRACE(copies);
    const Planche planche = make_planche({face("congress_H001046.jpg")}, spec);
    EXPECT_EQ(detect_kind(planche.bgr, std::nullopt), InputKind::sheet);
  }
}

TEST(DetectKind, ACutSheetIsASheetWithFewerCopies) {
  // What sheet.uncut ("planche entière non découpée", seed 002) must catch: copies cut away
  // leave paper. One copy left on the scan is a sheet with one copy, not a photo.
  PlancheSpec spec;
  spec.copies = 4;
  spec.scan = typical_scan(0.0);
  Planche planche = make_planche({face("congress_S001183.jpg")}, spec);
  for (std::size_t i = 1; i < planche.copy_boxes.size(); ++i)
    planche.bgr(planche.copy_boxes[i].boundingRect()).setTo(cv::Scalar::all(250));
  const SheetLayout layout = analyse_layout(planche.bgr, spec.dpi);
  EXPECT_EQ(layout.kind, InputKind::sheet);
  ASSERT_EQ(layout.copies.size(), 1u);
  EXPECT_GE(iou(layout.copies[0], planche.copy_boxes[0]), 0.95);
}

TEST(DetectKind, APhotoOnPaperWhoseFileHalvesTheDpiIsNotFourTouchingCopies) {
  // A 35 x 45 mm photo scanned at 600 dpi on white paper, the file claiming 300: by the dpi it
  // is 70 x 90 mm, four 35 x 45 mm "copies" touching both ways with no border between them. Its
  // quarters are not alike, so it is never read as four copies (nor as two or three).
  for (const std::string& file : every_face()) {
    SCOPED_TRACE(file);
    cv::Mat photo;
    cv::resize(face(file), photo, cv::Size(827, 1063), 0, 0, cv::INTER_AREA);
    cv::Mat sheet(1063 + 2 * 240, 827 + 2 * 240, CV_8UC3, cv::Scalar::all(250));
    photo.copyTo(sheet(cv::Rect(240, 240, 827, 1063)));
    const SheetLayout layout = analyse_layout(sheet, 300.0);
    EXPECT_LE(layout.copies.size(), 1u);
  }
}

TEST(DetectKind, BlankPaperIsAPhoto) {
  // Nothing to split: the image is passed on as a photo and fails the face checks.
  cv::Mat paper(1181, 1772, CV_8UC3, cv::Scalar::all(245));
  cv::randn(paper, cv::Scalar::all(245), cv::Scalar::all(4));
  EXPECT_EQ(detect_kind(paper, 300.0), InputKind::photo);
}

}  // namespace
}  // namespace conforme::sheet_test
