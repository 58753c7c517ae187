// Checker::judge_context runs a photo's checks side by side on TBB's workers. Checks must read the
// FaceContext and nothing else: the report must be the same whether they run on one thread or on
// every core, in the profile's order, and with ChecksOnCallingThread (as run_pipeline calls it).
#include <optional>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "report/writers.hpp"
#include "support/fixtures.hpp"

namespace conforme {
namespace {

std::string report_of(const cv::Mat& bgr, std::size_t threads, bool on_calling_thread = false) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  std::optional<ChecksOnCallingThread> serial;
  if (on_calling_thread) serial.emplace();
  const Checker& checker = test::checker();
  PhotoReport report = checker.check_photo(bgr, 600.0, test::analyser());
  return to_json(report, checker.identity()).dump();
}

TEST(ParallelChecks, SameReportOnOneThreadAndOnFour) {
  for (const cv::Mat& bgr : {test::photo("compliant"), test::photo("white_bg"), test::real_photo("congress_B001243.jpg")}) {
    const std::string alone = report_of(bgr, 1), side_by_side = report_of(bgr, 4);
    EXPECT_EQ(alone, side_by_side);
    EXPECT_EQ(alone, report_of(bgr, 4, true));  // as run_pipeline calls it
    EXPECT_NE(alone.find("\"print.marks\""), std::string::npos);  // a whole report, not an empty one
  }
}

TEST(ParallelChecks, ResultsFollowTheProfilesOrder) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 4);
  const Checker& checker = test::checker();
  const PhotoReport report = checker.check_photo(test::photo("compliant"), 600.0, test::analyser());
  const Profile& profile = checker.profile();
  ASSERT_EQ(report.checks.size(), profile.rules.size());
  for (std::size_t i = 0; i < report.checks.size(); ++i) EXPECT_EQ(report.checks[i].id, profile.rules[i].check_id) << i;
}

}  // namespace
}  // namespace conforme
