// Every check on a photo that passes it and on one that fails it (SPEC: "Every check has a unit
// test on a real or generated photo that passes it and one that fails it"). Photos are real
// portraits from tests/data/faces or generated from them by src/synth (see support/fixtures.cpp).
#include <cmath>
#include <set>
#include <stdexcept>
#include <string_view>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "checks/check.hpp"
#include "support/fixtures.hpp"
#include "synth/synth.hpp"

namespace conforme::test {
namespace {

struct Case {
  std::string check;
  std::string photo;  // generated photo name, or "real:<file>"
  Verdict expected;
  std::string profile = "fr-ants";
};

cv::Mat load(const std::string& name) {
  if (name.rfind("data:", 0) == 0) {  // a real photo elsewhere in tests/data, e.g. "data:cast/x.jpg"
    cv::Mat bgr = cv::imread(data_path(name.substr(5)), cv::IMREAD_COLOR);
    if (bgr.empty()) throw std::runtime_error("cannot read tests/data/" + name.substr(5));
    return bgr;
  }
  return name.rfind("real:", 0) == 0 ? real_photo(name.substr(5)) : photo(name);
}

std::string case_name(const testing::TestParamInfo<Case>& info) {
  std::string n = info.param.check + "_" + to_string(info.param.expected) + "_" + info.param.photo + "_" + info.param.profile;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.check << " on " << c.photo << " (" << c.profile << ")"; }

class CheckVerdict : public testing::TestWithParam<Case> {};

TEST_P(CheckVerdict, MatchesTheRule) {
  const Case& c = GetParam();
  const CheckResult r = check_result(load(c.photo), c.check, c.profile);
  std::string values;
  for (const auto& v : r.measurement.values) values += v.name + "=" + std::to_string(v.value) + " ";
  EXPECT_EQ(to_string(r.verdict), std::string(to_string(c.expected)))
      << c.check << " on " << c.photo << ": " << values << r.measurement.not_measured_reason;
}

const Case cases[] = {
    {"photo.aspect", "compliant", Verdict::pass},
    {"photo.aspect", "square", Verdict::fail},
    {"photo.resolution", "compliant", Verdict::pass},
    {"photo.resolution", "low_res", Verdict::fail},
    // Issue 22, image quality faults.
    {"photo.pixelation", "real:congress_C001088.jpg", Verdict::pass},  // native detail, 137 px between the eyes
    {"photo.pixelation", "compliant", Verdict::pass},  // enlarged ~2.4 times from a portrait with ~100 px of detail
    {"photo.pixelation", "data:quality/congress_C001067_d110_bicubic_x2.jpg", Verdict::pass},  // 110 px of detail enlarged 2 times
    {"photo.pixelation", "data:quality/congress_S001184_d110_bilinear_x2.jpg", Verdict::warn},  // 110 px enlarged 2 times (bilinear), read 83: review
    {"photo.pixelation", "data:quality/congress_S001184_d110_bilinear_x2.jpg", Verdict::warn, "icao-9303"},
    {"photo.pixelation", "enlarged_x3", Verdict::fail},
    {"photo.pixelation", "enlarged_nearest_x3", Verdict::fail},
    {"photo.pixelation", "real_enlarged_A000369", Verdict::fail},  // a real enlarged portrait
    {"photo.pixelation", "real_enlarged_A000369", Verdict::fail, "icao-9303"},
    {"photo.dynamic_range", "real:congress_C001088.jpg", Verdict::pass},
    {"photo.dynamic_range", "compliant", Verdict::pass},
    {"photo.dynamic_range", "under_exposed", Verdict::pass},  // dark, not flat: light.exposure's business
    {"photo.dynamic_range", "washed_out", Verdict::fail},
    {"photo.dynamic_range", "low_contrast", Verdict::fail},
    {"photo.dynamic_range", "real_faded_005737", Verdict::fail},  // a real faded print
    {"photo.dynamic_range", "real_faded_005737", Verdict::fail, "icao-9303"},
    // fr-ants leaves photo.noise off (profiles/fr-ants.toml): judged in icao-9303.
    {"photo.noise", "real:congress_C001088.jpg", Verdict::pass, "icao-9303"},  // a studio portrait, smooth skin and backdrop
    {"photo.noise", "compliant", Verdict::pass, "icao-9303"},
    {"photo.noise", "jpeg_q30", Verdict::pass, "icao-9303"},  // coarse JPEG is not grain
    {"photo.noise", "grainy_12", Verdict::warn, "icao-9303"},  // generated
    // Real: a halftone reproduction, its screen of dots over the whole photo (labelled grainy by
    // eye, tests/corpus/print_grain; EVALUATION.md §16.1).
    {"photo.noise", "data:prints/bioguide_004372.jpg", Verdict::warn, "icao-9303"},
    {"face.count", "compliant", Verdict::pass},
    {"face.count", "no_face", Verdict::fail},
    {"face.count", "two_faces", Verdict::fail},
    {"face.count", "person_behind", Verdict::fail},  // a second, smaller face beside the head
    {"head.height", "compliant", Verdict::pass},
    {"head.height", "head_half", Verdict::fail},
    {"head.height", "head_big", Verdict::fail},
    // Real US Congress portraits (tests/corpus/congress225): within the ratio's own error (0.008,
    // EVALUATION.md section 23) outside 71.1-80 % a review, beyond it a refusal.
    {"head.height", "data:../corpus/congress225/images/K000387.jpg", Verdict::warn},  // reads 0.708
    {"head.height", "data:../corpus/congress225/images/C001070.jpg", Verdict::warn},  // reads 0.805
    {"head.height", "data:../corpus/congress225/images/B001233.jpg", Verdict::fail},  // reads 0.696
    {"head.height", "data:../corpus/congress225/images/B001233.jpg", Verdict::warn, "icao-9303"},  // 70 % less 0.008
    {"head.center_x", "compliant", Verdict::pass},
    {"head.center_x", "shift_left", Verdict::fail},
    {"eyes.line", "compliant", Verdict::pass},
    {"eyes.line", "eyes_high", Verdict::fail},
    {"pose.yaw", "compliant_sym", Verdict::pass},
    // Labelled frontal by eye in the corpus (tests/corpus/congress225); reads 8 degrees: inside the
    // review band, where the measurement's own error could explain it.
    {"pose.yaw", "real:congress_C001088.jpg", Verdict::warn},
    {"pose.yaw", "real:congress_L000397.jpg", Verdict::fail},  // labelled turned (corpus) and tilted
    {"pose.pitch", "compliant_sym", Verdict::pass},
    {"pose.pitch", "real:congress_L000397.jpg", Verdict::fail},
    {"pose.roll", "compliant", Verdict::pass},
    {"pose.roll", "roll_4", Verdict::pass},
    {"pose.roll", "roll_12", Verdict::fail},
    {"pose.roll", "real:congress_L000397.jpg", Verdict::fail},
    {"eyes.open", "compliant", Verdict::pass},
    {"eyes.open", "closed_eyes", Verdict::fail},  // the eye-state network; the landmarks still draw open eyes
    // Open eyes narrowed by a smile (US Congress train split, labelled open): aspect ratio 0.121,
    // within the measure's own error of 0.15 (EVALUATION.md §23), so a review and not a refusal.
    {"eyes.open", "real:../eyes/congress225_K000367.jpg", Verdict::warn},
    // Open eyes behind black frames that the eye-state network reads closed (1.00): a review.
    {"eyes.open", "real:congress_C001068.jpg", Verdict::warn},
    {"eyes.open", "real:congress_C001068.jpg", Verdict::warn, "icao-9303"},
    {"expr.mouth_closed", "compliant", Verdict::pass},
    {"expr.mouth_closed", "real:congress_B001243.jpg", Verdict::fail},  // smile with teeth
    {"expr.mouth_closed", "real:congress_D000622.jpg", Verdict::fail},  // teeth (indexed smile_closed)
    {"expr.mouth_closed", "real:congress_F000479.jpg", Verdict::pass},  // goatee: landmarks part, lips touch
    {"expr.mouth_closed", "real:congress_M001160.jpg", Verdict::pass},  // smile with closed lips
    // Lips apart over a line of teeth that the landmarks pass (teeth share 0.0017, gap 0.13): the
    // mouth network reads 0.99 (US Congress test split, labelled "open").
    {"expr.mouth_closed", "real:../../corpus/congress225/images/S000822.jpg", Verdict::fail},
    {"expr.neutral", "compliant", Verdict::pass},
    {"expr.neutral", "real:congress_B001243.jpg", Verdict::fail},
    {"expr.neutral", "real:congress_D000622.jpg", Verdict::fail},  // teeth; corners and width pass
    // A broad smile whose corners, width and teeth the landmarks pass: the expression network
    // rejects it (0.97, reject limit 0.965; test split of the US Congress corpus).
    {"expr.neutral", "real:../../corpus/congress225/images/H000666.jpg", Verdict::fail},
    // A neutral face whose mouth corners read 0.078 eye distances above the lip's centre, over the
    // old limit (0.06) and under the reject limit chosen on labelled neutral faces (0.093; both
    // networks under their review bands): sent to review, no longer refused (EVALUATION.md §18.8).
    {"expr.neutral", "data:expression/congress_J000285.jpg", Verdict::warn},
    {"expr.neutral", "data:expression/congress_J000285.jpg", Verdict::warn, "icao-9303"},
    {"bg.uniform", "compliant", Verdict::pass},
    {"bg.uniform", "busy_bg", Verdict::fail},
    {"bg.uniform", "gradient_bg", Verdict::fail},  // read in the strips along the photo's edges
    {"bg.uniform", "real:congress_B001243.jpg", Verdict::pass},  // long hair reaches the edges below the strips
    {"bg.uniform", "real:skimage_astronaut.png", Verdict::fail},  // labelled busy
    // US Congress test split, backdrops labelled by two people (backdrop_labels.csv): a plain one
    // whose shoulders rise into the background mask (texture 0.91 and spread 113 before the sitter
    // was left out, 0.51 and 22 after), a blue-to-white gradient and a flag.
    {"bg.uniform", "real:../../corpus/congress225/images/B001149.jpg", Verdict::pass},
    {"bg.uniform", "real:../../corpus/congress225/images/E000287.jpg", Verdict::fail},
    {"bg.uniform", "real:../../corpus/congress225/images/W000819.jpg", Verdict::fail},
    {"bg.colour", "compliant", Verdict::pass},
    {"bg.colour", "light_blue_bg", Verdict::pass},
    {"bg.colour", "white_bg", Verdict::fail},
    {"bg.colour", "white_bg", Verdict::pass, "icao-9303"},  // ICAO allows white
    {"bg.colour", "yellow_bg", Verdict::fail},
    {"bg.colour", "dark_bg", Verdict::fail},
    {"light.exposure", "compliant", Verdict::pass},
    {"light.exposure", "over_exposed", Verdict::fail},
    {"light.exposure", "under_exposed", Verdict::fail},
    {"colour.is_colour", "compliant", Verdict::pass},
    {"colour.is_colour", "grey", Verdict::fail},
    {"colour.is_colour", "grey", Verdict::warn, "icao-9303"},  // ICAO: colour preferred only
    {"sharp.focus", "compliant", Verdict::pass},
    {"sharp.focus", "blur_strong", Verdict::fail},
    {"sharp.focus", "motion_blur", Verdict::fail},
    // Real portraits: within the value's own error (15 %, EVALUATION.md section 23) under 60 a
    // review, beyond it a refusal.
    {"sharp.focus", "real:congress_M001160.jpg", Verdict::warn},  // reads 58: sharp, dark skin, 89 px between the eyes
    {"sharp.focus", "real:congress_M001160.jpg", Verdict::warn, "icao-9303"},
    {"sharp.focus", "data:../corpus/congress225/images/R000004.jpg", Verdict::fail},  // reads 32: 225 x 275, soft at print size
    // Issue 22 item 8: moved, not out of focus (a warning in both profiles, EVALUATION.md §17). No
    // real moved face can be stored here (the labelled ones are CelebA's): generated fails only.
    {"photo.motion_blur", "compliant", Verdict::pass},
    {"photo.motion_blur", "real:congress_C001088.jpg", Verdict::pass},
    {"photo.motion_blur", "defocus_disc", Verdict::pass},  // out of focus, in every direction
    {"photo.motion_blur", "motion_blur", Verdict::warn},
    {"photo.motion_blur", "motion_blur_90", Verdict::warn},
    {"photo.motion_blur", "motion_blur_90", Verdict::warn, "icao-9303"},
    {"sharp.focus", "defocus_disc", Verdict::fail},
    // Issue 9. Glasses: fr-ants refuses them; ICAO allows clear ones (a warning) and refuses tints and glare.
    {"glasses", "compliant", Verdict::pass},
    {"glasses", "real:congress_B001243.jpg", Verdict::pass},
    {"glasses", "real:congress_D000622.jpg", Verdict::pass},
    {"glasses", "real:congress_A000369.jpg", Verdict::fail},  // thin metal frames
    {"glasses", "real:congress_C001068.jpg", Verdict::fail},  // thick frames
    {"glasses", "real:matplotlib_grace_hopper.jpg", Verdict::fail},
    {"glasses", "glasses_C001068", Verdict::fail},
    {"glasses", "real:congress_C001068.jpg", Verdict::warn, "icao-9303"},
    {"glasses.tinted", "compliant", Verdict::pass, "icao-9303"},
    {"glasses.tinted", "glasses_C001068", Verdict::pass, "icao-9303"},
    {"glasses.tinted", "real:congress_A000369.jpg", Verdict::pass, "icao-9303"},
    {"glasses.tinted", "tinted_lenses", Verdict::fail, "icao-9303"},
    {"glasses.reflection", "glasses_C001068", Verdict::pass, "icao-9303"},
    {"glasses.reflection", "real:matplotlib_grace_hopper.jpg", Verdict::pass, "icao-9303"},
    {"glasses.reflection", "lens_glare", Verdict::fail, "icao-9303"},
    {"head.covering", "compliant", Verdict::pass},
    {"head.covering", "real:congress_B001243.jpg", Verdict::pass},
    {"head.covering", "real:congress_K000391.jpg", Verdict::pass},
    {"head.covering", "real:congress_W000808.jpg", Verdict::fail},  // hat
    {"head.covering", "real:matplotlib_grace_hopper.jpg", Verdict::fail},  // cap
    {"head.covering", "real:congress_O000173.jpg", Verdict::fail},  // headscarf
    // A hat the forehead band and worn colour both pass (a grey photo: no colour; the brim above
    // the brow): the head-covering network reads 0.96 (US Congress test split, labelled "hat").
    {"head.covering", "real:../../corpus/congress225/images/A000370.jpg", Verdict::fail},
    {"light.face_shadow", "compliant", Verdict::pass},
    {"light.face_shadow", "base_H001046", Verdict::pass},
    {"light.face_shadow", "face_shadow", Verdict::fail},
    {"light.face_shadow", "face_shadow_dark_side", Verdict::fail},
    // 10 % darker on the darker cheek: under the old refusal (0.25) but above 0.21, sent to review
    // (EVALUATION.md §4.2.1).
    {"light.face_shadow", "face_shadow_mild", Verdict::warn},
    {"light.face_shadow", "face_shadow_mild", Verdict::warn, "icao-9303"},
    {"bg.shadow", "compliant", Verdict::pass},
    {"bg.shadow", "light_blue_bg", Verdict::pass},
    {"bg.shadow", "bg_shadow", Verdict::fail},
    // A plain studio backdrop, no cast shadow, its two sides unequally lit beside the head: reads
    // 0.156, refused under the old limit of 0.15; now a review in both profiles (EVALUATION.md §25).
    {"bg.shadow", "real:../backdrop/congress_S001223.jpg", Verdict::warn},
    {"bg.shadow", "real:../backdrop/congress_S001223.jpg", Verdict::warn, "icao-9303"},
    {"eyes.red", "compliant", Verdict::pass},
    {"eyes.red", "real:congress_C001068.jpg", Verdict::pass},
    {"eyes.red", "red_eyes", Verdict::fail},
    // Dark maroon pupils (a* 29, under the fixed a* 32 the check asked until EVALUATION.md §41) on
    // a pale face, and a warm print whose pupils read a* 33-35 with cheeks at 34 (0.101 before §41).
    {"eyes.red", "dark_red_eyes", Verdict::fail},
    {"eyes.red", "real:matplotlib_grace_hopper.jpg", Verdict::pass},
    {"jpeg.quality", "compliant", Verdict::pass},
    {"jpeg.quality", "jpeg_q30", Verdict::fail},
    {"print.marks", "compliant", Verdict::pass},
    {"print.marks", "real:congress_H001046.jpg", Verdict::pass},
    {"print.marks", "fold", Verdict::fail},
    // A real fold: a campaign poster folded once across (tests/corpus/print_defects, labelled fold).
    {"print.marks", "data:prints/bioguide_012027.jpg", Verdict::fail},
    {"face.occlusion", "compliant", Verdict::pass},
    {"face.occlusion", "real:congress_F000479.jpg", Verdict::pass},  // goatee and moustache
    // Full beards hiding the chin on two scanned prints (tests/data/beards): bare faces, once refused
    // as covered (EVALUATION.md §29).
    {"face.occlusion", "data:beards/bio_guide_007431.jpg", Verdict::pass},
    {"face.occlusion", "data:beards/bio_guide_001089.jpg", Verdict::pass},
    {"face.occlusion", "face_mask_below_nose", Verdict::fail},
    {"face.occlusion", "face_mask_white_below_nose", Verdict::fail},
    // Issue 22: colour cast. Real: public-domain member photos of tests/data/cast (PROVENANCE.md).
    {"colour.cast", "compliant", Verdict::pass},
    {"colour.cast", "light_blue_bg", Verdict::pass},
    {"colour.cast", "data:cast/bio_guide_029930.jpg", Verdict::pass},  // natural colour, dark skin
    {"colour.cast", "data:cast/bio_guide_021955.jpg", Verdict::pass},  // natural colour, dark skin
    {"colour.cast", "data:cast/bio_guide_009893_sepia.jpg", Verdict::fail},
    {"colour.cast", "data:cast/bio_guide_010606_blue_toned.jpg", Verdict::fail},
    {"colour.cast", "cast_tungsten", Verdict::fail},
    {"colour.cast", "cast_green", Verdict::fail},
    {"colour.cast", "sepia", Verdict::fail},
    {"colour.cast", "over_saturated", Verdict::fail},
    {"colour.cast", "cast_green", Verdict::fail, "icao-9303"},
    // Issue 22: flash hot spots on the skin, judged at warn severity (no real photo shows one).
    {"light.hot_spots", "compliant", Verdict::pass},
    {"light.hot_spots", "real:congress_B001243.jpg", Verdict::pass},  // studio key light, slight shine
    // Labelled "shine" (tests/corpus/congress225/hot_spots_labels.csv): forehead and scalp shine.
    {"light.hot_spots", "real:../../corpus/congress225/images/J000070.jpg", Verdict::pass},
    // Scanned prints labelled blind by two labellers (tests/corpus/hot_spots): a forehead blown to a
    // near-white patch (hot_spot by both), and a gentle sheen with the skin's tone kept (sheen by both).
    {"light.hot_spots", "data:hot_spots/bio_guide_010768.jpg", Verdict::warn},
    {"light.hot_spots", "data:hot_spots/bio_guide_010768.jpg", Verdict::warn, "icao-9303"},
    {"light.hot_spots", "data:hot_spots/bio_guide_029745.jpg", Verdict::pass},
    {"light.hot_spots", "hot_spot_forehead", Verdict::warn},
    {"light.hot_spots", "hot_spot_forehead", Verdict::warn, "icao-9303"},
    // Issue 22: framing margins. Real: public-domain member photos of tests/data/framing (PROVENANCE.md).
    {"head.top_margin", "compliant", Verdict::pass},
    {"head.top_margin", "data:framing/bio_guide_005267.jpg", Verdict::pass},
    {"head.top_margin", "real:congress_C001088.jpg", Verdict::pass},
    {"head.top_margin", "data:framing/bio_guide_007229_hair_cut.jpg", Verdict::fail},
    {"head.top_margin", "data:framing/bio_guide_001496_head_cut.jpg", Verdict::fail},
    {"head.top_margin", "data:framing/bio_guide_007229_hair_cut.jpg", Verdict::fail, "icao-9303"},
    {"head.top_margin", "hair_cut_top", Verdict::fail},
    {"head.side_margin", "compliant", Verdict::pass},
    {"head.side_margin", "real:congress_C001088.jpg", Verdict::pass},
    {"head.side_margin", "data:framing/bio_guide_005267.jpg", Verdict::pass},
    {"head.side_margin", "real:congress_L000397.jpg", Verdict::warn},
    {"head.side_margin", "data:framing/bio_guide_000938_face_at_left_edge.jpg", Verdict::warn},
    {"head.side_margin", "head_cut_side", Verdict::warn},
    {"head.side_margin", "head_cut_side", Verdict::warn, "icao-9303"},
    // Issue 22, gaze: judged at warn severity (EVALUATION.md §13), so a glance aside is a warning.
    {"eyes.gaze", "compliant", Verdict::pass},
    {"eyes.gaze", "real:congress_C001088.jpg", Verdict::pass},
    {"eyes.gaze", "data:gaze/bio_guide_002989_looking_away.jpg", Verdict::warn},  // labelled "away" by eye
    {"eyes.gaze", "data:gaze/bio_guide_002989_looking_away.jpg", Verdict::warn, "icao-9303"},
    {"eyes.gaze", "gaze_aside", Verdict::warn},
    // Issue 22, hair over the eyes: judged at warn severity (EVALUATION.md §14.2). No public-domain
    // photo with hair over an eye was found (1,500 Biographical Directory photos searched), so the
    // failing case is a lock drawn over the compliant photo's eye.
    {"eyes.hair", "compliant", Verdict::pass},
    {"eyes.hair", "real:congress_C001088.jpg", Verdict::pass},
    {"eyes.hair", "hair_over_eye", Verdict::warn},
    {"eyes.hair", "hair_over_eye", Verdict::warn, "icao-9303"},
    // Issue 22 item 5, heavy frames: measured only where frames are found, judged at warn severity
    // (EVALUATION.md §14.3). Labelled by eye (tests/corpus/glasses_frames): fine, thin metal rims
    // (US Congress test split, committed) and heavy plastic frames (the same split and the shared portraits).
    {"glasses.frame", "compliant", Verdict::pass, "icao-9303"},  // no glasses: nothing measured, 0
    {"glasses.frame", "real:../../corpus/congress225/images/B001234.jpg", Verdict::pass, "icao-9303"},
    {"glasses.frame", "real:../../corpus/congress225/images/C001082.jpg", Verdict::pass, "icao-9303"},
    {"glasses.frame", "real:../../corpus/congress225/images/F000339.jpg", Verdict::warn, "icao-9303"},
    {"glasses.frame", "real:../../corpus/congress225/images/H001064.jpg", Verdict::warn, "icao-9303"},
    {"glasses.frame", "real:matplotlib_grace_hopper.jpg", Verdict::warn, "icao-9303"},
    {"glasses.frame", "real:../../corpus/congress225/images/F000339.jpg", Verdict::warn},
    // Issue 22, shoulders: judged at warn severity (EVALUATION.md §14.1); US Congress test-split
    // portraits labelled by eye (tests/corpus/shoulders).
    // fr-ants leaves it off (the French texts say nothing of the shoulders).
    {"shoulders.square", "real:../../corpus/congress225/images/B001066.jpg", Verdict::pass, "icao-9303"},  // square
    {"shoulders.square", "real:../../corpus/congress225/images/R000590.jpg", Verdict::pass, "icao-9303"},
    {"shoulders.square", "real:../../corpus/congress225/images/M000472.jpg", Verdict::warn, "icao-9303"},  // turned
    {"shoulders.square", "real:../../corpus/congress225/images/J000255.jpg", Verdict::warn, "icao-9303"},
    // Issue 22 item 8, posterization (EVALUATION.md §22): a native portrait and its copy at 16 levels
    // per channel (tests/data/quality/PROVENANCE.md; no real posterized photo at hand).
    {"photo.posterization", "real:congress_C001088.jpg", Verdict::pass},
    {"photo.posterization", "real:congress_F000479.jpg", Verdict::pass, "icao-9303"},
    // A review, not a refusal, in both profiles (severity warn).
    {"photo.posterization", "data:quality/congress_C001088_16_levels_q85.jpg", Verdict::warn},
    {"photo.posterization", "data:quality/congress_C001088_16_levels_q85.jpg", Verdict::warn, "icao-9303"},
};

INSTANTIATE_TEST_SUITE_P(Photos, CheckVerdict, testing::ValuesIn(cases), case_name);

TEST(CheckCoverage, EveryRegisteredCheckHasAPassAndAFailCase) {
  for (const Check& check : all_checks()) {
    bool pass = false, fail = false;
    for (const Case& c : cases) {
      if (c.check != check.id) continue;
      pass |= c.expected == Verdict::pass;
      fail |= c.expected == Verdict::fail;
    }
    // Judged at warn severity in every profile, their real evidence short of a refusal (EVALUATION.md
    // §8.3, §13, §14, §16, §17, §22, §27): their failing cases are warnings.
    static const std::set<std::string_view> warn_only{"light.hot_spots", "eyes.gaze", "eyes.hair", "glasses.frame",
                                                 "shoulders.square", "photo.noise", "photo.motion_blur",
                                                 "photo.posterization", "head.side_margin"};
    if (warn_only.count(check.id))
      for (const Case& c : cases) fail |= c.check == check.id && c.expected == Verdict::warn;
    // Judged on planches and resolutions, passing and failing, in tests/cli/planche_test.cpp.
    if (check.id == "photo.size_mm" || check.id == "sheet.uncut" || check.id == "sheet.copies_identical")
      pass = fail = true;
    EXPECT_TRUE(pass && fail) << check.id << " lacks a passing or a failing photo";
  }
}

// Values, not only verdicts: the generated geometry is known.
TEST(CheckValues, RollMeasuresTheGeneratedTilt) {
  const FaceContext upright = context(photo("compliant"));
  const FaceContext tilted = context(photo("roll_12"));
  ASSERT_TRUE(upright.face.has_value() && tilted.face.has_value());
  EXPECT_NEAR(tilted.face->pose.roll_deg - upright.face->pose.roll_deg, 12.0, 1.5);
}

TEST(CheckValues, HeadHeightHalvesWithTheHead) {
  const auto full = check_result(photo("compliant"), "head.height").measurement.get("ratio");
  const auto half = check_result(photo("head_half"), "head.height").measurement.get("ratio");
  ASSERT_TRUE(full && half);
  EXPECT_NEAR(*full, 0.75, 0.03);  // generated at 0.75
  EXPECT_NEAR(*half / *full, 0.5, 0.04);
}

// Teeth show only between parted lips: about 0 on closed mouths, with or without a moustache,
// lipstick or a smile, and over 0.03 squared mouth widths on the toothy smiles (issue 6).
TEST(CheckValues, TeethShareSeesTeethNotLipsOrBeard) {
  auto teeth = [](const cv::Mat& bgr) {
    return *check_result(bgr, "expr.mouth_closed").measurement.get("teeth_share");
  };
  EXPECT_LT(teeth(photo("compliant")), 0.005);
  EXPECT_LT(teeth(real_photo("congress_F000479.jpg")), 0.005);  // goatee and moustache
  EXPECT_LT(teeth(real_photo("congress_M001160.jpg")), 0.005);  // lipstick, closed smile
  EXPECT_GT(teeth(real_photo("congress_B001243.jpg")), 0.03);
  EXPECT_GT(teeth(real_photo("congress_D000622.jpg")), 0.03);
}

// Face masks drawn (synth::face_mask) on every real portrait of tests/data/faces and on the two
// full beards of tests/data/beards: face.occlusion passes each bare face, and each masked one (a
// blue mask over the nose, a white one below it) is refused, by face.occlusion when the face is
// still found, else by face.count (dlib's detector misses most masked faces, EVALUATION.md §7).
// The occlusion network learnt that a beard is not a mask from archive prints (§29); a mask over
// a beard must still be one.
TEST(CheckValues, MasksDrawnOnRealFacesAreRefusedBeardOrNot) {
  std::vector<std::pair<std::string, cv::Mat>> faces;
  for (const auto& name : real_photo_names()) faces.emplace_back(name, real_photo(name));
  for (const char* name : {"beards/bio_guide_007431.jpg", "beards/bio_guide_001089.jpg"})
    faces.emplace_back(name, cv::imread(data_path(name), cv::IMREAD_COLOR));
  int masks = 0, judged = 0;
  for (const auto& [name, bgr] : faces) {
    const FaceContext ctx = context(bgr);
    if (!ctx.face) continue;  // no single face found: nothing to mask
    const CheckResult bare = check_result(bgr, "face.occlusion");
    EXPECT_EQ(bare.verdict, Verdict::pass) << name << ": " << *bare.measurement.get("net_probability");
    for (const auto& [colour, top] : {std::pair{cv::Scalar(228, 196, 150), 29}, std::pair{cv::Scalar(245, 245, 245), 33}}) {
      const cv::Mat masked = synth::face_mask(bgr, ctx, colour, top);
      const CheckResult r = check_result(masked, "face.occlusion");
      ++masks;
      if (r.measurement.get("net_probability")) {
        ++judged;
        EXPECT_EQ(r.verdict, Verdict::fail) << name << " masked from landmark " << top << ": "
                                            << *r.measurement.get("net_probability");
      } else {
        EXPECT_EQ(check_result(masked, "face.count").verdict, Verdict::fail) << name << " masked from landmark " << top;
      }
    }
  }
  RecordProperty("masks", masks);
  RecordProperty("judged_by_the_network", judged);
  EXPECT_GE(masks, 2 * 14);  // the shared portraits with a face found and both beards
  EXPECT_GE(judged, masks / 2) << "too few masked faces found for the network to judge";
}

// A flash hot spot drawn on a real face: the largest spot grows with its size and its
// intensity, and a sheen that never clips stays under the profiles' limit.
TEST(CheckValues, HotSpotGrowsWithTheGeneratedGlare) {
  const cv::Mat face = photo("compliant");
  const FaceContext ctx = context(face);
  auto largest = [&](synth::SkinSpot where, double size, double intensity) {
    return *check_result(synth::hot_spot(face, ctx, where, size, intensity), "light.hot_spots").measurement.get("largest_spot");
  };
  const double none = *check_result(face, "light.hot_spots").measurement.get("largest_spot");
  const double sheen = largest(synth::SkinSpot::forehead, 0.4, 0.35);
  const double small = largest(synth::SkinSpot::forehead, 0.2, 1.6);
  const double large = largest(synth::SkinSpot::forehead, 0.4, 1.6);
  const double brighter = largest(synth::SkinSpot::forehead, 0.4, 3.0);
  EXPECT_LT(none, 0.002);
  EXPECT_LT(sheen, 0.005);
  EXPECT_GT(small, 0.003);
  EXPECT_GT(large, 2.5 * small);  // four times the area
  EXPECT_GT(brighter, 1.2 * large);
  EXPECT_GT(largest(synth::SkinSpot::nose, 0.3, 1.6), 0.005);
  EXPECT_GT(largest(synth::SkinSpot::cheek, 0.3, 1.6), 0.005);
}

// The compliant photo cropped at the top step by step (synth::crop_top): the backdrop above the
// hair shrinks by as much as is cropped, then reads 0 once the hair reaches the edge.
// The shoulder lines' height difference: near 0 on a portrait labelled square, over an
// inter-eye distance on one labelled turned (US Congress test split), and the same on the
// mirrored photo (the measure does not depend on which shoulder is the lower one).
TEST(CheckValues, ShoulderDropGrowsWithTheTurn) {
  // icao-9303: fr-ants leaves shoulders.square off.
  auto drop = [](const cv::Mat& bgr) { return measured(bgr, "shoulders.square", "drop", "icao-9303"); };
  const cv::Mat square = real_photo("../../corpus/congress225/images/B001066.jpg");
  const cv::Mat turned = real_photo("../../corpus/congress225/images/M000472.jpg");
  const double flat = drop(square), turn = drop(turned);
  EXPECT_LT(flat, 0.2);
  EXPECT_GT(turn, 1.0);
  cv::Mat mirrored;
  cv::flip(turned, mirrored, 1);
  EXPECT_NEAR(drop(mirrored), turn, 0.15);
  // Cut just below the chin, no shoulder is left to compare.
  const FaceContext ctx = context(square);
  ASSERT_TRUE(ctx.face.has_value());
  const int chin = cvRound(ctx.face->chin.y + 0.1 * ctx.face->inter_eye_px);
  const CheckResult cut =
      check_result(square(cv::Rect(0, 0, square.cols, chin)).clone(), "shoulders.square", "icao-9303");
  EXPECT_FALSE(cut.measurement.not_measured_reason.empty());
}

TEST(CheckValues, TopMarginShrinksWithTheCrop) {
  const cv::Mat c = photo("compliant");
  auto margin = [&](double cropped) { return measured(synth::crop_top(c, cropped), "head.top_margin", "ratio"); };
  const double whole = margin(0.0), less_2 = margin(0.02), less_4 = margin(0.04);
  EXPECT_GT(whole, 0.04);
  EXPECT_NEAR(whole - less_2, 0.02, 0.005);
  EXPECT_NEAR(whole - less_4, 0.04, 0.005);
  EXPECT_EQ(margin(whole + 0.01), 0.0);  // the hair's top cut off
  EXPECT_EQ(margin(whole + 0.04), 0.0);
  // In millimetres at 600 dpi: the same gap on a 45 mm photo.
  const auto mm = check_result(c, "head.top_margin", "fr-ants", 600.0).measurement.get("gap_mm");
  ASSERT_TRUE(mm.has_value());
  EXPECT_NEAR(*mm, whole * 45.0, 0.2);
}

// The compliant photo moved sideways step by step (synth::crop_side): the backdrop beside the
// head on the side it moves to shrinks by as much as is cut, the other side's grows by as much,
// and the nearer side reads 0 once the hair reaches the edge.
TEST(CheckValues, SideMarginShrinksWithTheCut) {
  const cv::Mat c = photo("compliant");
  auto side = [&](double cut, const char* value) { return measured(synth::crop_side(c, cut), "head.side_margin", value); };
  const double left = side(0.0, "left_ratio"), right = side(0.0, "right_ratio");
  EXPECT_GT(std::min(left, right), 0.05);  // 0.16 and 0.07: the sitter's hair is fuller on the image right
  EXPECT_NEAR(left - side(0.04, "left_ratio"), 0.04, 0.01);
  EXPECT_NEAR(side(0.04, "right_ratio") - right, 0.04, 0.01);
  EXPECT_NEAR(right - side(-0.04, "right_ratio"), 0.04, 0.01);
  EXPECT_EQ(side(left + 0.01, "left_ratio"), 0.0);  // the hair cut by the left edge
  EXPECT_EQ(side(left + 0.01, "ratio"), 0.0);
  EXPECT_EQ(side(-(right + 0.01), "right_ratio"), 0.0);
  // In millimetres at 600 dpi: the same gap on a 35 mm wide photo.
  const auto mm = check_result(c, "head.side_margin", "fr-ants", 600.0).measurement.get("gap_mm");
  ASSERT_TRUE(mm.has_value());
  EXPECT_NEAR(*mm, std::min(left, right) * 35.0, 0.2);
}

// Both irises slid along the eye by a known share of its width (synth::gaze_aside): the offset
// eyes.gaze reads moves with the slide, in its direction, from the compliant photo's own.
TEST(CheckValues, GazeOffsetFollowsTheIris) {
  const cv::Mat c = photo("compliant");
  const FaceContext ctx = context(c);
  auto offset = [&](double shift) { return measured(synth::gaze_aside(c, ctx, shift), "eyes.gaze", "offset"); };
  const double still = offset(0.0), right = offset(0.2), left = offset(-0.2);
  EXPECT_LT(std::abs(still), 0.12);  // at the camera: well inside the profiles' ±0.19 (it reads 0.07)
  EXPECT_NEAR(right - still, 0.2, 0.07);
  EXPECT_NEAR(still - left, 0.2, 0.07);
  EXPECT_GT(offset(0.3), right);
}

// A lock of hair drawn over the eye on the image left (synth::hair_over_eye), thicker and
// thicker: the covered share eyes.hair reads grows with it, on that eye only, from the compliant
// photo's own (about 0) past the profiles' 0.4.
TEST(CheckValues, HairShareGrowsWithTheLockOverTheEye) {
  const cv::Mat c = photo("compliant");
  const FaceContext ctx = context(c);
  auto share = [&](double density, const char* value = "covered_share") {
    return measured(density > 0 ? synth::hair_over_eye(c, ctx, density) : c, "eyes.hair", value);
  };
  const double none = share(0.0), thin = share(0.15), half = share(0.4), thick = share(0.8);
  EXPECT_LT(none, 0.1);
  EXPECT_GT(thin, none);
  EXPECT_GT(half, thin + 0.1);
  EXPECT_GT(thick, 0.4);
  EXPECT_GE(thick, half);
  EXPECT_LT(share(0.8, "right_share"), 0.1);  // the other eye stays clear
  // Real portraits with their eyes clear read under the limit.
  for (const char* name : {"congress_C001088.jpg", "congress_F000479.jpg", "congress_M001160.jpg"})
    EXPECT_LT(measured(real_photo(name), "eyes.hair", "covered_share"), 0.4) << name;
}

// A dark band drawn below each eye of a portrait with thin metal frames, where a lens's lower rim
// runs: the frames' ink glasses.frame reads grows with the band's width, from the thin rims' own
// (under the profiles' 0.0105) to past it.
TEST(CheckValues, FrameInkGrowsWithTheRimWidth) {
  const cv::Mat thin = real_photo("../../corpus/congress225/images/B001234.jpg");
  const FaceContext ctx = context(thin);
  ASSERT_TRUE(ctx.face.has_value());
  const Face& f = *ctx.face;
  auto ink = [&](double width) {
    cv::Mat drawn = thin.clone();
    for (const cv::Point2f& eye : {f.eye_left, f.eye_right}) {
      const double u = f.inter_eye_px;
      const cv::Point2d a(eye.x - 0.3 * u, eye.y + 0.35 * u), b(eye.x + 0.3 * u, eye.y + (0.35 + width) * u);
      cv::rectangle(drawn, cv::Rect(cv::Point(cvRound(a.x), cvRound(a.y)), cv::Point(cvRound(b.x), cvRound(b.y))),
                    cv::Scalar(35, 30, 40), cv::FILLED);
    }
    return measured(drawn, "glasses.frame", "rim_ink", "icao-9303");
  };
  const double own = measured(thin, "glasses.frame", "rim_ink", "icao-9303");
  const double w2 = ink(0.02), w4 = ink(0.04), w6 = ink(0.06);
  EXPECT_LT(own, 0.0105);
  EXPECT_GT(w4, w2);
  EXPECT_GT(w6, w4);
  EXPECT_GT(w4, 0.0105);
}

TEST(CheckValues, WhiteBackgroundIsMeasuredWhite) {
  const CheckResult r = check_result(photo("white_bg"), "bg.colour");
  EXPECT_GT(*r.measurement.get("lightness"), 97.0);
  EXPECT_LT(*r.measurement.get("chroma"), 2.0);
}

TEST(CheckValues, MillimetresOnlyWithAKnownResolution) {
  const cv::Mat c = photo("compliant");
  EXPECT_FALSE(check_result(c, "head.height").measurement.get("height_mm").has_value());
  const auto mm = check_result(c, "head.height", "fr-ants", 600.0).measurement.get("height_mm");
  ASSERT_TRUE(mm.has_value());
  EXPECT_NEAR(*mm, 0.75 * 45.0, 1.5);  // 827 x 1063 px at 600 dpi is 35 x 45 mm
}

// No public-domain portrait here has closed eyes, and eyes closed by warping the lids fool the
// landmark model's shape prior (it still draws open eyes, EAR 0.28). The failing case is therefore
// the compliant photo's own landmarks with each eye's lids brought together, as a closed eye's are.
TEST(CheckValues, EyesOpenFailsWhenTheLidsMeet) {
  FaceContext ctx = context(photo("compliant"));
  ASSERT_TRUE(ctx.face.has_value());
  const Check* check = find_check("eyes.open");
  const Rule* rule = checker().profile().rule("eyes.open");
  EXPECT_EQ(judge(*rule, run_check(*check, ctx)).verdict, Verdict::pass);
  for (int first : {36, 42}) {
    auto& p = ctx.face->landmarks;
    for (auto [upper, lower] : {std::pair{first + 1, first + 5}, std::pair{first + 2, first + 4}}) {
      const cv::Point2f lid_line = (p[upper] + p[lower]) * 0.5f;
      p[upper] = lid_line + cv::Point2f(0, -0.5f);
      p[lower] = lid_line + cv::Point2f(0, 0.5f);
    }
  }
  const CheckResult closed = judge(*rule, run_check(*check, ctx));
  EXPECT_EQ(closed.verdict, Verdict::fail);
  EXPECT_LT(*closed.measurement.get("min_ear"), 0.05);
}

TEST(CheckSkipping, FaceChecksAreSkippedWithTheReasonWhenNoFace) {
  const PhotoReport r = checker().check_photo(photo("no_face"), std::nullopt, analyser());
  for (const auto& c : r.checks) {
    const Check* check = find_check(c.id);
    if (check->needs == Needs::single_face) {
      EXPECT_EQ(c.verdict, Verdict::skipped) << c.id;
      EXPECT_EQ(c.measurement.not_measured_reason, "no face found") << c.id;
    }
  }
  EXPECT_EQ(r.status, PhotoStatus::fail);
}

}  // namespace
}  // namespace conforme::test
