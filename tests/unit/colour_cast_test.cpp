// colour.cast's values move with the cast drawn on real portraits (tests/kit/synth: colour_cast,
// sepia, saturation), and stay put where there is none.
#include <gtest/gtest.h>

#include <vector>

#include "support/fixtures.hpp"
#include "synth/synth.hpp"

namespace conforme::test {
namespace {

double value(const cv::Mat& bgr, const std::string& name) { return measured(bgr, "colour.cast", name); }

// Each step stronger than the last by at least `step`.
void expect_rising(const std::vector<double>& v, double step, const std::string& what) {
  for (std::size_t i = 1; i < v.size(); ++i)
    EXPECT_GT(v[i], v[i - 1] + step) << what << " at step " << i << ": " << v[i - 1] << " then " << v[i];
}

// A wrong white balance, growing from none to tungsten light read as daylight. On a real portrait
// with its own blue backdrop the skin warms and saturates but stays inside the natural hue band:
// its hue and chroma rise at every step. On the compliant photo's light grey backdrop the backdrop
// warms with the skin, and the cast passes the fr-ants limit.
TEST(ColourCast, WarmWhiteBalanceShiftMovesTheSkinAndTheBackdrop) {
  const cv::Mat real = real_photo("congress_S001183.jpg"), grey_backdrop = photo("compliant");
  std::vector<double> hue, chroma, cast;
  for (double k : {0.0, 0.25, 0.5, 0.75, 1.0}) {
    const cv::Vec3d gains{1.0 - 0.5 * k, 1.0 - 0.15 * k, 1.0 + 0.2 * k};
    const cv::Mat shifted = synth::colour_cast(real, gains);
    hue.push_back(value(shifted, "skin_hue"));
    chroma.push_back(value(shifted, "skin_chroma"));
    cast.push_back(value(synth::colour_cast(grey_backdrop, gains), "cast"));
  }
  expect_rising(hue, 1.5, "skin_hue");
  expect_rising(chroma, 2.0, "skin_chroma");
  EXPECT_LT(cast.front(), 4.0);  // untouched: inside the pass band
  expect_rising({cast.begin() + 2, cast.end()}, 1.0, "cast");  // the first steps may stay at 0
  EXPECT_GT(cast.back(), 6.0);  // full tungsten on the grey backdrop: past the fr-ants limit
}

TEST(ColourCast, GrowsWithAGreenCast) {
  const cv::Mat base = real_photo("congress_H001046.jpg");
  std::vector<double> cast;
  for (double k : {0.0, 0.1, 0.2, 0.3}) cast.push_back(value(synth::colour_cast(base, {1.0, 1.0 + k, 1.0 - 0.5 * k}), "cast"));
  // The first step may stay inside the natural hue band (0 outside it): rising from the second.
  EXPECT_GE(cast[1], cast[0]);
  expect_rising({cast.begin() + 1, cast.end()}, 1.0, "cast");
}

TEST(ColourCast, SkinChromaGrowsWithSaturation) {
  const cv::Mat base = real_photo("congress_C001088.jpg");
  std::vector<double> chroma;
  for (double f : {1.0, 1.25, 1.5, 2.0}) chroma.push_back(value(synth::saturation(base, f), "skin_chroma"));
  expect_rising(chroma, 3.0, "skin_chroma");
  EXPECT_NEAR(chroma[2] / chroma[0], 1.5, 0.15);  // a* and b* scaled by 1.5: the median follows
}

TEST(ColourCast, SepiaPrintIsSharedBySkinAndBackdrop) {
  const cv::Mat base = photo("compliant");
  EXPECT_LT(value(base, "shared_cast"), 1.0);  // light grey backdrop, natural skin
  std::vector<double> shared;
  for (double s : {0.25, 0.5, 0.75, 1.0}) shared.push_back(value(synth::sepia(base, s), "shared_cast"));
  expect_rising(shared, 1.0, "shared_cast");
}

// A light-blue backdrop is allowed by the French rule: it lies opposite the skin's hue and adds
// nothing to the cast.
TEST(ColourCast, LightBlueBackdropIsNotACast) {
  EXPECT_EQ(value(photo("light_blue_bg"), "shared_cast"), 0.0);
}

TEST(ColourCast, GreyPhotoIsLeftToColourIsColour) {
  const CheckResult r = check_result(photo("grey"), "colour.cast");
  EXPECT_FALSE(r.measurement.measured());
  EXPECT_EQ(r.measurement.not_measured_reason, "grey photo: no skin colour to judge");
}

}  // namespace
}  // namespace conforme::test
