// The contract between a check and the rest of the program (checks/check.hpp): the values a check
// returns are the ones it declares, with the declared units, in the declared order. The CSV's
// columns, the profiles' limits (checked against the declarations when a profile is loaded) and
// `conforme checks` all read the declarations; only the measurements say what a check really emits.
// And a check that throws fails alone: its own row is `skipped` with the reason, not the photo.
#include <algorithm>
#include <stdexcept>

#include <gtest/gtest.h>

#include "checks/check.hpp"
#include "support/fixtures.hpp"

namespace conforme {
namespace {

// The compliant photo with every fact a check can read: its resolution (827 x 1063 px at 600 dpi
// is 35 x 45 mm), the quality of a JPEG's tables and a planche of two copies.
FaceContext context_with_every_fact() {
  FaceContext ctx = test::analyser().analyse(test::photo("compliant"), 600.0);
  ctx.jpeg_quality = 92.0;
  ctx.jpeg_damaged_data = 0;
  ctx.sheet = SheetInfo{2, 0.01};
  return ctx;
}

// The values a check declares, less those it returns only in place of another (`instead_of`).
std::string declared(const Check& check) {
  std::string out;
  for (const ValueSpec& v : check.values)
    if (v.instead_of.empty()) out += std::string(v.name) + " (" + std::string(v.unit) + ") ";
  return out;
}

std::string emitted(const Measurement& m) {
  std::string out;
  for (const MeasuredValue& v : m.values) out += v.name + " (" + v.unit + ") ";
  return out;
}

TEST(CheckContract, EveryCheckEmitsTheValuesAndUnitsItDeclares) {
  const FaceContext ctx = context_with_every_fact();
  ASSERT_TRUE(ctx.face.has_value());
  // face.count says how many faces too small to measure it found only when it found none...
  FaceContext no_face = test::analyser().analyse(test::photo("no_face"), 600.0);
  ASSERT_EQ(no_face.face_count, 0);
  ASSERT_GE(all_checks().size(), 29u);
  for (const Check& check : all_checks()) {
    const Measurement m = run_check(check, check.id == "face.count" ? no_face : ctx);
    ASSERT_TRUE(m.measured()) << check.id << ": " << m.not_measured_reason;
    if (check.id == "face.count") {
      // ... and the other faces beside the face only when it found one.
      const std::string other = "other_faces (count) ";
      std::string without_other = declared(check);
      without_other.erase(without_other.find(other), other.size());
      EXPECT_EQ(emitted(m), without_other);
      EXPECT_EQ(emitted(run_check(check, ctx)), "faces (count) " + other);
      continue;
    }
    EXPECT_EQ(emitted(m), declared(check)) << check.id;
  }
}

// Without a resolution, a JPEG or a planche, a check may leave values out (the millimetres, the
// JPEG quality), but what it emits is still declared, with the declared unit, in the declared order.
TEST(CheckContract, WhatAPlainPhotoGetsIsADeclaredSubsequence) {
  const FaceContext ctx = test::context(test::photo("compliant"));
  ASSERT_TRUE(ctx.face.has_value());
  int partial = 0;
  for (const Check& check : all_checks()) {
    const Measurement m = run_check(check, ctx);
    if (!m.measured()) continue;
    std::size_t next = 0;
    for (const MeasuredValue& v : m.values) {
      while (next < check.values.size() && check.values[next].name != v.name) ++next;
      ASSERT_LT(next, check.values.size()) << check.id << " emits " << v.name << " out of order or undeclared";
      EXPECT_EQ(v.unit, check.values[next].unit) << check.id << "." << v.name;
      ++next;
    }
    const auto in_place = std::count_if(check.values.begin(), check.values.end(),
                                        [](const ValueSpec& v) { return !v.instead_of.empty(); });
    partial += m.values.size() < check.values.size() - static_cast<std::size_t>(in_place);
  }
  EXPECT_GE(partial, 2);  // head.height without height_mm, jpeg.quality without estimated_quality
}

// head.height's id and first value, measured by `measure`.
Check head_height_measured_by(Measurement (*measure)(const FaceContext&), Needs needs) {
  return {.id = "head.height",
          .title = {"taille du visage", "face size"},
          .description = "A check that throws.",
          .needs = needs,
          .values = {{"ratio", "ratio", {"hauteur", "height"}, Shown::number}},
          .measure = measure};
}

Measurement throws_runtime_error(const FaceContext&) { throw std::runtime_error("index 70 out of range"); }
Measurement throws_cv_exception(const FaceContext& ctx) {
  cv::Mat out;
  cv::add(ctx.gray, cv::Mat::zeros(3, 3, CV_8U), out);  // sizes differ: OpenCV throws
  return {};
}

TEST(CheckContract, AFaultyCheckIsSkippedWithTheReason) {
  const FaceContext ctx = test::context(test::photo("compliant"));
  const Check faulty = head_height_measured_by(throws_runtime_error, Needs::image);
  const Measurement m = run_check(faulty, ctx);
  EXPECT_EQ(m.not_measured_reason, "measurement failed: index 70 out of range");
  const Check opencv = head_height_measured_by(throws_cv_exception, Needs::image);
  EXPECT_TRUE(run_check(opencv, ctx).not_measured_reason.starts_with("measurement failed: OpenCV"))
      << run_check(opencv, ctx).not_measured_reason;
}

// The profile binds each rule to its check when it is loaded: one rule bound to a faulty check
// leaves that row skipped, and every other row as it was.
TEST(CheckContract, OneFaultyCheckLeavesTheOtherRowsAsTheyWere) {
  static const Check faulty = head_height_measured_by(throws_runtime_error, Needs::single_face);
  Profile profile = test::checker().profile();
  std::size_t at = profile.rules.size();
  for (std::size_t i = 0; i < profile.rules.size(); ++i)
    if (profile.rules[i].check_id == "head.height") {
      profile.rules[i].check = &faulty;
      at = i;
    }
  ASSERT_LT(at, profile.rules.size());
  const Checker broken(profile, test::models());
  const FaceContext ctx = test::context(test::photo("compliant"));
  const PhotoReport with_fault = broken.judge_context(ctx);
  const PhotoReport normal = test::checker().judge_context(ctx);
  ASSERT_EQ(with_fault.checks.size(), normal.checks.size());
  EXPECT_EQ(with_fault.checks[at].verdict, Verdict::skipped);
  EXPECT_EQ(with_fault.checks[at].measurement.not_measured_reason, "measurement failed: index 70 out of range");
  EXPECT_NE(with_fault.checks[at].message_fr.find("la mesure a échoué"), std::string::npos)
      << with_fault.checks[at].message_fr;
  EXPECT_EQ(normal.checks[at].verdict, Verdict::pass);
  for (std::size_t i = 0; i < normal.checks.size(); ++i)
    if (i != at) {
      EXPECT_EQ(with_fault.checks[i].verdict, normal.checks[i].verdict) << normal.checks[i].id;
      EXPECT_EQ(with_fault.checks[i].message_en, normal.checks[i].message_en) << normal.checks[i].id;
    }
  EXPECT_NE(with_fault.status, PhotoStatus::error);
}

}  // namespace
}  // namespace conforme
