// Orientation and size limits as the command applies them: a sideways phone photo with an EXIF
// Orientation tag is judged upright; --max-pixels refuses larger images.
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "image_bytes.hpp"
#include "io/decode.hpp"
#include "run_cli.hpp"
#include "support/fixtures.hpp"

namespace conforme::test {
namespace {

// Orientation 6: "rotate 90° clockwise to display", so the camera stored it turned the other way.
cv::Mat sideways_for_orientation_6(const cv::Mat& upright) {
  cv::Mat s;
  cv::rotate(upright, s, cv::ROTATE_90_COUNTERCLOCKWISE);
  return s;
}

// A phone photo stored sideways with Orientation 6 is judged upright: the face is found and the
// head is level. Without the tag the same pixels hold no upright face.
TEST(Orientation, SidewaysPhonePhotoWithExifOrientationIsJudgedUpright) {
  const cv::Mat upright = photo("compliant_sym");
  const cv::Mat sideways = sideways_for_orientation_6(upright);
  const Bytes plain = encode(".jpg", sideways, {cv::IMWRITE_JPEG_QUALITY, 95});
  const DecodedImage tagged = decode_image(with_exif_orientation(plain, 6), "x", {});
  ASSERT_EQ(tagged.bgr.size(), upright.size());
  const PhotoReport report = checker().check_photo(tagged.bgr, 600.0, analyser());
  const auto verdict = [&](const PhotoReport& r, const std::string& id) {
    for (const auto& c : r.checks)
      if (c.id == id) return c;
    return CheckResult{};
  };
  EXPECT_EQ(verdict(report, "face.count").verdict, Verdict::pass);
  const auto roll = verdict(report, "pose.roll").measurement.get("angle");
  ASSERT_TRUE(roll.has_value());
  EXPECT_LT(std::abs(*roll), 3.0);
  const PhotoReport untagged = checker().check_photo(decode_image(plain, "x", {}).bgr, 600.0, analyser());
  EXPECT_NE(verdict(untagged, "face.count").verdict, Verdict::pass);
}

TEST(MaxPixels, MaxPixelsOptionOfTheCommand) {
  const std::string face = quote(data_path("faces/congress_S001183.jpg"));  // 452 x 553
  const CliRun small = conforme("check -q --max-pixels 100000 " + face);
  EXPECT_EQ(small.status, 3);
  const auto recs = records(small.out);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0]["error"]["code"], "too_large");
  EXPECT_EQ(conforme("check -q --max-pixels 250000 " + face).status, 1);  // 249,956 pixels: judged
  EXPECT_EQ(conforme("check -q --max-pixels 0 " + face).status, 2);
  EXPECT_EQ(conforme("check -q --max-pixels -5 " + face).status, 2);
}

}  // namespace
}  // namespace conforme::test
