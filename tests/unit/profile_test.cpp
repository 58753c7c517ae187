// Profiles: loading, `extends`, validation errors that name the file and key, judging.
#include <fstream>

#include <gtest/gtest.h>

#include "checks/check.hpp"
#include "support/fixtures.hpp"

namespace conforme::test {
namespace {

std::string write_profile(const std::string& dir, const std::string& name, const std::string& toml) {
  const std::string path = dir + "/" + name + ".toml";
  std::ofstream(path) << toml;
  return path;
}

std::string load_error(const std::string& path) {
  try {
    load_profile(path);
  } catch (const ProfileError& e) {
    return e.what();
  }
  return "";
}

TEST(Profile, ShippedProfilesLoadWithEveryCheck) {
  for (const char* name : {"fr-ants", "icao-9303"}) {
    const Profile p = load_profile(name);
    EXPECT_EQ(p.name, name);
    // Every check, except that ICAO has no planche rule (SPEC: sheet checks are "—" for icao-9303)
    // and fr-ants leaves two review-only checks off: shoulders.square (the French texts say
    // nothing of the shoulders) and photo.noise (its review would mostly be of grainless photos).
    const std::size_t left_off = 2;
    EXPECT_EQ(p.rules.size(), all_checks().size() - left_off) << name;
    EXPECT_EQ(p.sha256.size(), 64u);
    for (const Rule& r : p.rules) {
      EXPECT_FALSE(r.fr.empty() || r.en.empty() || r.reference.empty()) << name << " " << r.check_id;
      EXPECT_FALSE(r.limits.empty()) << name << " " << r.check_id;
    }
  }
  const Profile fr = load_profile("fr-ants");
  const Rule* head = fr.rule("head.height");
  ASSERT_TRUE(head);
  EXPECT_DOUBLE_EQ(*head->limits[0].limit.warn_min, 0.711);  // 32 mm of 45 (service-public F10619)
  EXPECT_DOUBLE_EQ(*head->limits[0].limit.warn_max, 0.800);  // 36 mm of 45
  // Refused only beyond the ratio's own error (0.008 of the height, EVALUATION.md section 23).
  EXPECT_DOUBLE_EQ(*head->limits[0].limit.min, 0.703);
  EXPECT_DOUBLE_EQ(*head->limits[0].limit.max, 0.808);
}

TEST(Profile, ExtendsOverridesOneValueAndKeepsTheRest) {
  const std::string dir = temp_dir("extends");
  const std::string path = write_profile(dir, "studio", R"(
extends = "fr-ants"
name = "studio"
[checks."bg.colour"]
limits.lightness = { min = 50, max = 100 }
[checks."sharp.focus"]
enabled = false
)");
  const Profile child = load_profile(path);
  const Profile parent = load_profile("fr-ants");
  EXPECT_EQ(child.name, "studio");
  EXPECT_EQ(child.rules.size(), parent.rules.size() - 1);
  EXPECT_EQ(child.rule("sharp.focus"), nullptr);
  const Rule* colour = child.rule("bg.colour");
  ASSERT_TRUE(colour);
  EXPECT_EQ(colour->fr, parent.rule("bg.colour")->fr);
  for (const auto& l : colour->limits) {
    if (l.value_name == "lightness") {
      EXPECT_DOUBLE_EQ(*l.limit.max, 100.0);
    }
    if (l.value_name == "chroma") {
      EXPECT_DOUBLE_EQ(*l.limit.max, 30.0);  // inherited
    }
  }
  EXPECT_NE(child.sha256, parent.sha256);
}

TEST(Profile, ErrorsNameTheFileAndTheKey) {
  const std::string dir = temp_dir("errors");
  struct Bad {
    std::string toml, expected_key;
  } cases[] = {
      {"extends = \"fr-ants\"\n[checks.\"head.heigth\"]\nlimits.ratio = { max = 1 }\n", "checks.head.heigth"},
      {"extends = \"fr-ants\"\n[checks.\"head.height\"]\nlimits.ratio = { min = 0.9, max = 0.8 }\n",
       "checks.head.height.limits.ratio"},
      {"extends = \"fr-ants\"\n[checks.\"head.height\"]\nlimits.ratoi = { max = 0.8 }\n",
       "checks.head.height.limits.ratoi"},
      {"[checks.\"pose.roll\"]\nen = \"Upright\"\nreference = \"ISO\"\nlimits.angle = { max = 8 }\n",
       "checks.pose.roll.fr"},
      {"extends = \"fr-ants\"\n[checks.\"pose.roll\"]\nseverity = \"maybe\"\n", "checks.pose.roll.severity"},
      {"extends = \"fr-ants\"\n[checks.\"pose.roll\"\nlimits.angle = 1\n", "line 2"},
      {"extends = \"no-such-parent\"\n", "no-such-parent"},
      {"extends = \"fr-ants\"\n[checks.\"expr.neutral\"]\nnot_judged_when_failed = [\"face.ocllusion\"]\n",
       "checks.expr.neutral.not_judged_when_failed"},
      {"extends = \"fr-ants\"\n[checks.\"expr.neutral\"]\nnot_judged_when_failed = [\"expr.neutral\"]\n",
       "checks.expr.neutral.not_judged_when_failed"},
      {"extends = \"fr-ants\"\n[checks.\"expr.neutral\"]\nnot_judged_when_failed = \"face.occlusion\"\n",
       "checks.expr.neutral.not_judged_when_failed"},
  };
  int i = 0;
  for (const auto& bad : cases) {
    const std::string path = write_profile(dir, "bad" + std::to_string(i++), bad.toml);
    const std::string error = load_error(path);
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_NE(error.find(bad.expected_key), std::string::npos) << error;
  }
}

// A mask hides the mouth: with face.occlusion failing, the expression checks are not judged and
// say why, instead of reading a smile or an open mouth on the cloth; on a bare face they are.
TEST(Profile, CoveredMouthLeavesTheExpressionChecksNotJudged) {
  for (const char* name : {"fr-ants", "icao-9303"}) {
    const PhotoReport masked = checker(name).check_photo(photo("face_mask_below_nose"), std::nullopt, analyser());
    const PhotoReport bare = checker(name).check_photo(photo("compliant"), std::nullopt, analyser());
    auto find = [](const PhotoReport& r, const std::string& id) {
      for (const auto& c : r.checks)
        if (c.id == id) return c;
      ADD_FAILURE() << id << " missing";
      return CheckResult{};
    };
    ASSERT_EQ(find(masked, "face.occlusion").verdict, Verdict::fail) << name;
    for (const char* id : {"expr.mouth_closed", "expr.neutral"}) {
      const CheckResult hidden = find(masked, id);
      EXPECT_EQ(hidden.verdict, Verdict::skipped) << name << " " << id;
      EXPECT_EQ(hidden.measurement.not_measured_reason, "hidden: face.occlusion failed") << id;
      EXPECT_NE(hidden.explanation_fr.find("« visage découvert »"), std::string::npos) << hidden.explanation_fr;
      EXPECT_EQ(find(bare, id).verdict, Verdict::pass) << name << " " << id;
    }
  }
}

// Issue 17: a NaN limit compares false with every value and an infinite one holds every value;
// a profile without checks judges nothing. Each would pass every photo, so each is refused.
TEST(Profile, NonFiniteLimitsAndNoChecksAreRefused) {
  const std::string dir = temp_dir("nonfinite");
  struct Bad {
    std::string toml, expected_key, expected_text;
  } cases[] = {
      {"extends = \"fr-ants\"\n[checks.\"head.height\"]\nlimits.ratio = { min = nan }\n",
       "checks.head.height.limits.ratio.min", "finite"},
      {"extends = \"fr-ants\"\n[checks.\"head.height\"]\nlimits.ratio = { max = inf }\n",
       "checks.head.height.limits.ratio.max", "finite"},
      {"extends = \"fr-ants\"\n[checks.\"pose.roll\"]\nlimits.angle = { warn_max = -inf }\n",
       "checks.pose.roll.limits.angle.warn_max", "finite"},
      {"name = \"empty\"\n", "checks", "no check is enabled"},
  };
  int i = 0;
  for (const auto& bad : cases) {
    const std::string path = write_profile(dir, "bad" + std::to_string(i++), bad.toml);
    const std::string error = load_error(path);
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_NE(error.find(bad.expected_key), std::string::npos) << error;
    EXPECT_NE(error.find(bad.expected_text), std::string::npos) << error;
  }
}

TEST(Profile, ExtendsLoopIsAnError) {
  const std::string dir = temp_dir("loop");
  write_profile(dir, "a", "extends = \"b\"\n");
  const std::string b = write_profile(dir, "b", "extends = \"a\"\n");
  EXPECT_NE(load_error(b).find("loop"), std::string::npos);
}

TEST(Judge, WarnBetweenTheWarnLimitAndTheHardLimit) {
  const Profile profile = load_profile("fr-ants");
  const Rule& rule = *profile.rule("photo.resolution");  // >= 90 fail, < 120 warn
  auto at = [&](double px) {
    Measurement m;
    m.values.push_back({"inter_eye", px, "px"});
    return judge(rule, m).verdict;
  };
  EXPECT_EQ(at(150), Verdict::pass);
  EXPECT_EQ(at(100), Verdict::warn);
  EXPECT_EQ(at(80), Verdict::fail);
}

TEST(Judge, MessagesQuoteTheMeasureInBothLanguages) {
  const Profile profile = load_profile("fr-ants");
  const Rule& rule = *profile.rule("head.height");
  Measurement m;
  m.values.push_back({"ratio", 0.6523456, "ratio"});
  const CheckResult r = judge(rule, m);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(*r.measurement.get("ratio"), 0.6523);  // reported as judged, 4 decimals
  EXPECT_NE(r.message_fr.find("Non conforme"), std::string::npos);
  // In words and units: the ratio of the photo height as a percentage, with its limits (the
  // rule's, then where refusal starts).
  EXPECT_NE(r.message_fr.find("Hauteur du visage, du menton au sommet du crâne : 65,2 % de la hauteur de la photo "
                              "(attendu : de 71,1 à 80 %, refusé sous 70,3 % ou au-dessus de 80,8 %)"),
            std::string::npos)
      << r.message_fr;
  EXPECT_NE(r.message_en.find("65.2% of the photo height (expected: 71.1 to 80%"), std::string::npos) << r.message_en;
  EXPECT_EQ(r.requirement_fr, rule.fr);
  EXPECT_EQ(r.message_fr, "Non conforme : l" + rule.fr.substr(1) + " " + "H" + r.explanation_fr.substr(1) + ".");
  EXPECT_EQ(r.reference, rule.reference);
}

TEST(Judge, UnmeasuredValueIsSkippedNotGuessed) {
  const Profile profile = load_profile("fr-ants");
  const Rule& rule = *profile.rule("head.height");
  const CheckResult r = judge(rule, Measurement::skipped("no face found"));
  EXPECT_EQ(r.verdict, Verdict::skipped);
  EXPECT_NE(r.message_en.find("Not measurable: no face found"), std::string::npos);
  EXPECT_EQ(r.explanation_fr, "non mesurable : aucun visage détecté");
}

}  // namespace
}  // namespace conforme::test
