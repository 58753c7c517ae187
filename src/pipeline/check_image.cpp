// Single photos and planches through one entry point (Checker::check_image).
#include <algorithm>
#include <cmath>
#include <string>

#include "pipeline/checker.hpp"

#include "core/side_by_side.hpp"
#include "io/decode.hpp"
#include "io/input_error.hpp"
#include "sheet/sheet.hpp"

namespace conforme {
namespace {

// The difference up to which the profile calls two copies identical; nullopt when the profile
// does not judge it (then every copy is checked in full).
std::optional<double> identical_limit(const Profile& profile) {
  const Rule* rule = profile.rule("sheet.copies_identical");
  if (!rule) return std::nullopt;
  for (const auto& l : rule->limits)
    if (l.value_name == "difference") return l.limit.max;
  return std::nullopt;
}

// Detected alone, a planche needs room for two copies a face can be found in. A copy's face box
// spans at least 0.38 of the copy's height (the smallest head the rules allow) and dlib's HOG
// detector finds faces of 80 px and more (face/face_models.cpp), so a copy under about 211 x 164
// px holds no face a check could measure. An image too small for two such copies, side by side or
// one above the other, is one photo, whatever its file's dpi says: 93 of the 6,446 Biographical
// Directory portraits of voteview/member_photos (175 x 236 px or so, prints scanned with their
// white border, files claiming 72 dpi) were refused as planches whose copies could not be told
// apart.
bool too_small_for_two_copies(const cv::Mat& bgr) {
  constexpr double smallest_face_px = 80, smallest_face_share = 0.38;
  constexpr double copy_h = smallest_face_px / smallest_face_share, copy_w = copy_h * 35.0 / 45.0;
  auto fits = [&](double across, double down) {
    return (bgr.cols >= across && bgr.rows >= down) || (bgr.rows >= across && bgr.cols >= down);
  };
  return !fits(2 * copy_w, copy_h) && !fits(copy_w, 2 * copy_h);
}

}  // namespace

std::vector<PhotoReport> Checker::check_image(const cv::Mat& image, const ImageFacts& facts, InputKindOption kind,
                                              FaceAnalyser& analyser, std::vector<FaceContext>* contexts_out) const {
  const cv::Mat bgr = to_bgr8(image);  // a caller's grey, BGRA or 16-bit image as the decoder gives it; throws if empty
  auto analyse = [&](const cv::Mat& photo, const std::optional<SheetInfo>& sheet) {
    FaceContext ctx = Checker::analyse(photo, facts, analyser);
    ctx.sheet = sheet;
    return ctx;
  };
  std::vector<PhotoReport> reports;
  auto keep = [&](PhotoReport report, FaceContext ctx) {
    reports.push_back(std::move(report));
    if (contexts_out) contexts_out->push_back(std::move(ctx));
  };

  SheetLayout layout;
  if (kind != InputKindOption::photo &&
      !(kind == InputKindOption::automatic && (photo_sized(bgr, facts.dpi) || too_small_for_two_copies(bgr))))
    layout = analyse_layout(bgr, facts.dpi);
  // Detection alone calls a sheet what holds two copies or more, or one copy found at the file's
  // dpi (below): without a dpi, a single photo on a light background can look like one copy on
  // paper (6 of the 56 sample photos did). A single cut copy is also judged as a sheet when the
  // user says so (--kind sheet), and then fails sheet.uncut.
  // A sheet whose layout cannot be decided is said to be one: reading it as fewer copies than it
  // holds, or as one photo, would pass or fail copies nobody looked at. Paper and pictures with
  // no grid at all say so only when the user gave the input as a sheet: detected alone, they are
  // as often a single photo on a light backdrop whose file claims 72 dpi (29 of the 159 real
  // portraits of tests/corpus/congress225's test split, 225 x 275 at 72 dpi, were refused so).
  if (layout.no_grid && kind == InputKindOption::automatic) layout = SheetLayout{};
  if (!layout.unclear.empty()) {
    // Detected alone, a layout that cannot be decided is looked at once more as one photo: when
    // the whole image holds exactly one face, no copy goes unseen, and it is judged as one photo,
    // its record saying why. Scanned prints in a frame, an oval or with a caption look like
    // copies touching: 14 of the 3,311 members' Wikipedia photos of voteview/member_photos, each
    // one portrait, got this error. Copies of one photo on a sheet show as many faces. A photo
    // whose one face shows only once it is turned (on its side or upside down) is one photo too,
    // refused with the turn that sets it upright.
    if (kind == InputKindOption::automatic) {
      FaceContext ctx = analyse(bgr, std::nullopt);
      if (ctx.face_count == 1 || ctx.turned_quarters != 0) {
        PhotoReport report = judge_context(ctx);
        report.unclear_layout = layout.unclear;
        keep(std::move(report), std::move(ctx));
        return reports;
      }
    }
    // A damaged file's garbage can look like copies' borders: the message says so.
    std::string damaged;
    if (facts.jpeg_damaged_data.value_or(0) > 0)
      damaged = "; its JPEG image data is damaged (libjpeg repaired it " + std::to_string(*facts.jpeg_damaged_data) +
                " times), which may be what was seen";
    throw InputError("sheet_layout_unclear", "planche whose copies cannot be told apart: " + layout.unclear + damaged);
  }
  // One copy found at the file's dpi on an image that can hold two (a page on a flatbed) is a
  // photo cut from its planche and scanned: judged as a sheet, its copy is measured on its own
  // and sheet.uncut says it was cut.
  const bool is_sheet = kind == InputKindOption::sheet ||
                        (layout.kind == InputKind::sheet &&
                         (layout.copies.size() >= 2 || (layout.copies.size() == 1 && layout.found_at_dpi)));
  if (!is_sheet) {
    FaceContext ctx = analyse(bgr, std::nullopt);
    PhotoReport report = judge_context(ctx);  // before ctx is moved: argument order is unspecified
    keep(std::move(report), std::move(ctx));
    return reports;
  }
  if (layout.copies.empty()) {
    // Given as a sheet but no copy found: the whole image is judged, and sheet.uncut says why.
    FaceContext ctx = analyse(bgr, SheetInfo{0, 0.0});
    PhotoReport report = judge_context(ctx);
    keep(std::move(report), std::move(ctx));
    return reports;
  }

  // Copies are compared on the reduced image the layout was found on; only the copies measured
  // in full are cut out at full resolution. The comparison and copy 0's face analysis do not
  // depend on each other (core/side_by_side.hpp).
  std::vector<double> differences;
  FaceContext first_ctx;
  auto compare = [&] { differences = differences_to_first(layout.reduced, layout.copies); };
  auto analyse_first = [&] { first_ctx = analyse(extract_copy(bgr, layout.copies[0]), std::nullopt); };
  run_steps(compare, analyse_first);
  const SheetInfo sheet{static_cast<int>(layout.copies.size()),
                        *std::max_element(differences.begin(), differences.end())};
  first_ctx.sheet = sheet;
  const auto limit = identical_limit(profile_);
  const PhotoReport first = judge_context(first_ctx);
  for (std::size_t i = 0; i < layout.copies.size(); ++i) {
    PhotoReport report;
    FaceContext ctx;
    if (i == 0) {
      report = first;
      ctx = first_ctx;
    } else if (limit && differences[i] <= *limit) {
      report = first;  // the same photo: measuring it again would give the same numbers
      report.measured_on = 0;
      ctx = first_ctx;
    } else {
      ctx = analyse(extract_copy(bgr, layout.copies[i]), sheet);
      report = judge_context(ctx);
    }
    report.photo_index = static_cast<int>(i);
    report.box = layout.copies[i].boundingRect() & cv::Rect(0, 0, bgr.cols, bgr.rows);
    keep(std::move(report), std::move(ctx));
  }
  return reports;
}

}  // namespace conforme
