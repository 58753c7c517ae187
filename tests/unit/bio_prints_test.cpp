// Head pose on real scanned prints of the US Congress Biographical Directory
// (tests/data/prints/PROVENANCE.md), labelled blind in tests/corpus/bio_faces (EVALUATION.md §20):
// two prints labelled `turned` (clearly three-quarter) and one labelled `frontal`, at 25 to 30 px
// between the eyes. pose.yaw must fail the turned heads by a wide margin and pass the frontal one.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "checks/check.hpp"
#include "support/fixtures.hpp"

namespace conforme::test {
namespace {

cv::Mat bio_print_photo(const std::string& file) {
  return cv::imread(data_path("prints/" + file), cv::IMREAD_COLOR);
}

// pose.yaw: « droite et face à l'objectif » (service-public.fr F10619), ISO/IEC 19794-5 pose
// tolerances; fr-ants yaw limit 12 degrees.
// At main d593d39 the two turned prints read -36.1 and 43.0 degrees, the frontal one 0.6.
TEST(BioPrints, TurnedHeadsOnScannedPrintsFailYaw) {
  for (const char* file : {"bioguide_002918.jpg", "bioguide_006130.jpg"}) {
    const cv::Mat print = bio_print_photo(file);
    ASSERT_FALSE(print.empty()) << file;
    const CheckResult r = check_result(print, "pose.yaw");
    EXPECT_EQ(r.verdict, Verdict::fail) << file;
    EXPECT_GE(std::abs(*r.measurement.get("angle")), 25.0) << file;
  }
}

TEST(BioPrints, FrontalHeadOnScannedPrintPassesYaw) {
  const cv::Mat print = bio_print_photo("bioguide_014242.jpg");
  ASSERT_FALSE(print.empty());
  const CheckResult r = check_result(print, "pose.yaw");
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_LE(std::abs(*r.measurement.get("angle")), 6.0);
}

// The teeth share (expr.neutral, expr.mouth_closed) tells teeth from a highlight on the lips by
// colour. On a sepia print (014236, a closed mouth) the lips are no redder than the rest: it read
// 0.015 of teeth, over expr.neutral's 0.005, before teeth had to be 2 units of a* less red than the
// lips (EVALUATION.md §20.5); a colour print that shows its teeth (015627) still reads them.
TEST(BioPrints, TeethShareSeesNoTeethBetweenClosedLipsOnASepiaPrint) {
  const CheckResult sepia = check_result(bio_print_photo("bioguide_014236.jpg"), "expr.neutral");
  ASSERT_TRUE(sepia.measurement.get("teeth_share"));
  EXPECT_LT(*sepia.measurement.get("teeth_share"), 0.001);
  const CheckResult colour = check_result(bio_print_photo("bioguide_015627.jpg"), "expr.neutral");
  ASSERT_TRUE(colour.measurement.get("teeth_share"));
  EXPECT_GT(*colour.measurement.get("teeth_share"), 0.005);
}

}  // namespace
}  // namespace conforme::test
