// Another, smaller face beside the sitter's (src/face/other_faces.hpp): a person further back or a
// portrait on the wall. The detection passes see a face from about a third of the photo's longer
// side; face.count's `other_faces` counts the smaller ones the frontal filter finds where skin shows
// outside the sitter's head and body, and the profiles hold it to none.
#include <gtest/gtest.h>

#include "face/other_faces.hpp"
#include "report/annotate.hpp"
#include "synth/synth.hpp"
#include "support/fixtures.hpp"

namespace conforme::test {
namespace {

TEST(OtherFaces, APersonFurtherBackIsRefusedWithThatReason) {
  const cv::Mat photo = test::photo("person_behind");
  const FaceContext ctx = context(photo);
  ASSERT_TRUE(ctx.face);
  ASSERT_EQ(ctx.other_face_boxes.size(), 1u);
  // The other face is the portrait placed at a fifth of the sitter's face width, beside the head.
  const cv::Rect2f& other = ctx.other_face_boxes.front();
  EXPECT_NEAR(other.width, 0.2 * ctx.face->box.width, 0.1 * ctx.face->box.width);
  EXPECT_TRUE(other.br().x < ctx.face->landmarks[0].x || other.x > ctx.face->landmarks[16].x);
  EXPECT_NEAR(other.y + other.height / 2, ctx.face->eye_mid.y, other.height);

  const CheckResult count = check_result(photo, "face.count");
  EXPECT_EQ(count.verdict, Verdict::fail);
  EXPECT_EQ(*count.measurement.get("faces"), 1);
  EXPECT_EQ(*count.measurement.get("other_faces"), 1);
  EXPECT_NE(count.explanation_fr.find("autres visages, plus petits, à côté du visage : 1 (attendu : 0)"), std::string::npos)
      << count.explanation_fr;
  EXPECT_NE(count.explanation_en.find("other, smaller faces beside the face: 1 (expected: 0)"), std::string::npos)
      << count.explanation_en;
  // Only face.count refuses it: the sitter's own checks are measured as before.
  EXPECT_EQ(check_result(photo, "head.height").verdict, Verdict::pass);
}

TEST(OtherFaces, TheCompliantPhotoAndTheRealPortraitsShowNone) {
  const CheckResult count = check_result(test::photo("compliant"), "face.count");
  EXPECT_EQ(count.verdict, Verdict::pass);
  EXPECT_EQ(*count.measurement.get("other_faces"), 0);
  // The real portraits of tests/data/faces (backdrops of every kind, hair, hands, uniforms).
  int judged = 0;
  for (const std::string& name : real_photo_names()) {
    const FaceContext ctx = context(real_photo(name));
    if (!ctx.face) continue;
    ++judged;
    EXPECT_TRUE(ctx.other_face_boxes.empty()) << name << ": " << ctx.other_face_boxes.size() << " other faces";
  }
  EXPECT_GE(judged, 12);
}

// A patch of skin colour beside the head is scanned only when its light varies as a face's does: a
// flat one (a hat's brim, a flag's star, a lit strand of hair) costs no scan.
TEST(OtherFaces, OnlyAShadedSkinPatchIsScanned) {
  const cv::Mat compliant = test::photo("compliant");
  const FaceContext ctx = context(compliant);
  ASSERT_TRUE(ctx.face);
  const cv::Point2f at = synth::beside_head(ctx, compliant.cols);
  const cv::Size half(cvRound(0.11 * ctx.face->box.width), cvRound(0.14 * ctx.face->box.width));
  auto with_patch = [&](double shade) {
    // A face-sized oval of one skin colour, its light falling from 1 + shade at the top to 1 - shade at
    // the bottom.
    cv::Mat photo = compliant.clone();
    const cv::Vec3d skin(120, 150, 200);
    for (int y = cvFloor(at.y - half.height); y <= cvCeil(at.y + half.height); ++y)
      for (int x = cvFloor(at.x - half.width); x <= cvCeil(at.x + half.width); ++x) {
        const double dx = (x - at.x) / half.width, dy = (y - at.y) / half.height;
        if (dx * dx + dy * dy > 1) continue;
        const cv::Vec3d c = skin * (1 - shade * dy);
        photo.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(c[0]), cv::saturate_cast<uchar>(c[1]),
                                              cv::saturate_cast<uchar>(c[2]));
      }
    const FaceContext patched = context(photo);
    EXPECT_TRUE(patched.face);
    return patched.face ? other_face_areas(*patched.face, photo.size()) : std::vector<FaceSearchArea>{};
  };
  EXPECT_TRUE(with_patch(0.0).empty());
  const auto shaded = with_patch(0.4);
  ASSERT_EQ(shaded.size(), 1u);
  EXPECT_TRUE(shaded.front().area.contains(cv::Point(at)));
}

TEST(OtherFaces, TheOtherFaceIsBoxedInTeal) {
  const cv::Mat photo = test::photo("person_behind");
  FaceContext ctx;
  const PhotoReport report = checker().check_photo(photo, std::nullopt, analyser(), &ctx);
  ASSERT_EQ(ctx.other_face_boxes.size(), 1u);
  const cv::Mat drawing = annotate(ctx, report);
  const cv::Rect2f& box = ctx.other_face_boxes.front();
  const cv::Vec3b top_middle = drawing.at<cv::Vec3b>(cvRound(box.y), cvRound(box.x + box.width / 2));
  EXPECT_EQ(top_middle, cv::Vec3b(128, 128, 0));
}

}  // namespace
}  // namespace conforme::test
