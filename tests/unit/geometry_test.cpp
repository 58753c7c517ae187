// Derived geometry: the crown estimate (top of the skull, hair excluded), roll, pose symmetry.
#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "face/geometry.hpp"
#include "support/fixtures.hpp"

namespace conforme::test {
namespace {

// First row, in a band around the face mid-line, that differs from the plain background: the
// top of the hair (or of a bald skull). The generated bases sit on a plain light grey.
int top_of_head(const cv::Mat& photo, double midline_x, double band) {
  const cv::Vec3b bg = photo.at<cv::Vec3b>(5, 5);
  const int x0 = std::max(0, cvRound(midline_x - band)), x1 = std::min(photo.cols, cvRound(midline_x + band));
  for (int y = 0; y < photo.rows; ++y)
    for (int x = x0; x < x1; ++x) {
      const cv::Vec3b p = photo.at<cv::Vec3b>(y, x);
      if (std::abs(p[0] - bg[0]) + std::abs(p[1] - bg[1]) + std::abs(p[2] - bg[2]) > 60) return y;
    }
  return photo.rows;
}

class CrownEstimate : public testing::TestWithParam<std::string> {};

// The crown must lie at or just below the top of the head, never above it, and above the brows.
// Hair adds up to about a tenth of the head height on these sitters; bald skulls add nothing.
TEST_P(CrownEstimate, LiesBetweenTheBrowsAndTheTopOfTheHead) {
  const cv::Mat p = photo(GetParam());
  const FaceContext ctx = context(p);
  ASSERT_TRUE(ctx.has_single_face());
  const double head = ctx.chin.y - ctx.crown_y;
  const int top = top_of_head(p, ctx.midline_x, 0.1 * ctx.inter_eye_px);
  double brow = p.rows;
  for (int i = 17; i <= 26; ++i) brow = std::min<double>(brow, ctx.landmarks[i].y);
  EXPECT_GE(ctx.crown_y, top - 0.03 * head) << "crown above the top of the head";
  EXPECT_LE(ctx.crown_y, top + 0.15 * head) << "crown far below the top of the head";
  EXPECT_LT(ctx.crown_y, brow - 0.25 * head) << "crown too close to the eyebrows";
}

INSTANTIATE_TEST_SUITE_P(CompliantBases, CrownEstimate,
                         testing::Values("compliant", "base_C001088", "base_F000479", "base_H001046"));

TEST(Geometry, RollFromEyesFollowsTheEyeLine) {
  EXPECT_NEAR(roll_from_eyes({100, 100}, {200, 100}), 0.0, 1e-9);
  EXPECT_NEAR(roll_from_eyes({100, 100}, {200, 200}), 45.0, 1e-5);  // right eye lower: clockwise
  EXPECT_NEAR(roll_from_eyes({100, 100}, {200, 0}), -45.0, 1e-5);
}

TEST(Geometry, RotatingLandmarksByTheirRollLevelsTheEyes) {
  FaceContext ctx = context(photo("roll_12"));
  ASSERT_TRUE(ctx.has_single_face());
  const auto& up = ctx.upright_landmarks;
  EXPECT_NEAR(roll_from_eyes(eye_centre(up, 36), eye_centre(up, 42)), 0.0, 1e-3);
}

// A mirror image turns yaw and roll around and leaves pitch; the estimator must agree with itself.
TEST(Geometry, MirrorImageNegatesYawAndRoll) {
  const cv::Mat p = photo("compliant");
  cv::Mat mirrored;
  cv::flip(p, mirrored, 1);
  const HeadPose a = context(p).pose, b = context(mirrored).pose;
  EXPECT_NEAR(a.yaw_deg, -b.yaw_deg, 3.0);
  EXPECT_NEAR(a.roll_deg, -b.roll_deg, 1.0);
  EXPECT_NEAR(a.pitch_deg, b.pitch_deg, 2.0);
}

TEST(Geometry, BackgroundMaskStaysOffTheFace) {
  const FaceContext ctx = context(photo("compliant"));
  cv::Mat overlap = ctx.background_mask & ctx.face_mask;
  EXPECT_EQ(cv::countNonZero(overlap), 0);
  EXPECT_GT(cv::countNonZero(ctx.background_mask), 0.02 * ctx.width() * ctx.height());  // bg checks need 2 %
}

}  // namespace
}  // namespace conforme::test
