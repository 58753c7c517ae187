// The evaluation library: labels parsing, confusion counts, threshold sweep, baseline comparison.
// Reports are built by hand here; tests/eval/CMakeLists.txt runs the real pipeline on samples/.
#include "eval/eval.hpp"

#include <gtest/gtest.h>

#include <tuple>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace conforme::eval {
namespace {

LabelSet parse(const std::string& text, const std::string& base_dir = "/data") {
  std::istringstream in(text);
  return parse_labels(in, "labels.csv", base_dir);
}

TEST(Labels, ColumnsByNameQuotedFieldsAndRelativePaths) {
  const LabelSet set = parse(
      "note,expected,image,check\r\n"
      "x,pass,a.jpg,head.height\r\n"
      "\r\n"
      "\"with, comma\",FAIL,\"sub/b \"\"1\"\".jpg\",bg.colour\r\n"
      "y,fail,a.jpg,bg.colour\n"
      ",pass,/abs/c.png,face.count");
  ASSERT_EQ(set.rows.size(), 4u);
  ASSERT_EQ(set.images.size(), 3u);
  EXPECT_EQ(set.images[0], "/data/a.jpg");
  EXPECT_EQ(set.images[1], "/data/sub/b \"1\".jpg");
  EXPECT_EQ(set.images[2], "/abs/c.png");
  EXPECT_EQ(set.rows[1].check, "bg.colour");
  EXPECT_FALSE(set.rows[1].expect_pass);
  EXPECT_EQ(set.rows[1].line, 4);
  EXPECT_EQ(set.row_image[2], 0u);  // a.jpg again
  EXPECT_TRUE(set.rows[3].expect_pass);
}

TEST(Labels, ErrorsNameTheFileAndLine) {
  auto message = [](const std::string& text) {
    try {
      parse(text);
    } catch (const EvalError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("image,check\na.jpg,bg.colour\n").find("labels.csv:1:"), std::string::npos);
  EXPECT_NE(message("image,check,expected\na.jpg,bg.colour,pass\na.jpg,face.count,maybe\n").find("labels.csv:3:"),
            std::string::npos);
  EXPECT_NE(message("image,check,expected\na.jpg,bg.colour,pass\na.jpg,bg.colour,fail\n").find("second label"),
            std::string::npos);
  EXPECT_NE(message("image,check,expected\na.jpg,pass\n").find("fields"), std::string::npos);
  EXPECT_NE(message("").find("empty"), std::string::npos);
}

TEST(Labels, ReadsFromFileRelativeToItsDirectory) {
  const auto dir = std::filesystem::temp_directory_path() / "conforme_eval_labels_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "labels.csv") << "image,check,expected\nphoto.jpg,face.count,pass\n";
  const LabelSet set = read_labels((dir / "labels.csv").string());
  ASSERT_EQ(set.images.size(), 1u);
  EXPECT_EQ(std::filesystem::path(set.images[0]), dir / "photo.jpg");
  EXPECT_THROW(read_labels((dir / "missing.csv").string()), EvalError);
  std::filesystem::remove_all(dir);
}

CheckResult result(const std::string& id, Verdict v, std::vector<MeasuredValue> values) {
  CheckResult r;
  r.id = id;
  r.verdict = v;
  r.measurement.values = std::move(values);
  if (v == Verdict::skipped) r.measurement.not_measured_reason = "no face found";
  return r;
}

PhotoReport report(PhotoStatus status, std::vector<CheckResult> checks) {
  PhotoReport r;
  r.status = status;
  r.checks = std::move(checks);
  return r;
}

Profile two_rule_profile() {
  Profile p;
  p.name = "test";
  Rule height;
  height.check_id = "head.height";
  height.limits = {{"height_mm", {32.0, 36.0, {}, {}}}, {"ratio", {0.711, 0.8, {}, {}}}};
  Rule resolution;
  resolution.check_id = "photo.resolution";
  resolution.limits = {{"inter_eye", {90.0, {}, {}, 120.0}}};
  Rule yaw;
  yaw.check_id = "pose.yaw";
  yaw.limits = {{"angle", {-5.0, 5.0, {}, {}}}};
  p.rules = {resolution, height, yaw};
  return p;
}

TEST(Score, CountsEveryOutcomeAndSkipsUnknownChecks) {
  const LabelSet labels = parse(
      "image,check,expected\n"
      "ok.jpg,head.height,pass\n"           // pass, judged pass
      "ok.jpg,photo.resolution,pass\n"      // warn counts as pass
      "ok.jpg,ears.visible,pass\n"          // no such check
      "ok.jpg,bg.colour,pass\n"             // a check the profile does not judge
      "big.jpg,head.height,fail\n"          // fail, judged fail
      "big.jpg,photo.resolution,pass\n"     // pass, judged fail
      "small.jpg,head.height,fail\n"        // fail, judged pass
      "noface.jpg,head.height,pass\n"       // skipped: not judged
      "broken.jpg,photo.resolution,fail\n"  // error: not judged
  );
  std::vector<PhotoReport> reports = {
      report(PhotoStatus::pass, {result("photo.resolution", Verdict::warn, {{"inter_eye", 110, "px"}}),
                                 result("head.height", Verdict::pass, {{"ratio", 0.75, "ratio"}})}),
      report(PhotoStatus::fail, {result("photo.resolution", Verdict::fail, {{"inter_eye", 80, "px"}}),
                                 result("head.height", Verdict::fail, {{"ratio", 0.86, "ratio"}})}),
      report(PhotoStatus::pass, {result("photo.resolution", Verdict::pass, {{"inter_eye", 200, "px"}}),
                                 result("head.height", Verdict::pass, {{"ratio", 0.79, "ratio"}})}),
      report(PhotoStatus::fail, {result("head.height", Verdict::skipped, {})}),
      report(PhotoStatus::error, {}),
  };
  const Evaluation e = score(labels, reports, two_rule_profile());
  ASSERT_EQ(e.checks.size(), 2u);
  // Registry order: photo.resolution before head.height.
  const CheckStats& res = e.checks[0];
  const CheckStats& height = e.checks[1];
  EXPECT_EQ(res.id, "photo.resolution");
  EXPECT_EQ(res.true_pass, 1u);
  EXPECT_EQ(res.false_fail, 1u);
  EXPECT_EQ(res.unjudged_fail, 1u);
  EXPECT_EQ(res.reviewed_pass, 1u);  // ok.jpg's warn: a pass, and a review
  EXPECT_EQ(res.reviewed_fail, 0u);
  EXPECT_DOUBLE_EQ(res.accuracy(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(*res.false_reject_rate(), 0.5);
  EXPECT_FALSE(res.false_accept_rate().has_value());  // its only fail row was not judged
  EXPECT_EQ(height.true_pass, 1u);
  EXPECT_EQ(height.true_fail, 1u);
  EXPECT_EQ(height.false_pass, 1u);
  EXPECT_EQ(height.unjudged_pass, 1u);
  EXPECT_EQ(height.reviewed_pass + height.reviewed_fail, 0u);  // no warning among its rows
  EXPECT_DOUBLE_EQ(height.accuracy(), 0.5);
  EXPECT_DOUBLE_EQ(*height.false_accept_rate(), 0.5);
  EXPECT_EQ(e.unknown_check_rows.at("ears.visible"), 1u);
  EXPECT_EQ(e.not_in_profile_rows.at("bg.colour"), 1u);
  EXPECT_EQ(e.image_errors, 1u);
  // ok.jpg and noface.jpg are labelled compliant; noface.jpg is rejected by the profile but on no
  // labelled check (its one labelled check was not judged).
  EXPECT_EQ(e.compliant_photos, 2u);
  EXPECT_EQ(e.compliant_rejected_any, 1u);
  EXPECT_EQ(e.compliant_rejected_labelled, 0u);
  EXPECT_EQ(e.compliant_reviewed_labelled, 1u);  // ok.jpg: its photo.resolution warned
  ASSERT_EQ(e.misses.size(), 4u);
  EXPECT_EQ(e.misses[0].image, "big.jpg");
  EXPECT_EQ(e.misses[0].verdict, "fail");
  EXPECT_EQ(e.misses[3].verdict, "error");
}

// A `photo` row labels the whole photo: the profile's verdict, a warning counting as a pass and a
// review; its misses name the checks that refused (or warned on) the photo.
TEST(Score, WholePhotoRowsJudgeTheProfilesVerdict) {
  const LabelSet labels = parse(
      "image,check,expected\n"
      "ok.jpg,photo,pass\n"      // pass, judged pass (with a warning: a review)
      "ok.jpg,head.height,pass\n"
      "big.jpg,photo,fail\n"     // fail, judged fail
      "small.jpg,photo,pass\n"   // pass, judged fail: a false reject
      "smile.jpg,photo,fail\n"   // fail, judged pass: a false accept
      "broken.jpg,photo,pass\n"  // error: not judged
  );
  const std::vector<PhotoReport> reports = {
      report(PhotoStatus::pass, {result("photo.resolution", Verdict::warn, {{"inter_eye", 110, "px"}}),
                                 result("head.height", Verdict::pass, {{"ratio", 0.75, "ratio"}})}),
      report(PhotoStatus::fail, {result("head.height", Verdict::fail, {{"ratio", 0.86, "ratio"}})}),
      report(PhotoStatus::fail, {result("photo.resolution", Verdict::fail, {{"inter_eye", 80, "px"}}),
                                 result("head.height", Verdict::pass, {{"ratio", 0.75, "ratio"}})}),
      report(PhotoStatus::pass, {result("head.height", Verdict::pass, {{"ratio", 0.75, "ratio"}})}),
      report(PhotoStatus::error, {}),
  };
  const Evaluation e = score(labels, reports, two_rule_profile());
  ASSERT_EQ(e.checks.size(), 2u);
  EXPECT_EQ(e.checks[0].id, "head.height");
  const CheckStats& photo = e.checks[1];  // after the checks
  EXPECT_EQ(photo.id, "photo");
  EXPECT_EQ(photo.true_pass, 1u);
  EXPECT_EQ(photo.reviewed_pass, 1u);
  EXPECT_EQ(photo.true_fail, 1u);
  EXPECT_EQ(photo.false_fail, 1u);
  EXPECT_EQ(photo.false_pass, 1u);
  EXPECT_EQ(photo.unjudged_pass, 1u);
  EXPECT_DOUBLE_EQ(*photo.balanced_accuracy(), 0.5);
  EXPECT_TRUE(e.unknown_check_rows.empty());
  ASSERT_EQ(e.misses.size(), 3u);
  EXPECT_EQ(e.misses[0].image, "small.jpg");
  EXPECT_EQ(e.misses[0].verdict, "fail");
  EXPECT_EQ(e.misses[0].values, "photo.resolution");
  EXPECT_EQ(e.misses[1].verdict, "pass");
  EXPECT_EQ(e.misses[2].verdict, "error");
  // ok.jpg, small.jpg and broken.jpg are labelled compliant; small.jpg is refused, broken.jpg unread.
  EXPECT_EQ(e.compliant_photos, 3u);
  EXPECT_EQ(e.compliant_rejected_labelled, 2u);
  // Broken down by resolution band too: its five rows, after the checks in each band.
  std::size_t rows = 0;
  for (const Breakdown& b : e.by_resolution)
    for (const CheckStats& st : b.checks)
      if (st.id == "photo") {
        rows += st.rows();
        EXPECT_EQ(&st, &b.checks.back()) << b.group;
      }
  EXPECT_EQ(rows, 5u);
}

TEST(Score, SweepsTheBandAroundTheProfileCentre) {
  const LabelSet labels = parse(
      "image,check,expected\n"
      "a,head.height,pass\nb,head.height,pass\nc,head.height,fail\nd,head.height,fail\n");
  const auto photo = [](double ratio, Verdict v) {
    return report(PhotoStatus::pass, {result("head.height", v, {{"ratio", ratio, "ratio"}})});
  };
  const Evaluation e = score(
      labels,
      {photo(0.75, Verdict::pass), photo(0.78, Verdict::pass), photo(0.65, Verdict::fail), photo(0.90, Verdict::fail)},
      two_rule_profile());
  ASSERT_TRUE(e.checks[0].sweep.has_value());
  const Sweep& s = *e.checks[0].sweep;
  EXPECT_EQ(s.value, "ratio");  // the first of the check's values, not the alphabetical first limit
  EXPECT_EQ(s.kind, LimitKind::band);
  EXPECT_NEAR(s.centre, 0.7555, 1e-9);
  EXPECT_NEAR(s.profile_threshold, 0.0445, 1e-9);
  ASSERT_TRUE(s.eer.has_value());
  EXPECT_DOUBLE_EQ(*s.eer, 0.0);
  // |0.78 - 0.7555| = 0.0245 passes, |0.65 - 0.7555| = 0.1055 fails: the zero-error threshold lies between.
  EXPECT_GT(s.eer_range->first, 0.0245);
  EXPECT_LT(s.eer_range->second, 0.1055);
}

TEST(Score, MinimumSweepIsReportedInTheValuesUnits) {
  const LabelSet labels = parse(
      "image,check,expected\n"
      "a,photo.resolution,pass\nb,photo.resolution,pass\nc,photo.resolution,fail\nd,photo.resolution,fail\n");
  const auto photo = [](double ied, Verdict v) {
    return report(PhotoStatus::pass, {result("photo.resolution", v, {{"inter_eye", ied, "px"}})});
  };
  const Evaluation e =
      score(labels,
            {photo(130, Verdict::pass), photo(120, Verdict::pass), photo(75, Verdict::fail), photo(60, Verdict::fail)},
            two_rule_profile());
  const Sweep& s = *e.checks[0].sweep;
  EXPECT_EQ(s.kind, LimitKind::min);
  EXPECT_DOUBLE_EQ(s.profile_threshold, 90);
  EXPECT_DOUBLE_EQ(*s.eer, 0.0);
  EXPECT_DOUBLE_EQ(s.eer_range->first, 97.5);  // half-way between 75 (fail) and 120 (pass)
  EXPECT_DOUBLE_EQ(s.eer_range->second, 97.5);
  for (std::size_t i = 1; i < s.points.size(); ++i) EXPECT_LT(s.points[i - 1].threshold, s.points[i].threshold);
}

TEST(Sweep, EqualErrorRateOfOverlappingScores) {
  // pass scores 1..4, fail scores 3.5..7: every threshold leaves at least one of the four wrong.
  const Sweep s =
      sweep_scores({{1, true}, {2, true}, {3, true}, {4, true}, {3.5, false}, {5, false}, {6, false}, {7, false}});
  ASSERT_TRUE(s.eer.has_value());
  EXPECT_DOUBLE_EQ(*s.eer, 0.25);
  EXPECT_DOUBLE_EQ(s.eer_range->first, 3.25);
  EXPECT_DOUBLE_EQ(s.eer_range->second, 4.5);
  EXPECT_DOUBLE_EQ(s.points.front().false_reject, 1.0);  // every row fails
  EXPECT_DOUBLE_EQ(s.points.back().false_accept, 1.0);   // every row passes
}

TEST(Sweep, NoEqualErrorRateWithOneClass) {
  EXPECT_FALSE(sweep_scores({{1, true}, {2, true}}).eer.has_value());
  EXPECT_TRUE(sweep_scores({}).points.empty());
}

TEST(Baseline, RoundTripAndRegressions) {
  Evaluation e;
  CheckStats good;
  good.id = "bg.colour";
  good.true_pass = 2;
  good.true_fail = 1;
  CheckStats weak;
  weak.id = "sharp.focus";
  weak.true_pass = 2;
  weak.false_pass = 1;  // accuracy 2/3
  e.checks = {good, weak};
  const Baseline measured = baseline_from(e);
  EXPECT_DOUBLE_EQ(measured.min_accuracy.at("sharp.focus"), 0.666);

  const auto path = std::filesystem::temp_directory_path() / "conforme_eval_baseline_test.json";
  {
    std::ofstream out(path);
    write_baseline(out, measured);
  }
  const Baseline read = read_baseline(path.string());
  EXPECT_EQ(read.min_accuracy, measured.min_accuracy);
  EXPECT_TRUE(compare(e, read).empty());

  Baseline stricter = read;
  stricter.min_accuracy["sharp.focus"] = 0.9;
  stricter.min_accuracy["face.count"] = 0.5;  // no rows evaluated: a regression too
  const auto regressions = compare(e, stricter);
  ASSERT_EQ(regressions.size(), 2u);
  EXPECT_EQ(regressions[0].check, "face.count");
  EXPECT_EQ(regressions[1].check, "sharp.focus");
  EXPECT_NEAR(regressions[1].accuracy, 2.0 / 3.0, 1e-12);

  std::ofstream(path) << R"({"min_accuracy": {"bg.colour": 1.5}})";
  EXPECT_THROW(read_baseline(path.string()), EvalError);
  std::ofstream(path) << "not json";
  EXPECT_THROW(read_baseline(path.string()), EvalError);
  std::filesystem::remove(path);
}

// The 95 % Wilson score intervals of textbook cases (Newcombe 1998, table I: 0/10, 1/29, 81/263).
TEST(Eval, WilsonIntervalMatchesPublishedValues) {
  auto [lo, hi] = wilson_interval(0, 10);
  EXPECT_NEAR(lo, 0.0, 1e-4);
  EXPECT_NEAR(hi, 0.2775, 1e-4);
  std::tie(lo, hi) = wilson_interval(1, 29);
  EXPECT_NEAR(lo, 0.0061, 1e-4);
  EXPECT_NEAR(hi, 0.1718, 1e-4);
  std::tie(lo, hi) = wilson_interval(81, 263);
  EXPECT_NEAR(lo, 0.2553, 1e-4);
  EXPECT_NEAR(hi, 0.3662, 1e-4);
}

// Balanced accuracy weighs the two kinds of row equally, whatever their numbers.
TEST(Eval, BalancedAccuracyIsTheMeanOfBothRates) {
  CheckStats c;
  c.true_pass = 90;
  c.false_fail = 10;  // 90 % of compliant rows passed
  c.true_fail = 1;
  c.false_pass = 1;  // 50 % of defects caught
  EXPECT_NEAR(*c.balanced_accuracy(), 0.70, 1e-12);
  EXPECT_NEAR(c.accuracy(), 91.0 / 102.0, 1e-12);
  c.true_fail = c.false_pass = 0;
  EXPECT_FALSE(c.balanced_accuracy());
}

// Per source and per resolution band: each row counted once in its source's and its photo's
// band's table, with the same rules as the whole table.
TEST(Score, BreaksDownBySourceAndResolutionBand) {
  const LabelSet labels = parse(
      "image,check,expected,source\n"
      "a,head.height,pass,congress\n"  // 60 px: judged pass
      "b,head.height,pass,congress\n"  // 60 px: judged fail
      "c,head.height,fail,celeba\n"    // 120 px: judged fail
      "d,head.height,pass,\n"          // no face: not judged, no source
  );
  const auto photo = [](std::optional<double> ied, Verdict v) {
    std::vector<CheckResult> checks = {result("head.height", v, {{"ratio", 0.75, "ratio"}})};
    if (ied) checks.push_back(result("photo.resolution", Verdict::pass, {{"inter_eye", *ied, "px"}}));
    return report(PhotoStatus::pass, checks);
  };
  const Evaluation e = score(labels,
                             {photo(60, Verdict::pass), photo(60, Verdict::fail), photo(120, Verdict::fail),
                              photo(std::nullopt, Verdict::skipped)},
                             two_rule_profile());
  ASSERT_EQ(e.by_source.size(), 3u);
  EXPECT_EQ(e.by_source[0].group, "congress");
  EXPECT_EQ(e.by_source[1].group, "celeba");
  EXPECT_EQ(e.by_source[2].group, "(no source)");
  ASSERT_EQ(e.by_source[0].checks.size(), 1u);
  EXPECT_EQ(e.by_source[0].checks[0].true_pass, 1u);
  EXPECT_EQ(e.by_source[0].checks[0].false_fail, 1u);
  EXPECT_EQ(e.by_source[1].checks[0].true_fail, 1u);
  EXPECT_EQ(e.by_source[2].checks[0].unjudged_pass, 1u);
  ASSERT_EQ(e.by_resolution.size(), 3u);
  EXPECT_EQ(e.by_resolution[0].group, "40–90 px");
  EXPECT_EQ(e.by_resolution[0].checks[0].rows(), 2u);
  EXPECT_EQ(e.by_resolution[1].group, "90–150 px");
  EXPECT_EQ(e.by_resolution[2].group, "no face measured");
  // Without a source column, no source table.
  const Evaluation plain = score(parse("image,check,expected\na,head.height,pass\n"),
                                 {photo(200, Verdict::pass)}, two_rule_profile());
  EXPECT_TRUE(plain.by_source.empty());
  ASSERT_EQ(plain.by_resolution.size(), 1u);
  EXPECT_EQ(plain.by_resolution[0].group, "150 px and over");
}

// Angle errors in degrees: the primary value against the labels' true_value.
TEST(Score, MeasuresThePrimaryValueAgainstTrueValues) {
  const LabelSet labels = parse(
      "image,check,expected,true_value\n"
      "a,pose.yaw,pass,1.0\n"
      "b,pose.yaw,pass,-2.0\n"
      "c,pose.yaw,fail,20\n"
      "d,pose.yaw,pass,\n");  // no true value: counted, not measured against
  const auto photo = [](double yaw) {
    return report(PhotoStatus::pass, {result("pose.yaw", std::abs(yaw) > 5 ? Verdict::fail : Verdict::pass,
                                              {{"angle", yaw, "deg"}})});
  };
  const Evaluation e = score(labels, {photo(3.0), photo(-1.0), photo(14.0), photo(0.0)}, two_rule_profile());
  ASSERT_EQ(e.value_errors.size(), 1u);
  const ValueError& v = e.value_errors[0];
  EXPECT_EQ(v.check, "pose.yaw");
  EXPECT_EQ(v.value, "angle");
  EXPECT_EQ(v.unit, "deg");
  EXPECT_EQ(v.rows, 3u);
  // errors +2, +1, -6
  EXPECT_NEAR(v.mean_abs, 3.0, 1e-12);
  EXPECT_NEAR(v.median_abs, 2.0, 1e-12);
  EXPECT_NEAR(v.max_abs, 6.0, 1e-12);
  EXPECT_NEAR(v.bias, -1.0, 1e-12);
  EXPECT_NEAR(v.p90_abs, 5.2, 1e-12);  // between 2 and 6 at 0.9 of the way
  std::ostringstream md;
  write_markdown(md, e, nullptr);
  EXPECT_NE(md.str().find("| pose.yaw | angle | 3 | 3 deg | 2 deg | 5.2 deg | 6 deg | -1 deg |"), std::string::npos)
      << md.str();
}

TEST(Labels, TrueValueMustBeANumber) {
  try {
    parse("image,check,expected,true_value\na,pose.yaw,pass,12deg\n");
    FAIL() << "no error";
  } catch (const EvalError& e) {
    EXPECT_NE(std::string(e.what()).find("labels.csv:2: true_value must be a number, not '12deg'"), std::string::npos)
        << e.what();
  }
  EXPECT_DOUBLE_EQ(*parse("image,check,expected,true_value\na,pose.yaw,pass, -3.5 \n").rows[0].true_value, -3.5);
}

}  // namespace
}  // namespace conforme::eval
