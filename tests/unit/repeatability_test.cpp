// The same real photo seen again — saved once more as JPEG, lit 5 % more or less — must measure
// the same within the error the profiles' limits were set for (EVALUATION.md §23). A change that
// makes the landmarks or the crops jumpier (a resize that moves with the photo's size, a crop
// rounded differently, a detector that lands on another box) widens these and fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "support/fixtures.hpp"
#include "synth/synth.hpp"

namespace conforme::test {
namespace {

struct Value {
  const char* check;
  const char* name;
};

std::map<std::string, double> values_of(const cv::Mat& bgr, const std::vector<Value>& wanted) {
  const PhotoReport report = checker().check_photo(bgr, std::nullopt, analyser());
  std::map<std::string, double> out;
  for (const auto& c : report.checks)
    for (const Value& w : wanted)
      if (c.id == w.check)
        if (const auto v = c.measurement.get(w.name)) out[std::string(w.check) + "." + w.name] = *v;
  return out;
}

double percentile_90(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.at(std::min(v.size() - 1, static_cast<std::size_t>(0.9 * v.size())));
}

TEST(Repeatability, LandmarkMeasuresMoveLessThanTheMarginsTheLimitsAllowForThem) {
  const std::vector<Value> wanted = {{"eyes.open", "min_ear"},  {"pose.yaw", "angle"},        {"pose.roll", "angle"},
                                     {"expr.neutral", "corner_lift"}, {"head.height", "ratio"},
                                     {"sharp.focus", "sharpness"}};
  // What each limit allows for its measure's own error (90th percentile of |copy - original|):
  // - the eye aspect ratio: eyes.open's review band, 0.11 to 0.15, is that error's width;
  // - yaw and roll: issue 16's targets for the angles' error, 2.5 and 1 degree (yaw's review band
  //   starts at 5);
  // - the mouth-corner lift: its error on the US Congress choosing set, 0.020 (EVALUATION.md §23),
  //   a third of its 0.06 limit;
  // - the head's height and the sharpness (relative to itself): their review bands are their
  //   error on the choosing set (0.008 and 15 %); the report sets measured up to 0.0099 and 19.8 %
  //   (EVALUATION.md §23), which these must not exceed, 0.010 and 0.20.
  // These portraits have about 130 px between the eyes (the choosing set 45-60) and measured 0.021,
  // 1.4, 0.41, 0.013, 0.0078 and 0.169 when this test was written.
  const std::map<std::string, double> margin = {{"eyes.open.min_ear", 0.04},
                                                {"pose.yaw.angle", 2.5},
                                                {"pose.roll.angle", 1.0},
                                                {"expr.neutral.corner_lift", 0.020},
                                                {"head.height.ratio", 0.010},
                                                {"sharp.focus.sharpness", 0.20}};
  std::map<std::string, std::vector<double>> moves;
  int photos = 0;
  for (const std::string& file : real_photo_names()) {
    const cv::Mat original = real_photo(file);
    const auto before = values_of(original, wanted);
    if (before.size() != wanted.size()) continue;  // no single face: nothing to compare
    ++photos;
    for (const cv::Mat& copy :
         {synth::jpeg_roundtrip(original, 85), synth::exposure(original, 1.05, 0), synth::exposure(original, 0.95, 0)}) {
      const auto after = values_of(copy, wanted);
      for (const auto& [name, value] : before) {
        ASSERT_TRUE(after.count(name)) << file << ": " << name << " not measured on a copy";
        // Sharpness moves in proportion to itself (its review band is 15 % wide): relative.
        const double move = std::abs(after.at(name) - value);
        moves[name].push_back(name == "sharp.focus.sharpness" ? move / std::max(value, 1e-9) : move);
      }
    }
  }
  ASSERT_GE(photos, 12);
  for (const auto& [name, m] : moves) {
    const double p90 = percentile_90(m);
    EXPECT_LE(p90, margin.at(name)) << name << " moves by " << p90 << " (90th percentile of " << m.size()
                                    << " copies)";
    EXPECT_GT(*std::max_element(m.begin(), m.end()), 0.0) << name << ": the copies changed nothing?";
  }
}

}  // namespace
}  // namespace conforme::test
