// find_copies on generated planches: every copy found, no more, no fewer, in reading order, each
// box overlapping the true one by IoU >= 0.95 (seed 002: the whole sheet is checked, copy by copy).
#include <optional>

#include "sheet/sheet.hpp"
#include "sheet_fixtures.hpp"

namespace conforme::sheet_test {
namespace {

constexpr double min_iou = 0.95;

struct SplitCase {
  int copies;
  bool landscape;
  double dpi;
  std::string face;
  double rotation_deg;
  bool cut_marks;
};

std::string case_name(const testing::TestParamInfo<SplitCase>& info) {
  const SplitCase& c = info.param;
  return std::to_string(c.copies) + (c.landscape ? "_landscape_" : "_portrait_") + std::to_string(int(c.dpi)) + "dpi_" +
         std::to_string(info.index);
}

// Checks count, order and overlap; returns the smallest IoU.
double expect_copies_found(const Planche& planche, std::optional<double> dpi) {
  const SheetLayout layout = analyse_layout(planche.bgr, dpi);
  EXPECT_EQ(layout.kind, InputKind::sheet);
  EXPECT_EQ(layout.unclear, "");
  EXPECT_EQ(layout.columns, planche.columns);
  EXPECT_EQ(layout.rows, planche.rows);
  EXPECT_EQ(layout.copies.size(), planche.copy_boxes.size());
  double least = 1;
  for (std::size_t i = 0; i < std::min(layout.copies.size(), planche.copy_boxes.size()); ++i) {
    const double overlap = iou(layout.copies[i], planche.copy_boxes[i]);
    EXPECT_GE(overlap, min_iou) << "copy " << i;
    least = std::min(least, overlap);
  }
  return least;
}

class SplitPlanche : public testing::TestWithParam<SplitCase> {};

TEST_P(SplitPlanche, FindsEveryCopyInReadingOrder) {
  const SplitCase& c = GetParam();
  PlancheSpec spec;
  spec.copies = c.copies;
  spec.landscape = c.landscape;
  spec.dpi = c.dpi;
  spec.cut_marks = c.cut_marks;
  spec.scan = typical_scan(c.rotation_deg);
  spec.seed = std::uint64_t(c.copies * 100 + c.dpi);
  const Planche planche = make_planche({face(c.face)}, spec);
  expect_copies_found(planche, c.dpi);
}

// Every layout at 300 dpi (8 copies only fit a landscape 10x15 sheet), three at 600 dpi;
// rotations up to 2 degrees both ways, the portraits taken in turn.
INSTANTIATE_TEST_SUITE_P(Layouts, SplitPlanche,
                         testing::Values(SplitCase{2, true, 300, "congress_C001088.jpg", 1.2, false},
                                         SplitCase{2, false, 300, "congress_F000479.jpg", -2.0, true},
                                         SplitCase{4, true, 300, "congress_H001046.jpg", 0.4, true},
                                         SplitCase{4, false, 300, "congress_S001183.jpg", -0.7, false},
                                         SplitCase{6, true, 300, "congress_A000369.jpg", 2.0, true},
                                         SplitCase{6, false, 300, "congress_M001160.jpg", -1.5, false},
                                         SplitCase{8, true, 300, "congress_K000391.jpg", 1.7, true},
                                         SplitCase{2, false, 600, "congress_K000391.jpg", 0.8, false},
                                         SplitCase{6, true, 600, "congress_C001088.jpg", -1.9, true},
                                         SplitCase{8, true, 600, "congress_S001183.jpg", 0.0, false}),
                         case_name);

TEST(SplitHardCases, WhiteBackgroundOnWhitePaperInEveryLayout) {
  // The photo's top border is invisible: its place comes from the bottom border and 35:45.
  for (int copies : {2, 4, 6, 8}) {
    PlancheSpec spec;
    spec.copies = copies;
    spec.scan = typical_scan(copies % 4 == 0 ? -1.0 : 1.0);
    spec.seed = std::uint64_t(copies);
    SCOPED_TRACE(copies);
    expect_copies_found(make_planche({face(white_background_face)}, spec), spec.dpi);
  }
}

TEST(SplitHardCases, WhiteBackgroundOnGreyPaperNearThePaperEdge) {
  // The top step runs the other way (photo lighter than paper) and the paper's own edge lies
  // within reach: neither may be taken for the copy's top.
  PlancheSpec spec;
  spec.copies = 6;
  spec.paper_bgr = cv::Scalar(220, 222, 225);
  spec.gutter_mm = 5;
  spec.cut_marks = true;
  spec.scan = typical_scan(1.2);
  expect_copies_found(make_planche({face(white_background_face)}, spec), spec.dpi);
}

TEST(SplitHardCases, ThreeDegreesHeavyNoiseNarrowGuttersA6) {
  PlancheSpec spec;
  spec.copies = 8;
  spec.format = SheetFormat::a6;
  spec.gutter_mm = 1.5;
  spec.cut_marks = true;
  spec.scan = {3.0, 9.0, 0.3, 55};
  expect_copies_found(make_planche({face("congress_H001046.jpg")}, spec), spec.dpi);
}

TEST(SplitHardCases, WrongSizeCopiesAreStillFound) {
  // 30x40 mm copies: photo.size_mm must be able to reject them, so the splitter must find them.
  PlancheSpec spec;
  spec.copies = 4;
  spec.copy_mm = {30, 40};
  spec.scan = typical_scan(-0.8);
  const Planche planche = make_planche({face("congress_C001088.jpg")}, spec);
  expect_copies_found(planche, spec.dpi);
  const double mm_per_px = 25.4 / spec.dpi;
  for (const cv::RotatedRect& box : find_copies(planche.bgr, spec.dpi)) {
    EXPECT_NEAR(box.size.width * mm_per_px, 30, 0.5);
    EXPECT_NEAR(box.size.height * mm_per_px, 40, 0.5);
  }
}

TEST(SplitHardCases, WithoutDpiFromTheAspectAndTheGrid) {
  for (int copies : {2, 6}) {
    PlancheSpec spec;
    spec.copies = copies;
    spec.scan = typical_scan(1.4);
    SCOPED_TRACE(copies);
    expect_copies_found(make_planche({face("congress_S001183.jpg")}, spec), std::nullopt);
  }
}

TEST(SplitHardCases, AWrongDpiFallsBackToTheAspect) {
  // Editing software often writes 72 or 96 dpi: the sheet would be 47 or 62 cm long and its
  // copies 8 to 10 cm wide. The copies are found from the aspect and the grid instead.
  PlancheSpec spec;
  spec.copies = 4;
  spec.scan = typical_scan(0.5);
  const Planche planche = make_planche({face("congress_F000479.jpg")}, spec);
  expect_copies_found(planche, 72.0);
  expect_copies_found(planche, 96.0);
  expect_copies_found(planche, 200.0);  // plausible, but copies would be 52 mm wide: retried without
}

TEST(SplitHardCases, OneDifferentCopyIsStillSplit) {
  PlancheSpec spec;
  spec.copies = 6;
  spec.scan = typical_scan(-1.1);
  expect_copies_found(make_planche({face("congress_C001088.jpg"), face("congress_H001046.jpg")}, spec), spec.dpi);
}

TEST(ExtractCopies, GivesUprightPhotosOfTheBoxSize) {
  PlancheSpec spec;
  spec.copies = 2;
  spec.scan.rotation_deg = 2.0;
  const cv::Mat photo = face("congress_C001088.jpg");
  const Planche planche = make_planche({photo}, spec);
  const std::vector<cv::Mat> copies = extract_copies(planche.bgr, planche.copy_boxes);
  ASSERT_EQ(copies.size(), 2u);
  cv::Mat expected, expected_grey, copy_grey;
  cv::resize(photo, expected, copies[0].size(), 0, 0, cv::INTER_AREA);
  for (const cv::Mat& copy : copies) {
    EXPECT_EQ(copy.size(), cv::Size(413, 531));  // 35 x 45 mm at 300 dpi
    cv::cvtColor(copy, copy_grey, cv::COLOR_BGR2GRAY);
    cv::cvtColor(expected, expected_grey, cv::COLOR_BGR2GRAY);
    // Straight and in place: mean grey difference under 4 levels (rotation resampling only).
    EXPECT_LT(cv::norm(copy_grey, expected_grey, cv::NORM_L1) / copy_grey.total(), 4.0);
  }
}

}  // namespace
}  // namespace conforme::sheet_test
