// The drawings (--annotate, the review page's thumbnails) on generated photos: the background
// keeps its true colour, the profile's bands are drawn where its limits put them, every face
// found gets a box, and the failed checks are listed beside the photo, not over it.
#include <algorithm>

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "evidence/detail_band.hpp"
#include "report/annotate.hpp"
#include "support/fixtures.hpp"
#include "synth/synth.hpp"

namespace conforme {
namespace {

struct Drawn {
  cv::Mat photo;
  FaceContext ctx;
  PhotoReport report;
  cv::Mat drawing;
};

Drawn draw(const cv::Mat& photo, const std::string& profile = "fr-ants") {
  Drawn d;
  d.photo = photo;
  d.report = test::checker(profile).check_photo(d.photo, std::nullopt, test::analyser(), &d.ctx);
  d.drawing = annotate(d.ctx, d.report);
  return d;
}

Drawn draw(const std::string& name, const std::string& profile = "fr-ants") { return draw(test::photo(name), profile); }

const CheckResult& result(const PhotoReport& r, const std::string& id) {
  for (const auto& c : r.checks)
    if (c.id == id) return c;
  throw std::runtime_error("no check " + id);
}

// Pixels of the photo part of the drawing that differ from the photo.
cv::Mat changed(const Drawn& d) {
  cv::Mat diff;
  cv::absdiff(d.drawing(cv::Rect(0, 0, d.photo.cols, d.photo.rows)), d.photo, diff);
  cv::Mat grey;
  cv::cvtColor(diff, grey, cv::COLOR_BGR2GRAY);
  return grey > 0;
}

// The pixels of the drawing's photo part within [lo, hi] (BGR) that the drawing changed: what was
// drawn in that colour, not the photo's own.
std::vector<cv::Point> drawn_in(const Drawn& d, const cv::Scalar& lo, const cv::Scalar& hi) {
  cv::Mat mask;
  cv::inRange(d.drawing(cv::Rect(0, 0, d.photo.cols, d.photo.rows)), lo, hi, mask);
  std::vector<cv::Point> at;
  cv::findNonZero(mask & changed(d), at);
  return at;
}

TEST(Annotate, WhiteBackgroundStaysWhiteInsideItsOutline) {
  const Drawn d = draw("white_bg");
  ASSERT_TRUE(d.ctx.face.has_value());
  ASSERT_EQ(result(d.report, "bg.colour").verdict, Verdict::fail);  // the verdict the drawing illustrates
  // Inside the outline, away from it, only the band and measurement lines may change pixels.
  cv::Mat inside;
  cv::erode(d.ctx.face->background_mask, inside, cv::getStructuringElement(cv::MORPH_RECT, {9, 9}));
  const double region = cv::countNonZero(inside);
  ASSERT_GT(region, 0.02 * d.photo.total());
  cv::Mat touched = changed(d) & inside;
  EXPECT_LT(cv::countNonZero(touched) / region, 0.10);
  // The untouched background pixels are the photo's own: white, not tinted.
  const cv::Scalar mean_bg = cv::mean(d.drawing(cv::Rect(0, 0, d.photo.cols, d.photo.rows)), inside & ~changed(d));
  for (int ch = 0; ch < 3; ++ch) EXPECT_GT(mean_bg[ch], 245.0) << "channel " << ch;
  EXPECT_LT(std::abs(mean_bg[0] - mean_bg[2]), 3.0);  // no blue cast
  // The outline is drawn: magenta pixels along the mask's edge.
  cv::Mat magenta;
  cv::inRange(d.drawing(cv::Rect(0, 0, d.photo.cols, d.photo.rows)), cv::Scalar(200, 0, 200), cv::Scalar(255, 80, 255), magenta);
  EXPECT_GT(cv::countNonZero(magenta), d.photo.rows / 2);
}

// The dashed band lines lie on the rows and columns the profile's limits give, for both profiles.
void expect_bands(const std::string& profile) {
  const Drawn d = draw("compliant", profile);
  ASSERT_TRUE(d.ctx.face.has_value());
  const AllowedBands bands = allowed_bands(d.ctx, d.report);
  ASSERT_TRUE(bands.eye_rows && bands.centre_columns && bands.crown_rows);
  const double h = d.photo.rows, w = d.photo.cols;
  const Limit eye = result(d.report, "eyes.line").limits.at(0).limit;
  EXPECT_NEAR(bands.eye_rows->from, h * (1 - *eye.max), 1e-9);
  EXPECT_NEAR(bands.eye_rows->to, h * (1 - *eye.min), 1e-9);
  const Limit centre = result(d.report, "head.center_x").limits.at(0).limit;
  EXPECT_NEAR(bands.centre_columns->from, w * *centre.min, 1e-9);
  // The top of the skull's band is the rule's (32-36 mm), inside head.height's review band.
  const Limit head = result(d.report, "head.height").limits.at(0).limit;
  ASSERT_TRUE(head.warn_min && head.warn_max);
  EXPECT_NEAR(bands.crown_rows->from, d.ctx.face->chin.y - h * *head.warn_max, 1e-9);
  EXPECT_NEAR(bands.crown_rows->to, d.ctx.face->chin.y - h * *head.warn_min, 1e-9);
  // Yellow dashes on the eye band's rows, cyan ones on the centring band's columns.
  const cv::Mat photo_part = d.drawing(cv::Rect(0, 0, d.photo.cols, d.photo.rows));
  auto coloured_on_row = [&](int y, cv::Scalar lo, cv::Scalar hi) {
    cv::Mat hit;
    cv::inRange(photo_part.row(y), lo, hi, hit);
    return cv::countNonZero(hit) / w;
  };
  for (const double y : {bands.eye_rows->from, bands.eye_rows->to})
    EXPECT_GT(coloured_on_row(cvRound(y), cv::Scalar(0, 180, 220), cv::Scalar(60, 240, 255)), 0.3) << profile << " row " << y;
  cv::Mat column_hit;
  cv::inRange(photo_part.col(cvRound(bands.centre_columns->to)), cv::Scalar(220, 220, 0), cv::Scalar(255, 255, 60), column_hit);
  EXPECT_GT(cv::countNonZero(column_hit) / h, 0.3) << profile;
  // A row half-way between the band's lines, away from the eyes, carries no yellow.
  const int between = cvRound((bands.eye_rows->from + bands.eye_rows->to) / 2 + 0.2 * (bands.eye_rows->to - bands.eye_rows->from));
  EXPECT_LT(coloured_on_row(between, cv::Scalar(0, 180, 220), cv::Scalar(60, 240, 255)), 0.05);
}

TEST(Annotate, BandsAtTheRowsTheFrenchProfileGives) { expect_bands("fr-ants"); }
TEST(Annotate, BandsAtTheRowsTheIcaoProfileGives) { expect_bands("icao-9303"); }

TEST(Annotate, ProfilesWithOtherLimitsDrawOtherBands) {
  const Drawn fr = draw("compliant", "fr-ants"), icao = draw("compliant", "icao-9303");
  const auto a = allowed_bands(fr.ctx, fr.report), b = allowed_bands(icao.ctx, icao.report);
  // head.height: the rule's 0.711..0.80 (fr-ants) against 0.70..0.80 (icao-9303), both inside their review
  // bands: the crown band's lower line moves.
  EXPECT_GT(std::abs(a.crown_rows->to - b.crown_rows->to), 0.005 * fr.photo.rows);
}

TEST(Annotate, EveryFaceFoundGetsABox) {
  const Drawn d = draw("two_faces");
  ASSERT_EQ(d.ctx.face_count, 2);
  ASSERT_EQ(d.ctx.face_boxes.size(), 2u);
  const cv::Mat photo_part = d.drawing(cv::Rect(0, 0, d.photo.cols, d.photo.rows));
  for (const auto& box : d.ctx.face_boxes) {
    // The box's top edge is green along most of its length.
    const int y = std::clamp(cvRound(box.y), 0, d.photo.rows - 1);
    const int x0 = std::max(0, cvRound(box.x)), x1 = std::min(d.photo.cols, cvRound(box.x + box.width));
    cv::Mat hit;
    cv::inRange(photo_part(cv::Rect(x0, y, x1 - x0, 1)), cv::Scalar(0, 150, 0), cv::Scalar(60, 230, 60), hit);
    EXPECT_GT(cv::countNonZero(hit), 0.7 * (x1 - x0)) << "box at " << box.x << "," << box.y;
  }
}

TEST(Annotate, FailedChecksListedBesideThePhotoNotOverIt) {
  const Drawn d = draw("white_bg");
  EXPECT_EQ(d.drawing.rows, d.photo.rows);
  EXPECT_GT(d.drawing.cols, d.photo.cols + d.photo.cols / 2);  // a panel beside the photo
  // On the photo, only thin lines: a few percent of its pixels change (text or a tint would
  // change far more).
  EXPECT_LT(cv::countNonZero(changed(d)), 0.08 * d.photo.total());
  // The panel holds dark text (legend and list) on white.
  const cv::Mat panel = d.drawing(cv::Rect(d.photo.cols + 2, 0, d.drawing.cols - d.photo.cols - 2, d.drawing.rows));
  cv::Mat grey, ink;
  cv::cvtColor(panel, grey, cv::COLOR_BGR2GRAY);
  cv::threshold(grey, ink, 160, 255, cv::THRESH_BINARY_INV);
  EXPECT_GT(cv::countNonZero(ink), 500);
  // More lines of text with a failed check listed: a compliant photo's panel has less ink.
  const Drawn ok = draw("compliant");
  const cv::Mat ok_panel = ok.drawing(cv::Rect(ok.photo.cols + 2, 0, ok.drawing.cols - ok.photo.cols - 2, ok.drawing.rows));
  cv::Mat ok_grey, ok_ink;
  cv::cvtColor(ok_panel, ok_grey, cv::COLOR_BGR2GRAY);
  cv::threshold(ok_grey, ok_ink, 160, 255, cv::THRESH_BINARY_INV);
  EXPECT_GT(cv::countNonZero(ink), cv::countNonZero(ok_ink));
}

// The panel speaks the reviewer's language: the same photo drawn in French and in English has the
// same photo part and a different panel (check titles and explanations from the report).
TEST(Annotate, PanelIsWrittenInTheLanguageAsked) {
  Drawn d = draw("white_bg");
  const cv::Mat english = annotate(d.ctx, d.report, false);
  const cv::Rect photo(0, 0, d.photo.cols, d.photo.rows);
  EXPECT_EQ(cv::norm(english(photo), d.drawing(photo), cv::NORM_INF), 0);
  const int w = std::min(english.cols, d.drawing.cols) - d.photo.cols - 2;
  const int h = std::min(english.rows, d.drawing.rows);
  const cv::Rect panel(d.photo.cols + 2, 0, w, h);
  cv::Mat diff;
  cv::absdiff(english(panel), d.drawing(panel), diff);
  EXPECT_GT(cv::countNonZero(diff.reshape(1) > 64), 200);
}

// The lower face the occlusion network found covered is outlined in purple (BGR 180, 0, 120)
// around the mouth, below the nose and above the chin; a bare face gets no such outline.
TEST(Annotate, CoveredLowerFaceIsOutlined) {
  auto purple_rows = [](const Drawn& d) { return drawn_in(d, cv::Scalar(160, 0, 100), cv::Scalar(200, 30, 140)); };
  const Drawn masked = draw("face_mask_below_nose");
  ASSERT_EQ(result(masked.report, "face.occlusion").verdict, Verdict::fail);
  const auto at = purple_rows(masked);
  ASSERT_GT(at.size(), 200u);
  const cv::Rect box = cv::boundingRect(at);
  const Face& f = *masked.ctx.face;
  EXPECT_LT(box.y, f.landmarks[51].y);      // above the upper lip
  EXPECT_GT(box.y, f.eye_mid.y);            // below the eyes
  EXPECT_GT(box.br().y, f.landmarks[57].y);  // below the lower lip
  EXPECT_LT(box.x, f.landmarks[48].x);
  EXPECT_GT(box.br().x, f.landmarks[54].x);
  EXPECT_TRUE(purple_rows(draw("compliant")).empty());
}

// The hot spots light.hot_spots found are outlined in blue (BGR 255, 90, 0) where they are: a
// flash spot drawn 0.45 inter-eye distances above the eyes is circled there, and a photo
// without one gets no such outline.
TEST(Annotate, HotSpotIsOutlinedWhereItIs) {
  auto blue = [](const Drawn& d) { return drawn_in(d, cv::Scalar(235, 70, 0), cv::Scalar(255, 110, 20)); };
  const Drawn glare = draw("hot_spot_forehead");
  ASSERT_EQ(result(glare.report, "light.hot_spots").verdict, Verdict::warn);
  const auto at = blue(glare);
  ASSERT_GT(at.size(), 20u);
  const cv::Rect box = cv::boundingRect(at);
  const Face& f = *glare.ctx.face;
  const double ied = f.inter_eye_px;
  EXPECT_LT(box.y, f.eye_mid.y - 0.45 * ied);
  EXPECT_GT(box.br().y, f.eye_mid.y - 0.45 * ied);
  EXPECT_GT(box.y, f.eye_mid.y - 0.9 * ied);
  EXPECT_LT(box.br().y, f.eye_mid.y);
  EXPECT_LT(box.x, f.eye_mid.x);
  EXPECT_GT(box.br().x, f.eye_mid.x);
  EXPECT_LT(box.width, ied * 0.6);
  EXPECT_TRUE(blue(draw("compliant")).empty());
}

// The irises eyes.gaze found are ringed in spring green (BGR 160, 255, 0) with a line through each when
// it does not pass: on the generated glance aside, about the eyes and reaching right of them (the
// way the irises were slid); nowhere on the compliant photo.
TEST(Annotate, GazeVectorsAreDrawnOnTheEyes) {
  auto green = [](const Drawn& d) { return drawn_in(d, cv::Scalar(145, 240, 0), cv::Scalar(175, 255, 15)); };
  const Drawn aside = draw("gaze_aside");
  ASSERT_EQ(result(aside.report, "eyes.gaze").verdict, Verdict::warn);
  const auto at = green(aside);
  ASSERT_GT(at.size(), 20u);
  const cv::Rect box = cv::boundingRect(at);
  const Face& f = *aside.ctx.face;
  const double ied = f.inter_eye_px;
  EXPECT_LT(box.y, f.eye_mid.y);
  EXPECT_GT(box.br().y, f.eye_mid.y);
  EXPECT_LT(box.height, 0.4 * ied);
  EXPECT_LT(box.x, f.eye_left.x + 0.1 * ied);
  EXPECT_GT(box.br().x, f.eye_right.x + 0.15 * ied);  // the right eye's line reaches on past its iris
  EXPECT_TRUE(green(draw("compliant")).empty());
}

// The eye region eyes.hair read is outlined in chocolate (BGR 30, 105, 210) when it does not
// pass: on the lock drawn over the eye on the image left, around that eye from above its brow to
// its lid; nowhere on the compliant photo.
TEST(Annotate, HairOverTheEyeIsOutlined) {
  auto brown = [](const Drawn& d) { return drawn_in(d, cv::Scalar(20, 95, 200), cv::Scalar(40, 115, 220)); };
  const Drawn lock = draw("hair_over_eye");
  ASSERT_EQ(result(lock.report, "eyes.hair").verdict, Verdict::warn);
  const auto at = brown(lock);
  ASSERT_GT(at.size(), 20u);
  const cv::Rect box = cv::boundingRect(at);
  const Face& f = *lock.ctx.face;
  const double ied = f.inter_eye_px;
  EXPECT_LT(box.y, f.eye_left.y - 0.4 * ied);  // above the brow
  EXPECT_GT(box.br().y, f.eye_left.y - 0.1 * ied);
  EXPECT_LT(box.br().y, f.eye_left.y + 0.2 * ied);
  EXPECT_LT(box.x, f.eye_left.x);
  EXPECT_GT(box.br().x, f.eye_left.x);
  EXPECT_LT(box.br().x, f.eye_mid.x);  // the image-left eye only
  EXPECT_TRUE(brown(draw("compliant")).empty());
}

// The eyes eyes.open read as closed are ringed in tomato red (BGR 71, 99, 255) when it does not
// pass: with the lids drawn shut over the eye on the image right only, around that eye and not the
// other; both eyes when both are shut and read so; nowhere on the compliant photo.
TEST(Annotate, EyesReadAsClosedAreRinged) {
  auto tomato = [](const Drawn& d) { return drawn_in(d, cv::Scalar(55, 85, 235), cv::Scalar(87, 113, 255)); };
  const cv::Mat open = test::photo("compliant");
  const FaceContext ctx = test::context(open);
  const cv::Mat shut = synth::closed_eyes(open, ctx);
  const int mid = cvRound(ctx.face->eye_mid.x);
  cv::Mat wink = open.clone();
  shut(cv::Rect(mid, 0, open.cols - mid, open.rows)).copyTo(wink(cv::Rect(mid, 0, open.cols - mid, open.rows)));
  const Drawn one = draw(wink);
  ASSERT_EQ(result(one.report, "eyes.open").verdict, Verdict::fail);
  const auto at = tomato(one);
  ASSERT_GT(at.size(), 20u);
  const cv::Rect box = cv::boundingRect(at);
  const Face& f = *one.ctx.face;
  EXPECT_GT(box.x, f.eye_mid.x);  // the image-right eye only
  EXPECT_LT(box.x, f.eye_right.x);
  EXPECT_GT(box.br().x, f.eye_right.x);
  EXPECT_LT(box.y, f.eye_right.y);
  EXPECT_GT(box.br().y, f.eye_right.y);
  EXPECT_LT(box.height, 0.7 * f.inter_eye_px);

  // Both shut on a base face whose two drawn lids the network reads over 0.95 (on this one the
  // image-left eye reads 0.57: RulesValues.EachEyesStateIsReported).
  const cv::Mat other = test::photo("base_H001046");
  const Drawn both = draw(synth::closed_eyes(other, test::context(other)));
  ASSERT_EQ(result(both.report, "eyes.open").verdict, Verdict::fail);
  const cv::Rect both_box = cv::boundingRect(tomato(both));
  EXPECT_LT(both_box.x, both.ctx.face->eye_left.x);
  EXPECT_GT(both_box.br().x, both.ctx.face->eye_right.x);
  EXPECT_TRUE(tomato(draw("compliant")).empty());
}

// The rows (dim 1) or columns (dim 0) of the photo's part of the drawing holding more than
// `least` pixels of the head margins' violet (BGR 255, 0, 160).
std::vector<int> violet_lines(const Drawn& d, int dim, int least) {
  cv::Mat mask, per_line;
  cv::inRange(d.drawing(cv::Rect(0, 0, d.photo.cols, d.photo.rows)), cv::Scalar(225, 0, 130), cv::Scalar(255, 40, 190),
              mask);
  cv::reduce(mask / 255, per_line, dim, cv::REDUCE_SUM, CV_32S);
  std::vector<int> lines;
  for (int i = 0; i < static_cast<int>(per_line.total()); ++i)
    if (per_line.at<int>(i) > least) lines.push_back(i);
  return lines;
}

// The top of the head head.top_margin found is drawn in violet (BGR 255, 0, 160) across the
// photo when it does not pass: along the top edge on a photo cropped through the hair, nowhere on
// the compliant photo.
TEST(Annotate, TopOfTheHeadIsDrawnWhenTheHairIsCut) {
  auto violet_rows = [](const Drawn& d) { return violet_lines(d, 1, d.photo.cols / 2); };
  const Drawn cut = draw("hair_cut_top");
  ASSERT_EQ(result(cut.report, "head.top_margin").verdict, Verdict::fail);
  const auto rows = violet_rows(cut);
  ASSERT_FALSE(rows.empty());
  EXPECT_LT(rows.back(), 0.01 * cut.photo.rows);
  EXPECT_TRUE(violet_rows(draw("compliant")).empty());
}

// The sides of the head head.side_margin found are drawn in the same violet, as two vertical
// lines from the top of the skull to the nose, when it does not pass: on the compliant photo cut
// at its left edge through the hair (head_cut_side), one of them runs along that edge; nothing is
// drawn on the compliant photo. Columns holding a long violet run are counted; the top margin's
// line, horizontal, holds a pixel per column at most.
TEST(Annotate, SidesOfTheHeadAreDrawnWhenTheHeadTouchesAnEdge) {
  auto violet_columns = [](const Drawn& d) { return violet_lines(d, 0, d.photo.rows / 5); };
  const Drawn cut = draw("head_cut_side");
  ASSERT_EQ(result(cut.report, "head.side_margin").verdict, Verdict::warn);
  const auto columns = violet_columns(cut);
  ASSERT_FALSE(columns.empty());
  EXPECT_LT(columns.front(), 0.01 * cut.photo.cols);  // along the left edge, where the hair is cut
  EXPECT_GT(columns.back(), 0.5 * cut.photo.cols);    // and the other side of the head
  EXPECT_TRUE(violet_columns(draw("compliant")).empty());
}

// The lower rims glasses.frame measured are drawn in navy (BGR 128, 0, 0) when it does not
// pass: on a real portrait with heavy frames (US Congress test split, labelled heavy), one short
// line below each eye; nowhere on the compliant photo, which wears no glasses.
TEST(Annotate, FrameRimsAreDrawnBelowTheEyes) {
  auto navy = [](const Drawn& d) { return drawn_in(d, cv::Scalar(108, 0, 0), cv::Scalar(148, 20, 20)); };
  Drawn heavy;
  heavy.photo = test::real_photo("../../corpus/congress225/images/F000339.jpg");
  heavy.report = test::checker("icao-9303").check_photo(heavy.photo, std::nullopt, test::analyser(), &heavy.ctx);
  heavy.drawing = annotate(heavy.ctx, heavy.report);
  ASSERT_EQ(result(heavy.report, "glasses.frame").verdict, Verdict::warn);
  const auto at = navy(heavy);
  ASSERT_GT(at.size(), 10u);
  const cv::Rect box = cv::boundingRect(at);
  const Face& f = *heavy.ctx.face;
  const double ied = f.inter_eye_px;
  EXPECT_GT(box.y, f.eye_mid.y + 0.1 * ied);
  EXPECT_LT(box.br().y, f.eye_mid.y + 0.75 * ied);
  EXPECT_LT(box.x, f.eye_left.x);
  EXPECT_GT(box.br().x, f.eye_right.x);
  EXPECT_TRUE(navy(draw("compliant", "icao-9303")).empty());
}

// The lens areas and cheek patches the share of skin behind the lenses compared are drawn in light
// slate blue (BGR 255, 128, 128) when glasses reads that share under its limit: dark lenses drawn on the
// compliant face give outlines around both eyes and down to the cheeks below them; the compliant
// photo, bare-faced, none.
TEST(Annotate, LensAreasAreDrawnWhenTheyHideTheSkin) {
  auto slate = [](const Drawn& d) { return drawn_in(d, cv::Scalar(240, 118, 118), cv::Scalar(255, 138, 138)); };
  const cv::Mat bare = test::photo("compliant");
  const Drawn dark = draw(synth::tinted_lenses(bare, test::context(bare), 0.03));
  ASSERT_EQ(result(dark.report, "glasses").verdict, Verdict::fail);
  const auto at = slate(dark);
  ASSERT_GT(at.size(), 20u);
  const cv::Rect box = cv::boundingRect(at);
  const Face& f = *dark.ctx.face;
  const double ied = f.inter_eye_px;
  EXPECT_LT(box.x, f.eye_left.x - 0.2 * ied);
  EXPECT_GT(box.br().x, f.eye_right.x + 0.2 * ied);
  EXPECT_LT(box.y, f.eye_mid.y - 0.1 * ied);
  EXPECT_GT(box.br().y, f.eye_mid.y + 0.8 * ied);  // the cheek patches
  EXPECT_TRUE(slate(draw("compliant")).empty());
}

TEST(Annotate, NoFaceStillDrawsThePanel) {
  cv::Mat plain(400, 300, CV_8UC3, cv::Scalar(200, 200, 200));
  PhotoReport report;
  report.status = PhotoStatus::fail;
  FaceContext ctx;
  ctx.bgr = plain;
  const cv::Mat drawing = annotate(ctx, report);
  EXPECT_GE(drawing.rows, plain.rows);
  EXPECT_GT(drawing.cols, plain.cols);
  cv::Mat diff;
  cv::absdiff(drawing(cv::Rect(0, 0, plain.cols, plain.rows)), plain, diff);
  EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0);  // nothing drawn over a photo with nothing found
}

// The direction photo.motion_blur read is drawn in deep pink (BGR 147, 20, 255), a double arrow through
// the middle of the eyes, when it does not pass: on the photo moved vertically, an upright arrow
// about one inter-eye distance tall; nowhere on the compliant photo nor on the defocused one.
TEST(Annotate, MotionBlurDirectionIsDrawnThroughTheEyes) {
  auto pink = [](const Drawn& d) { return drawn_in(d, cv::Scalar(132, 5, 240), cv::Scalar(162, 35, 255)); };
  const Drawn moved = draw("motion_blur_90");
  ASSERT_EQ(result(moved.report, "photo.motion_blur").verdict, Verdict::warn);
  const auto at = pink(moved);
  ASSERT_GT(at.size(), 20u);
  const cv::Rect box = cv::boundingRect(at);
  const Face& f = *moved.ctx.face;
  const double ied = f.inter_eye_px;
  EXPECT_NEAR(box.height, ied, 0.2 * ied);
  EXPECT_LT(box.width, 0.35 * ied);
  EXPECT_NEAR(box.x + box.width / 2.0, f.eye_mid.x, 0.1 * ied);
  EXPECT_NEAR(box.y + box.height / 2.0, f.eye_mid.y, 0.1 * ied);
  EXPECT_TRUE(pink(draw("compliant")).empty());
  EXPECT_TRUE(pink(draw("defocus_disc")).empty());
}

// The folds print.marks found are drawn in chartreuse (BGR 0, 255, 200) when it does not pass: on the
// generated fold (20 degrees, through a point below and right of the eyes), along that line and
// a good part of the photo long; nowhere on the compliant photo.
TEST(Annotate, FoldsAreDrawnWhereTheyCrossThePrint) {
  auto chartreuse = [](const Drawn& d) { return drawn_in(d, cv::Scalar(0, 245, 190), cv::Scalar(10, 255, 210)); };
  const Drawn folded = draw("fold");
  ASSERT_EQ(result(folded.report, "print.marks").verdict, Verdict::fail);
  const auto at = chartreuse(folded);
  ASSERT_GT(at.size(), 50u);
  const cv::Point2f through = folded.ctx.face->eye_mid + cv::Point2f(30, 80);
  const double a = 20.0 * CV_PI / 180.0;
  const cv::Point2f normal(static_cast<float>(-std::sin(a)), static_cast<float>(std::cos(a)));
  double farthest = 0;
  for (const cv::Point& p : at) farthest = std::max(farthest, std::abs(double(normal.dot(cv::Point2f(p) - through))));
  EXPECT_LT(farthest, 12.0);  // the stroke's half width and the line's few pixels of play
  const cv::Rect box = cv::boundingRect(at);
  EXPECT_GT(box.width, 0.4 * std::min(folded.photo.cols, folded.photo.rows));
  EXPECT_TRUE(chartreuse(draw("compliant")).empty());
}

// What bg.uniform left out of the background as the sitter is outlined in pink (BGR 203, 192, 255)
// when the check does not pass: on a shared portrait before a flag (refused), round the headscarf
// beside the head (and the flag's shapes that touch it, EVALUATION.md §8.5.1), above the chin and
// beside the face; nowhere on the compliant photo, whose background passes.
TEST(Annotate, SitterLeftOutOfTheBackgroundIsOutlined) {
  auto pink = [](const Drawn& d) { return drawn_in(d, cv::Scalar(195, 184, 247), cv::Scalar(211, 200, 255)); };
  const Drawn hair = draw(test::real_photo("congress_O000173.jpg"));  // the sitter's hair or headscarf
  ASSERT_EQ(result(hair.report, "bg.uniform").verdict, Verdict::fail);
  const auto at = pink(hair);
  ASSERT_GT(at.size(), 50u);
  const Face& f = *hair.ctx.face;
  const cv::Rect box = cv::boundingRect(at);
  EXPECT_LT(box.br().y, f.chin.y + 0.2 * f.inter_eye_px);  // the mask ends at the chin
  EXPECT_TRUE(box.x < f.landmarks[0].x || box.br().x > f.landmarks[16].x);  // beside the face
  EXPECT_TRUE(pink(draw("compliant")).empty());
}


// A photo sent to review for enlargement (a real portrait with 110 px of detail enlarged twice):
// the eye band photo.pixelation read is outlined on the photo, and the panel holds those very
// pixels, each repeated k times (nearest neighbour), inside an olive frame, so a reviewer sees the
// photo's detail as it is. A photo that passes gets neither.
TEST(Annotate, EnlargementShowsTheRegionReadAndItsPixelsMagnified) {
  const Drawn d = draw(cv::imread(test::data_path("quality/congress_S001184_d110_bilinear_x2.jpg")));
  ASSERT_EQ(result(d.report, "photo.pixelation").verdict, Verdict::warn);
  const std::optional<DetailBand> band = detail_band(d.ctx);
  ASSERT_TRUE(band.has_value());
  // The outline: olive pixels drawn on the photo, along the region's border (a few of another
  // line's anti-aliased edges may share the colour).
  const std::vector<cv::Point> olive = drawn_in(d, cv::Scalar(0, 120, 120), cv::Scalar(12, 136, 136));
  cv::Rect around = band->read;
  around.x -= 4, around.y -= 4, around.width += 8, around.height += 8;
  const auto on_border = std::count_if(olive.begin(), olive.end(), [&](const cv::Point& p) { return around.contains(p); });
  EXPECT_GT(on_border, band->read.width + band->read.height);  // at least half the perimeter
  EXPECT_GT(on_border, 0.95 * static_cast<double>(olive.size()));

  // The copy: inside the olive frame drawn on the panel, the photo's pixels of the region, magnified.
  const cv::Mat panel = d.drawing(cv::Rect(d.photo.cols + 1, 0, d.drawing.cols - d.photo.cols - 1, d.drawing.rows));
  cv::Mat frame;
  cv::inRange(panel, cv::Scalar(0, 128, 128), cv::Scalar(0, 128, 128), frame);
  cv::Mat labels, stats, centroids;  // the frame is the largest olive figure (the legend's swatch is another)
  const int n = cv::connectedComponentsWithStats(frame, labels, stats, centroids);
  ASSERT_GT(n, 1);
  int largest = 1;
  for (int i = 2; i < n; ++i)
    if (stats.at<int>(i, cv::CC_STAT_WIDTH) * stats.at<int>(i, cv::CC_STAT_HEIGHT) >
        stats.at<int>(largest, cv::CC_STAT_WIDTH) * stats.at<int>(largest, cv::CC_STAT_HEIGHT))
      largest = i;
  const cv::Rect outer(stats.at<int>(largest, cv::CC_STAT_LEFT), stats.at<int>(largest, cv::CC_STAT_TOP),
                       stats.at<int>(largest, cv::CC_STAT_WIDTH), stats.at<int>(largest, cv::CC_STAT_HEIGHT));
  const int k = cvRound(static_cast<double>(outer.width) / band->read.width);
  ASSERT_GE(k, 2);  // this photo's region fits twice in the panel's width
  ASSERT_LE(k, 4);
  cv::Mat expected;
  cv::resize(d.photo(band->read), expected, cv::Size(k * band->read.width, k * band->read.height), 0, 0,
             cv::INTER_NEAREST);
  // Inside the frame, a few pixels from its outer edge (its own width): an exact copy.
  bool found = false;
  for (int dy = 1; dy <= 8 && !found; ++dy)
    for (int dx = 1; dx <= 8 && !found; ++dx) {
      const cv::Rect inside(outer.x + dx, outer.y + dy, expected.cols, expected.rows);
      found = (inside & cv::Rect(0, 0, panel.cols, panel.rows)) == inside && cv::norm(panel(inside), expected, cv::NORM_INF) == 0.0;
    }
  EXPECT_TRUE(found) << "no exact copy of the region, magnified " << k << " times, inside the frame " << outer;

  const Drawn ok = draw("compliant");
  ASSERT_EQ(result(ok.report, "photo.pixelation").verdict, Verdict::pass);
  cv::Mat none;
  cv::inRange(ok.drawing, cv::Scalar(0, 128, 128), cv::Scalar(0, 128, 128), none);
  EXPECT_EQ(cv::countNonZero(none), 0);
}

}  // namespace
}  // namespace conforme
