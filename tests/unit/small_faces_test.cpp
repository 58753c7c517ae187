// A photo whose face is too small to measure, or that shows several small faces (a group photo),
// is refused by face.count with that reason, not as "no face" (src/face/face_models.cpp, the last
// look at the photo enlarged). Real public-domain portraits of tests/data/faces, shrunk onto a
// plain canvas of their own backdrop's colour.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "report/annotate.hpp"
#include "support/fixtures.hpp"

namespace conforme::test {
namespace {

constexpr int canvas_width = 400, canvas_height = 515;  // 35 x 45 mm at about 290 dpi
constexpr double small_face_px = 45;  // found at 1:1 from about 55 px (the detector's box then reads 80)
constexpr double large_photo_face_px = 170;  // F000479: the passes miss 150-190 px, the last look finds them

// The portrait shrunk so that its detector box is `face_px` wide.
cv::Mat shrunk(const std::string& file, double face_px) {
  const cv::Mat photo = real_photo(file);
  const FaceContext ctx = context(photo);
  EXPECT_EQ(ctx.face_count, 1) << file;
  if (ctx.face_boxes.empty()) return {};
  const double scale = face_px / ctx.face_boxes.front().width;
  cv::Mat small;
  cv::resize(photo, small, cv::Size(), scale, scale, cv::INTER_AREA);
  return small;
}

// A plain canvas of the colour of the top-left corner of `like` (the portrait's backdrop), with
// each portrait pasted at the given centre.
cv::Mat canvas(const cv::Mat& like, const std::vector<std::pair<cv::Mat, cv::Point>>& pasted) {
  cv::Mat out(canvas_height, canvas_width, CV_8UC3, cv::Scalar(like.at<cv::Vec3b>(2, 2)));
  for (const auto& [small, centre] : pasted) {
    const cv::Rect at(centre.x - small.cols / 2, centre.y - small.rows / 2, small.cols, small.rows);
    small.copyTo(out(at));
  }
  return out;
}

TEST(SmallFaces, AFaceTooSmallToMeasureIsToldFromNoFace) {
  const cv::Mat small = shrunk("congress_C001088.jpg", small_face_px);
  ASSERT_FALSE(small.empty());
  const cv::Mat photo = canvas(small, {{small, {canvas_width / 2, canvas_height / 2}}});
  const FaceContext ctx = context(photo);
  EXPECT_EQ(ctx.face_count, 0);
  ASSERT_EQ(ctx.small_face_boxes.size(), 1u);
  EXPECT_NEAR(ctx.small_face_boxes.front().width, small_face_px, 0.3 * small_face_px);

  const CheckResult count = check_result(photo, "face.count");
  EXPECT_EQ(count.verdict, Verdict::fail);
  EXPECT_EQ(*count.measurement.get("faces"), 0);
  EXPECT_EQ(*count.measurement.get("small_faces"), 1);
  EXPECT_NEAR(*count.measurement.get("small_face_px"), small_face_px, 0.3 * small_face_px);
  // A count the profile holds to none reads "expected: 0", not "maximum: 0".
  EXPECT_NE(count.explanation_fr.find("visages trop petits pour être mesurés : 1 (attendu : 0)"), std::string::npos)
      << count.explanation_fr;
  EXPECT_NE(count.explanation_en.find("faces too small to measure: 1 (expected: 0)"), std::string::npos)
      << count.explanation_en;
  EXPECT_EQ(count.explanation_fr.find("maximum : 0"), std::string::npos) << count.explanation_fr;

  // The checks that need a face say why they measured nothing.
  const CheckResult height = check_result(photo, "head.height");
  EXPECT_EQ(height.verdict, Verdict::skipped);
  EXPECT_EQ(height.measurement.not_measured_reason, "face too small to measure");
  EXPECT_NE(height.explanation_fr.find("visage trop petit pour être mesuré"), std::string::npos) << height.explanation_fr;
}

TEST(SmallFaces, SeveralSmallFacesAreAGroupPhoto) {
  const cv::Mat a = shrunk("congress_C001088.jpg", small_face_px);
  const cv::Mat b = shrunk("congress_F000479.jpg", small_face_px);
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  const cv::Mat photo = canvas(a, {{a, {canvas_width / 4, canvas_height / 2}}, {b, {3 * canvas_width / 4, canvas_height / 2}}});
  const CheckResult count = check_result(photo, "face.count");
  EXPECT_EQ(count.verdict, Verdict::fail);
  EXPECT_EQ(*count.measurement.get("faces"), 0);
  EXPECT_EQ(*count.measurement.get("small_faces"), 2);
  const CheckResult height = check_result(photo, "head.height");
  EXPECT_EQ(height.measurement.not_measured_reason, "2 faces too small to measure");
  EXPECT_NE(height.explanation_fr.find("2 visages trop petits pour être mesurés"), std::string::npos)
      << height.explanation_fr;
}

// --annotate and the review page box each small face (dark green) and say so in the legend.
TEST(SmallFaces, TheReviewDrawingBoxesEachSmallFace) {
  const cv::Mat a = shrunk("congress_C001088.jpg", small_face_px);
  ASSERT_FALSE(a.empty());
  const cv::Mat photo = canvas(a, {{a, {canvas_width / 4, canvas_height / 2}}, {a, {3 * canvas_width / 4, canvas_height / 2}}});
  FaceContext ctx;
  const PhotoReport report = checker().check_photo(photo, std::nullopt, analyser(), &ctx);
  ASSERT_EQ(ctx.small_face_boxes.size(), 2u);
  const cv::Mat drawing = annotate(ctx, report);
  const cv::Mat photo_part = drawing(cv::Rect(0, 0, photo.cols, photo.rows));
  for (const auto& box : ctx.small_face_boxes) {
    const int y = std::clamp(cvRound(box.y), 0, photo.rows - 1);
    const int x0 = std::max(0, cvRound(box.x)), x1 = std::min(photo.cols, cvRound(box.x + box.width));
    cv::Mat hit;
    cv::inRange(photo_part(cv::Rect(x0, y, x1 - x0, 1)), cv::Scalar(0, 60, 0), cv::Scalar(40, 120, 40), hit);
    EXPECT_GT(cv::countNonZero(hit), 0.7 * (x1 - x0)) << "box at " << box.x << "," << box.y;
  }
}

// A photo over 1,200 px (a high-resolution scan) is shrunk for the last look, by 2 x 2 means as
// for the passes, and a face between what the last pass could see and what the last look sees is
// still told: here a 3,400 px photo, whose last pass shrinks it to 0.28 and the last look to 0.35.
TEST(SmallFaces, ALargePhotoIsShrunkForTheLastLook) {
  const cv::Mat small = shrunk("congress_F000479.jpg", large_photo_face_px);
  ASSERT_FALSE(small.empty());
  cv::Mat photo(3400, 2600, CV_8UC3, cv::Scalar(small.at<cv::Vec3b>(2, 2)));
  small.copyTo(photo(cv::Rect(1300 - small.cols / 2, 1700 - small.rows / 2, small.cols, small.rows)));
  const FaceContext ctx = context(photo);
  EXPECT_EQ(ctx.face_count, 0);
  ASSERT_EQ(ctx.small_face_boxes.size(), 1u);
  const cv::Rect box = ctx.small_face_boxes.front();
  EXPECT_NEAR(box.x + box.width / 2.0, 1300, 0.25 * box.width);
  EXPECT_NEAR(box.y + box.height / 2.0, 1700, 0.5 * box.height);
}

TEST(SmallFaces, APlainPhotoStillHasNoFace) {
  const cv::Mat small = shrunk("congress_C001088.jpg", small_face_px);
  ASSERT_FALSE(small.empty());
  const cv::Mat photo = canvas(small, {});
  const CheckResult count = check_result(photo, "face.count");
  EXPECT_EQ(count.verdict, Verdict::fail);
  EXPECT_EQ(*count.measurement.get("faces"), 0);
  EXPECT_EQ(*count.measurement.get("small_faces"), 0);
  EXPECT_EQ(check_result(photo, "head.height").measurement.not_measured_reason, "no face found");
}

// A face the detector finds at a measurable size is never reported small, and a compliant photo
// does not take the last look at all.
TEST(SmallFaces, AMeasurableFaceIsNotSmall) {
  const FaceContext ctx = context(real_photo("congress_C001088.jpg"));
  EXPECT_EQ(ctx.face_count, 1);
  EXPECT_TRUE(ctx.small_face_boxes.empty());
  const CheckResult count = check_result(real_photo("congress_C001088.jpg"), "face.count");
  EXPECT_EQ(count.verdict, Verdict::pass);
  EXPECT_FALSE(count.measurement.get("small_faces"));  // not looked for: nothing to say
  // The other faces beside it are looked for instead (tests/unit/other_faces_test.cpp).
  EXPECT_EQ(count.explanation_en,
            "number of faces found: 1 (expected: 1); other, smaller faces beside the face: 0 (expected: 0)");
}

}  // namespace
}  // namespace conforme::test
