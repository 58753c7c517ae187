// Checker::judge_context runs a photo's checks side by side on TBB's workers. Checks must read the
// FaceContext and nothing else: the report must be the same whether they run on one thread or on
// every core, in the profile's order, and with ChecksOnCallingThread (as run_pipeline calls it).
// The one thing they fill, the evidence they share (Face::on_demand), is filled once per photo.
#include <atomic>
#include <chrono>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include "checks/check.hpp"
#include "core/on_demand.hpp"
#include "evidence/glasses_evidence.hpp"
#include "evidence/mouth_evidence.hpp"
#include "evidence/mouth_net.hpp"
#include "face/face_crop.hpp"
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

// Evidence several checks read (Face::on_demand) is computed by the first that asks; the others,
// asking at the same moment on other threads, wait for it and read the same value.
TEST(OnDemandEvidence, ComputedOnceWhenManyThreadsAskAtOnce) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 4);
  const OnDemand<int> slot;
  std::atomic<int> computations{0};
  std::vector<const int*> seen(64, nullptr);
  tbb::parallel_for(std::size_t{0}, seen.size(), [&](std::size_t i) {
    seen[i] = &slot.get([&] {
      ++computations;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the others arrive meanwhile
      return 42;
    });
  });
  EXPECT_EQ(computations.load(), 1);
  EXPECT_EQ(std::set<const int*>(seen.begin(), seen.end()).size(), 1u);
  EXPECT_EQ(*seen[0], 42);
}

TEST(OnDemandEvidence, AFailedComputationIsTriedAgainAndACopyStartsEmpty) {
  OnDemand<int> slot;
  EXPECT_THROW(slot.get([]() -> int { throw std::runtime_error("no face"); }), std::runtime_error);
  EXPECT_FALSE(slot.computed());
  EXPECT_EQ(slot.get([] { return 7; }), 7);
  EXPECT_EQ(slot.get([] { return 8; }), 7);  // kept
  const OnDemand<int> copy = slot;  // of a context whose photo its owner may change
  EXPECT_FALSE(copy.computed());
  EXPECT_EQ(copy.get([] { return 9; }), 9);
  const OnDemand<int> moved = std::move(slot);
  EXPECT_EQ(moved.get([] { return 10; }), 7);
}

// Each piece is computed only when a check that reads it runs, and holds what the evidence
// function gives on the crop itself.
TEST(OnDemandEvidence, FilledOnlyByTheChecksThatReadIt) {
  const FaceContext ctx = test::context(test::photo("compliant"));
  ASSERT_TRUE(ctx.face.has_value());
  const std::set<std::string_view> glasses_readers = {"glasses",         "glasses.tinted", "glasses.reflection",
                                                       "glasses.frame",   "light.hot_spots", "eyes.open"};
  const std::set<std::string_view> mouth_readers = {"expr.mouth_closed", "expr.neutral", "face.occlusion"};
  for (const Check& check : all_checks())
    if (!glasses_readers.count(check.id) && !mouth_readers.count(check.id)) (void)run_check(check, ctx);
  const OnDemandEvidence& slots = ctx.face->on_demand;
  EXPECT_FALSE(slots.glasses.computed());
  EXPECT_FALSE(slots.mouth_net_input.computed());
  EXPECT_FALSE(slots.teeth_share.computed());

  (void)run_check(*find_check("face.occlusion"), ctx);
  EXPECT_TRUE(slots.mouth_net_input.computed());
  EXPECT_FALSE(slots.teeth_share.computed());
  const cv::Mat reduced = crop_net_input(mouth_net, *cut_crop(ctx, ctx.face->evidence.mouth_region, mouth_region));
  EXPECT_EQ(cv::norm(mouth_net_input(ctx), reduced, cv::NORM_INF), 0.0);

  const Measurement tinted = run_check(*find_check("glasses.tinted"), ctx);
  EXPECT_TRUE(slots.glasses.computed());
  const GlassesEvidence alone = glasses_evidence(*glasses_crop(ctx));
  EXPECT_EQ(glasses_evidence(ctx).bridge_edge, alone.bridge_edge);
  EXPECT_EQ(glasses_evidence(ctx).rim_edge, alone.rim_edge);
  EXPECT_EQ(*run_check(*find_check("glasses"), ctx).get("frame_score"), alone.frame_score());
  EXPECT_EQ(*tinted.get("glasses_found"), alone.frame_score() >= glasses_present_frame_score ? 1.0 : 0.0);

  EXPECT_EQ(*run_check(*find_check("expr.neutral"), ctx).get("teeth_share"),
            teeth_share(*cut_crop(ctx, ctx.face->evidence.mouth_region, mouth_region)));
  EXPECT_TRUE(slots.teeth_share.computed());
}

}  // namespace
}  // namespace conforme
