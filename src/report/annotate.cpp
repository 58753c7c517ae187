#include "report/annotate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "evidence/backdrop.hpp"
#include "evidence/detail_band.hpp"
#include "evidence/gaze.hpp"
#include "evidence/glasses_evidence.hpp"
#include "evidence/glasses_frame.hpp"
#include "evidence/hair_eyes.hpp"
#include "evidence/head_sides.hpp"
#include "evidence/head_top.hpp"
#include "evidence/hot_spots.hpp"
#include "evidence/print_marks.hpp"
#include "evidence/shoulders.hpp"
#include "face/face_crop.hpp"
#include "profile/wording.hpp"

namespace conforme {

namespace {

// BGR colours, one per kind of line; the legend repeats them.
const cv::Scalar background_colour(255, 0, 255);  // magenta: no photo background is magenta
const cv::Scalar eye_colour(0, 215, 255);         // yellow
const cv::Scalar centre_colour(255, 255, 0);      // cyan
const cv::Scalar chin_crown_colour(0, 0, 255);    // red
const cv::Scalar crown_band_colour(0, 140, 255);  // orange
const cv::Scalar face_colour(0, 190, 0);          // green
const cv::Scalar small_face_colour(0, 90, 0);     // dark green: a face found, too small to measure
const cv::Scalar other_face_colour(128, 128, 0);  // teal: another, smaller face beside the sitter's (face.count)
const cv::Scalar covered_colour(180, 0, 120);     // purple: the lower face read as covered
const cv::Scalar hot_spot_colour(255, 90, 0);     // blue: hot spots on the skin (light.hot_spots)
const cv::Scalar head_top_colour(255, 0, 160);    // violet: the top of the head, hair included (head.top_margin)
const cv::Scalar gaze_colour(160, 255, 0);        // spring green: the irises and where they point (eyes.gaze)
const cv::Scalar hair_colour(30, 105, 210);       // chocolate: the eye region read as covered by hair (eyes.hair)
const cv::Scalar closed_eye_colour(71, 99, 255);  // tomato: an eye read as closed (eyes.open)
const cv::Scalar frame_colour(128, 0, 0);         // navy: the frames' lower rims measured (glasses.frame)
const cv::Scalar lens_colour(255, 128, 128);      // light slate blue: the lens areas compared with the cheeks (lens_skin)
const cv::Scalar shoulder_colour(0, 100, 255);    // dark orange: the shoulder lines (shoulders.square)
const cv::Scalar motion_colour(147, 20, 255);     // deep pink: the direction of a motion blur (photo.motion_blur)
const cv::Scalar fold_colour(0, 255, 200);        // chartreuse: the folds of a scanned print (print.marks)
const cv::Scalar sitter_colour(203, 192, 255);    // pink: hair and shoulders left out of the background (bg.uniform)
const cv::Scalar detail_colour(0, 128, 128);      // olive: the eye band read for detail (photo.pixelation)
const cv::Scalar fail_text(0, 0, 200), warn_text(0, 110, 190), ink(40, 40, 40);

const CheckResult* result_of(const PhotoReport& report, const std::string& check) {
  for (const auto& c : report.checks)
    if (c.id == check) return &c;
  return nullptr;
}

// The check's result when the photo has a face and the check failed or warned (what the drawing
// shows evidence for); null otherwise.
const CheckResult* flagged(const FaceContext& ctx, const PhotoReport& report, const std::string& check) {
  const CheckResult* c = result_of(report, check);
  return ctx.face && c && (c->verdict == Verdict::fail || c->verdict == Verdict::warn) ? c : nullptr;
}

// The outline, in photo pixels, of the lower face the occlusion network read (face.occlusion),
// when it found it covered: the mouth crop's corners taken back through its rotation and scale.
std::vector<cv::Point> covered_outline(const FaceContext& ctx, const PhotoReport& report) {
  const CheckResult* occlusion = result_of(report, "face.occlusion");
  if (!ctx.face || !ctx.face->evidence.mouth_region || !occlusion || occlusion->verdict != Verdict::fail) return {};
  const UprightFace& crop = *ctx.face->evidence.mouth_region;
  std::vector<cv::Point> outline;
  for (const cv::Point2f& c : crop_corners_in_photo(crop.to_crop, crop.bgr.size())) outline.emplace_back(c);
  return outline;
}

// The outlines, in photo pixels, of the hot spots light.hot_spots measured, when it did not pass.
std::vector<std::vector<cv::Point>> hot_spot_outlines(const FaceContext& ctx, const PhotoReport& report) {
  const CheckResult* spots = flagged(ctx, report, "light.hot_spots");
  if (!spots) return {};
  return find_hot_spots(ctx, true).outlines;
}

// The outlines, in photo pixels, of the sitter's hair and shoulders that bg.uniform left out of the
// background region, when it did not pass: what it judged is the outlined region less these.
std::vector<std::vector<cv::Point>> sitter_outlines(const FaceContext& ctx, const PhotoReport& report) {
  if (!flagged(ctx, report, "bg.uniform")) return {};
  const Backdrop backdrop = find_backdrop(ctx);
  std::vector<std::vector<cv::Point>> outlines;
  cv::findContours(backdrop.sitter.clone(), outlines, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const double to_photo_x = double(backdrop.above_chin.width) / backdrop.sitter.cols,
               to_photo_y = double(backdrop.above_chin.height) / backdrop.sitter.rows;
  for (auto& outline : outlines)
    for (auto& p : outline) p = cv::Point(cvRound((p.x + 0.5) * to_photo_x), cvRound((p.y + 0.5) * to_photo_y));
  return outlines;
}

// The row, in photo pixels, of the top of the head (hair included) head.top_margin found, when
// it did not pass.
std::optional<double> head_top_row(const FaceContext& ctx, const PhotoReport& report) {
  const CheckResult* margin = flagged(ctx, report, "head.top_margin");
  if (!margin) return std::nullopt;
  const HeadTop top = find_head_top(ctx);
  return top.found ? std::optional<double>(top.y) : std::nullopt;
}

// The sides of the head (hair and ears included) head.side_margin found, when it did not pass:
// one vertical segment each, over the rows read, in photo pixels.
std::vector<std::pair<cv::Point2f, cv::Point2f>> head_side_lines(const FaceContext& ctx, const PhotoReport& report) {
  if (!flagged(ctx, report, "head.side_margin")) return {};
  const HeadSides sides = find_head_sides(ctx);
  const auto top = static_cast<float>(sides.top), bottom = static_cast<float>(sides.bottom);
  const auto left = static_cast<float>(sides.left), right = static_cast<float>(sides.right - 1);
  return {{{left, top}, {left, bottom}}, {{right, top}, {right, bottom}}};
}

// The irises eyes.gaze found, when it did not pass: each eye's corner mid-point and iris centre,
// in photo pixels.
std::vector<std::pair<cv::Point2f, cv::Point2f>> gaze_vectors(const FaceContext& ctx, const PhotoReport& report) {
  const CheckResult* gaze = flagged(ctx, report, "eyes.gaze");
  if (!gaze) return {};
  std::vector<std::pair<cv::Point2f, cv::Point2f>> eyes;
  for (const EyeGaze& e : find_gaze(ctx))
    if (e.found) eyes.emplace_back(e.eye_centre, e.iris);
  return eyes;
}

// The region eyes.hair read over the more covered eye, in photo pixels, when it did not pass.
std::vector<cv::Point> hair_outline(const FaceContext& ctx, const PhotoReport& report) {
  const CheckResult* hair = flagged(ctx, report, "eyes.hair");
  if (!hair) return {};
  const HairOverEyes h = hair_over_eyes(ctx);
  std::vector<cv::Point> outline;
  for (const cv::Point2f& p : h.outline[h.worse()]) outline.emplace_back(p);
  return outline;
}

// The eye crop the glasses evidence reads (glasses_crop) and the way back from its pixels to the
// photo's: where the evidence of glasses.frame and of the skin behind the lenses is drawn.
class EyeCrop {
 public:
  explicit EyeCrop(const FaceContext& ctx) : crop_(glasses_crop(ctx)) {
    cv::invertAffineTransform(crop_->to_crop, to_photo_);
  }
  const UprightFace& crop() const { return *crop_; }
  cv::Point2f in_photo(cv::Point2f p) const {
    return cv::Point2f(float(to_photo_(0, 0) * p.x + to_photo_(0, 1) * p.y + to_photo_(0, 2)),
                       float(to_photo_(1, 0) * p.x + to_photo_(1, 1) * p.y + to_photo_(1, 2)));
  }

 private:
  std::shared_ptr<const UprightFace> crop_;
  cv::Matx23d to_photo_;
};

// The lower rims glasses.frame measured below each eye, when it did not pass: each a segment
// across the columns it read, at the rim's median row, in photo pixels.
std::vector<std::pair<cv::Point2f, cv::Point2f>> frame_rims(const FaceContext& ctx, const PhotoReport& report) {
  const CheckResult* frame = flagged(ctx, report, "glasses.frame");
  if (!frame) return {};
  const EyeCrop eyes(ctx);
  std::vector<std::pair<cv::Point2f, cv::Point2f>> rims;
  for (const EyeFrameRim& r : glasses_frame_rims(eyes.crop())) rims.emplace_back(eyes.in_photo(r.from), eyes.in_photo(r.to));
  return rims;
}

// The shoulder lines shoulders.square compared, when it did not pass: the image-left and
// image-right silhouette tops, in photo pixels.
std::vector<std::vector<cv::Point>> shoulder_polylines(const FaceContext& ctx, const PhotoReport& report) {
  const CheckResult* square = flagged(ctx, report, "shoulders.square");
  if (!square) return {};
  const ShoulderLines lines = find_shoulder_lines(ctx);
  if (!lines.measured) return {};
  std::vector<std::vector<cv::Point>> out(2);
  for (const auto& p : lines.left) out[0].emplace_back(p);
  for (const auto& p : lines.right) out[1].emplace_back(p);
  return out;
}

// The direction photo.motion_blur read the face's detail missing along, when it did not pass: a
// double arrow one inter-eye distance long through the middle of the eyes, in photo pixels.
std::optional<std::pair<cv::Point2d, cv::Point2d>> motion_arrow(const FaceContext& ctx, const PhotoReport& report) {
  const CheckResult* blur = flagged(ctx, report, "photo.motion_blur");
  if (!blur) return std::nullopt;
  const std::optional<double> deg = blur->measurement.get("blur_direction");
  if (!deg) return std::nullopt;
  const double a = *deg * CV_PI / 180.0, half = 0.5 * ctx.face->inter_eye_px;
  const cv::Point2d mid(ctx.face->eye_mid), along(std::cos(a) * half, -std::sin(a) * half);  // rows grow down
  return std::make_pair(mid - along, mid + along);
}

// The folds print.marks found, when it did not pass: each the stretch of the line found, in photo
// pixels.
std::vector<std::pair<cv::Point2f, cv::Point2f>> fold_segments(const FaceContext& ctx, const PhotoReport& report) {
  const CheckResult* marks = flagged(ctx, report, "print.marks");
  if (!marks) return {};
  return find_print_marks(ctx).folds;
}

// The part of the photo photo.pixelation read, when it did not pass: a reviewer judges an
// enlargement by looking at those pixels as they are, so the panel shows them magnified too.
std::optional<cv::Rect> detail_region(const FaceContext& ctx, const PhotoReport& report) {
  if (!flagged(ctx, report, "photo.pixelation")) return std::nullopt;
  const std::optional<DetailBand> band = detail_band(ctx);
  return band ? std::optional<cv::Rect>(band->read) : std::nullopt;
}

// How many times the panel magnifies the region read (nearest neighbour, so each pixel stays a
// visible square): as much as fits the panel's width, 1 to 4 times.
int detail_magnification(const cv::Rect& region, int room) { return std::clamp(room / std::max(1, region.width), 1, 4); }

std::optional<Limit> limit_of(const PhotoReport& report, const std::string& check, const std::string& value) {
  if (const CheckResult* c = result_of(report, check))
    for (const auto& l : c->limits)
      if (l.value_name == value) return l.limit;
  return std::nullopt;
}

// The eyes eyes.open read as closed, when it did not pass, each as an ellipse about its landmarks
// in photo pixels: an eye whose own network reading (left_ / right_closed_probability) is over the
// bound the profile puts on the judged reading, or whose opening (left_ / right_ear) is under the
// bound on the less open eye; the review bound where there is one, as the verdict used it.
std::vector<std::vector<cv::Point>> closed_eye_outlines(const FaceContext& ctx, const PhotoReport& report) {
  const CheckResult* eyes = flagged(ctx, report, "eyes.open");
  if (!eyes) return {};
  const Measurement& m = eyes->measurement;
  const std::optional<Limit> network =
      limit_of(report, "eyes.open", m.get("closed_probability_glasses") ? "closed_probability_glasses" : "closed_probability");
  const std::optional<Limit> opening = limit_of(report, "eyes.open", "min_ear");
  // The lowest limit that flags an eye (a review band's edge when there is one); none: never.
  constexpr double never = std::numeric_limits<double>::infinity();
  const double most = network ? network->warn_max.value_or(network->max.value_or(never)) : never;
  const double least = opening ? opening->warn_min.value_or(opening->min.value_or(-never)) : -never;
  const Face& f = *ctx.face;
  std::vector<std::vector<cv::Point>> outlines;
  for (const int side : {0, 1}) {
    const auto closed = m.get(side == 0 ? "left_closed_probability" : "right_closed_probability");
    const auto ear = m.get(side == 0 ? "left_ear" : "right_ear");
    if (!((closed && *closed > most) || (ear && *ear < least))) continue;
    const cv::Point2f centre = side == 0 ? f.eye_left : f.eye_right;
    const cv::Size axes(std::max(2, cvRound(0.38 * f.inter_eye_px)), std::max(2, cvRound(0.22 * f.inter_eye_px)));
    std::vector<cv::Point> outline;
    cv::ellipse2Poly(cv::Point(cvRound(centre.x), cvRound(centre.y)), axes, cvRound(f.pose.roll_deg), 0, 360, 10, outline);
    outlines.push_back(std::move(outline));
  }
  return outlines;
}

// The lens areas and the cheek patches the share of skin behind the lenses compared, when glasses
// or glasses.tinted read it under its limit: four polygons, in photo pixels.
std::vector<std::vector<cv::Point>> lens_skin_outlines(const FaceContext& ctx, const PhotoReport& report) {
  bool under = false;
  for (const char* id : {"glasses", "glasses.tinted"}) {
    const CheckResult* c = flagged(ctx, report, id);
    const std::optional<double> skin = c ? c->measurement.get("lens_skin") : std::nullopt;
    const std::optional<Limit> limit = limit_of(report, id, "lens_skin");
    if (skin && limit && limit->warn_min.value_or(limit->min.value_or(0.0)) > *skin) under = true;
  }
  if (!under) return {};
  const EyeCrop eyes(ctx);
  const LensSkinRegions regions = lens_skin_regions(eyes.crop());
  std::vector<std::vector<cv::Point>> out;
  for (const auto* set : {&regions.lenses, &regions.cheeks})
    for (const auto& poly : *set) {
      std::vector<cv::Point> back;
      for (const cv::Point2f& p : poly) back.emplace_back(eyes.in_photo(p));
      out.push_back(std::move(back));
    }
  return out;
}

// A line of dashes from a to b.
void dashed(cv::Mat& img, cv::Point2d a, cv::Point2d b, const cv::Scalar& colour, int thick, double dash) {
  const double length = std::hypot(b.x - a.x, b.y - a.y);
  if (length <= 0) return;
  const cv::Point2d step = (b - a) / length;
  for (double at = 0; at < length; at += 2 * dash) {
    const double end = std::min(length, at + dash);
    cv::line(img, a + step * at, a + step * end, colour, thick, cv::LINE_AA);
  }
}

// The panel's text: DejaVu Sans (Debian's fonts-dejavu-core) through OpenCV's FreeType module,
// so French reads with its accents, « », ° and ± ; when the font is not installed, OpenCV's
// Hershey font, which has none of them, with the letters written without their accents.
const char* const font_files[2] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                   "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};

// One FreeType face per thread and weight: cv::freetype::FreeType2 is not safe to share.
cv::freetype::FreeType2* font(bool bold) {
  struct Fonts {
    cv::Ptr<cv::freetype::FreeType2> face[2];
    Fonts() {
      for (int i = 0; i < 2; ++i) try {
          auto f = cv::freetype::createFreeType2();
          f->loadFontData(font_files[i], 0);
          face[i] = f;
        } catch (const cv::Exception&) {  // not installed: Hershey below
        }
    }
  };
  thread_local Fonts fonts;
  return fonts.face[bold ? 1 : 0].get();
}

// `text` (UTF-8) with accented Latin letters and French punctuation written in ASCII, for Hershey.
std::string ascii(const std::string& text) {
  static const std::pair<const char*, const char*> letters[] = {
      {"à", "a"}, {"â", "a"}, {"ä", "a"}, {"ç", "c"}, {"é", "e"}, {"è", "e"}, {"ê", "e"}, {"ë", "e"}, {"î", "i"},
      {"ï", "i"}, {"ô", "o"}, {"ö", "o"}, {"ù", "u"}, {"û", "u"}, {"ü", "u"}, {"ÿ", "y"}, {"œ", "oe"}, {"æ", "ae"},
      {"À", "A"}, {"Â", "A"}, {"Ç", "C"}, {"É", "E"}, {"È", "E"}, {"Ê", "E"}, {"Î", "I"}, {"Ô", "O"}, {"Ù", "U"},
      {"Œ", "OE"}, {"«", "\""}, {"»", "\""}, {"’", "'"}, {"°", " deg"}, {"±", "+/-"}, {"…", "..."}, {"\u00a0", " "},
      {"\u202f", " "}, {"–", "-"}, {"—", "-"}, {"×", "x"}, {"≤", "<="}, {"≥", ">="}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      out += text[i++];
      continue;
    }
    bool known = false;
    for (const auto& [from, to] : letters)
      if (text.compare(i, std::strlen(from), from) == 0) {
        out += to, i += std::strlen(from), known = true;
        break;
      }
    if (known) continue;
    out += '?';
    for (++i; i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; ++i) {
    }
  }
  return out;
}

// Text `height` pixels high (capitals and descenders), in one weight.
struct PanelText {
  int height;
  int thick;  // Hershey's stroke
  int width(const std::string& text, bool bold) const {
    int baseline = 0;
    if (auto* f = font(bold)) return f->getTextSize(text, height, -1, &baseline).width;
    return cv::getTextSize(ascii(text), cv::FONT_HERSHEY_SIMPLEX, hershey_scale(), thick + bold, &baseline).width;
  }
  void draw(cv::Mat& img, const std::string& text, cv::Point at, const cv::Scalar& colour, bool bold) const {
    if (auto* f = font(bold)) return f->putText(img, text, at, height, colour, -1, cv::LINE_AA, true);
    cv::putText(img, ascii(text), at, cv::FONT_HERSHEY_SIMPLEX, hershey_scale(), colour, thick + bold, cv::LINE_AA);
  }
  int line_height() const { return height * 3 / 2; }
  double hershey_scale() const { return height / 30.0; }
};

// Writes text on the panel, cut into lines no wider than `width`; returns the next baseline.
int write_wrapped(cv::Mat& img, const std::string& text, cv::Point at, int width, const PanelText& font, bool bold,
                  const cv::Scalar& colour, bool draw) {
  std::string line;
  std::size_t start = 0;
  auto flush = [&] {
    if (draw) font.draw(img, line, at, colour, bold);
    at.y += font.line_height();
    line.clear();
  };
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    const std::string tried = line.empty() ? word : line + " " + word;
    if (!line.empty() && font.width(tried, bold) > width)
      flush(), line = word;
    else
      line = tried;
    start = end + 1;
  }
  if (!line.empty()) flush();
  return at.y;
}

// The evidence drawn on this photo beyond the bands, the landmarks and the face box: the legend
// lists only what is drawn.
struct Drawings {
  bool covered = false, hot_spots = false, head_top = false, head_sides = false, gaze = false, hair = false, frames = false, lenses = false,
       shoulders = false, motion = false, folds = false, sitter = false, closed_eyes = false;
  int detail_magnified = 0;  // the region photo.pixelation read, shown this many times larger (0: not drawn)
};

struct Entry {
  std::string text;
  cv::Scalar colour;
  enum Swatch { none, solid, dashes, box, dots, header, title, indented } swatch = none;
  cv::Scalar swatch_colour{};
};

// The panel's lines: status, legend (only what is drawn), failed then warned checks, each by its
// title and the report's own explanation (what was measured against what is allowed, in words).
std::vector<Entry> panel_entries(const FaceContext& ctx, const PhotoReport& report, const AllowedBands& bands,
                                 const Drawings& drawn, bool french) {
  auto say = [french](const char* fr, const char* en) { return std::string(french ? fr : en); };
  std::vector<Entry> e;
  const bool pass = report.status == PhotoStatus::pass;
  e.push_back({pass ? say("CONFORME", "COMPLIANT") : say("NON CONFORME", "NOT COMPLIANT"), pass ? face_colour : fail_text,
               Entry::header});
  if (ctx.face && !ctx.face->background_mask.empty())
    e.push_back({say("Zone du fond (contour)", "Background region (outline)"), ink, Entry::solid, background_colour});
  if (ctx.face) {
    e.push_back({say("Ligne des yeux", "Eye line"), ink, Entry::solid, eye_colour});
    if (bands.eye_rows) e.push_back({say("Yeux : bande admise", "Eyes: allowed band"), ink, Entry::dashes, eye_colour});
    e.push_back({say("Axe du visage", "Face mid-line"), ink, Entry::solid, centre_colour});
    if (bands.centre_columns) e.push_back({say("Axe : bande admise", "Mid-line: allowed band"), ink, Entry::dashes, centre_colour});
    e.push_back({say("Menton et sommet du crâne", "Chin and top of the head"), ink, Entry::solid, chin_crown_colour});
    if (bands.crown_rows) e.push_back({say("Sommet : bande admise", "Top of the head: allowed band"), ink, Entry::dashes, crown_band_colour});
    e.push_back({say("Points du visage", "Face landmarks"), ink, Entry::dots, face_colour});
  }
  if (drawn.sitter)
    e.push_back({say("Laissé hors du fond : cheveux, épaules (contour)", "Left out of the background: hair, shoulders (outline)"),
                 ink, Entry::solid, sitter_colour});
  if (drawn.covered)
    e.push_back({say("Bas du visage lu comme couvert", "Lower face read as covered"), ink, Entry::box, covered_colour});
  if (drawn.hot_spots)
    e.push_back({say("Reflets sur la peau (contour)", "Hot spots on the skin (outline)"), ink, Entry::solid, hot_spot_colour});
  if (drawn.head_top)
    e.push_back({say("Haut de la tête, cheveux compris", "Top of the head, hair included"), ink, Entry::solid, head_top_colour});
  if (drawn.head_sides)
    e.push_back({say("Côtés de la tête, cheveux et oreilles compris", "Sides of the head, hair and ears included"), ink,
                 Entry::solid, head_top_colour});
  if (drawn.gaze)
    e.push_back({say("Iris et direction du regard (trait allongé 3 fois)", "Irises and where they point (line lengthened 3 times)"),
                 ink, Entry::solid, gaze_colour});
  if (drawn.hair)
    e.push_back({say("Œil lu comme couvert par les cheveux (sourcil et paupière)", "Eye read as covered by hair (brow and lid)"),
                 ink, Entry::solid, hair_colour});
  if (drawn.closed_eyes)
    e.push_back({say("Œil lu comme fermé (réseau de détection ou ouverture des paupières)",
                     "Eye read as closed (detection network or lid opening)"),
                 ink, Entry::solid, closed_eye_colour});
  if (drawn.frames)
    e.push_back({say("Bord inférieur des montures, mesuré", "Lower rims of the frames, as measured"), ink, Entry::solid,
                 frame_colour});
  if (drawn.lenses)
    e.push_back({say("Zone des verres comparée aux joues (rectangles) : peau visible ou non",
                     "Lens areas compared with the cheeks (rectangles): skin showing or not"),
                 ink, Entry::solid, lens_colour});
  if (drawn.shoulders)
    e.push_back({say("Lignes des épaules comparées", "Shoulder lines compared"), ink, Entry::solid, shoulder_colour});
  if (drawn.motion)
    e.push_back({say("Direction du flou de bougé", "Direction of the motion blur"), ink, Entry::solid, motion_colour});
  if (drawn.folds)
    e.push_back({say("Pliure trouvée sur le tirage", "Fold found on the print"), ink, Entry::solid, fold_colour});
  if (drawn.detail_magnified > 0) {
    const std::string times = std::to_string(drawn.detail_magnified);
    e.push_back({say("Zone où le détail est lu (reproduite en bas, pixels tels quels × ", "Region where the detail is read (copied at the bottom, pixels as they are × ") +
                     times + ")",
                 ink, Entry::box, detail_colour});
  }
  if (!ctx.face_boxes.empty())
    e.push_back({say("Visage trouvé (cadre) × ", "Face found (box) × ") + std::to_string(ctx.face_boxes.size()), ink, Entry::box, face_colour});
  if (!ctx.small_face_boxes.empty())
    e.push_back({say("Visage trop petit pour être mesuré (cadre) × ", "Face too small to measure (box) × ") +
                     std::to_string(ctx.small_face_boxes.size()),
                 ink, Entry::box, small_face_colour});
  if (!ctx.other_face_boxes.empty())
    e.push_back({say("Autre visage à côté du visage (cadre) × ", "Other face beside the face (box) × ") +
                     std::to_string(ctx.other_face_boxes.size()),
                 ink, Entry::box, other_face_colour});
  for (const Verdict verdict : {Verdict::fail, Verdict::warn}) {
    bool first = true;
    for (const auto& c : report.checks) {
      if (c.verdict != verdict) continue;
      const cv::Scalar colour = verdict == Verdict::fail ? fail_text : warn_text;
      if (first)
        e.push_back({verdict == Verdict::fail ? say("Non conforme :", "Not compliant:") : say("À vérifier :", "To be checked:"),
                     colour, Entry::header});
      first = false;
      e.push_back({check_title(c.id, french), colour, Entry::title});
      const std::string& why = french ? c.explanation_fr : c.explanation_en;
      if (!why.empty()) e.push_back({why, ink, Entry::indented});
    }
  }
  return e;
}

}  // namespace

AllowedBands allowed_bands(const FaceContext& ctx, const PhotoReport& report) {
  AllowedBands bands;
  if (!ctx.face) return bands;
  const Face& f = *ctx.face;
  const double w = ctx.width(), h = ctx.height();
  // The rule's band: inside its review band where the profile gives one (a reading just outside
  // the rule, within the measure's own error, is reviewed rather than refused).
  const auto rule = [&](const std::string& check) -> std::optional<std::pair<double, double>> {
    const auto l = limit_of(report, check, "ratio");
    if (!l || !l->min || !l->max) return std::nullopt;
    return std::pair{l->warn_min.value_or(*l->min), l->warn_max.value_or(*l->max)};
  };
  if (const auto r = rule("eyes.line")) bands.eye_rows = Band{h * (1 - r->second), h * (1 - r->first)};  // from the bottom
  if (const auto r = rule("head.center_x")) bands.centre_columns = Band{w * r->first, w * r->second};
  if (const auto r = rule("head.height")) bands.crown_rows = Band{f.chin.y - h * r->second, f.chin.y - h * r->first};
  return bands;
}

cv::Mat annotate(const FaceContext& ctx, const PhotoReport& report, bool french) {
  const cv::Mat& photo = ctx.bgr;
  const double unit = std::max(1.0, std::max(photo.cols, photo.rows) / 500.0);  // reads at any size
  const int thick = std::max(1, cvRound(unit));
  const AllowedBands bands = allowed_bands(ctx, report);

  // The panel: its width from the photo, its height from what it lists.
  const PanelText text{cvRound(13 * unit), std::max(1, cvRound(unit * 0.9))};
  const int panel_w = std::max(cvRound(260 * unit), photo.cols * 3 / 4);
  const int pad = cvRound(8 * unit), swatch_w = cvRound(26 * unit);
  const std::vector<cv::Point> covered = covered_outline(ctx, report);
  const auto hot_spots = hot_spot_outlines(ctx, report);
  const std::optional<double> head_top = head_top_row(ctx, report);
  const auto head_sides = head_side_lines(ctx, report);
  const auto gaze = gaze_vectors(ctx, report);
  const std::vector<cv::Point> hair = hair_outline(ctx, report);
  const auto closed_eyes = closed_eye_outlines(ctx, report);
  const auto rims = frame_rims(ctx, report);
  const auto lenses = lens_skin_outlines(ctx, report);
  const auto shoulders = shoulder_polylines(ctx, report);
  const auto motion = motion_arrow(ctx, report);
  const auto folds = fold_segments(ctx, report);
  const auto sitter = sitter_outlines(ctx, report);
  const std::optional<cv::Rect> detail = detail_region(ctx, report);
  const int magnified = detail ? detail_magnification(*detail, panel_w - 2 * pad) : 0;
  const Drawings drawn_extra{.covered = !covered.empty(), .hot_spots = !hot_spots.empty(), .head_top = head_top.has_value(),
                             .head_sides = !head_sides.empty(),
                             .gaze = !gaze.empty(), .hair = !hair.empty(), .frames = !rims.empty(), .lenses = !lenses.empty(),
                             .shoulders = !shoulders.empty(), .motion = motion.has_value(), .folds = !folds.empty(),
                             .sitter = !sitter.empty(), .closed_eyes = !closed_eyes.empty(), .detail_magnified = magnified};
  const std::vector<Entry> entries = panel_entries(ctx, report, bands, drawn_extra, french);
  auto text_x = [&](const Entry& e) {  // from the panel's left edge
    return pad + (e.swatch == Entry::header || e.swatch == Entry::title ? 0
                  : e.swatch == Entry::indented || e.swatch == Entry::none ? pad * 2
                                                                            : swatch_w + pad);
  };
  cv::Mat scratch;
  int needed = pad * 2;
  for (const auto& e : entries)
    needed = write_wrapped(scratch, e.text, {0, needed}, panel_w - text_x(e) - pad, text, e.swatch == Entry::header,
                           e.colour, false);

  const cv::Size inset = detail ? cv::Size(detail->width * magnified, detail->height * magnified) : cv::Size();
  if (detail) needed += pad + inset.height + thick;
  cv::Mat out(std::max(photo.rows, needed + pad), photo.cols + panel_w, photo.type(), cv::Scalar(255, 255, 255));
  photo.copyTo(out(cv::Rect(0, 0, photo.cols, photo.rows)));
  cv::Mat drawn = out(cv::Rect(0, 0, photo.cols, photo.rows));  // lines stay on the photo

  if (ctx.face && !ctx.face->background_mask.empty()) {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(ctx.face->background_mask.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    cv::drawContours(drawn, contours, -1, background_colour, thick, cv::LINE_AA);
    cv::drawContours(drawn, sitter, -1, sitter_colour, thick, cv::LINE_AA);
  }
  for (const auto& box : ctx.face_boxes) cv::rectangle(drawn, box, face_colour, thick, cv::LINE_AA);
  for (const auto& box : ctx.small_face_boxes) cv::rectangle(drawn, box, small_face_colour, thick, cv::LINE_AA);
  for (const auto& box : ctx.other_face_boxes) cv::rectangle(drawn, box, other_face_colour, thick, cv::LINE_AA);
  if (ctx.face) {
    const Face& f = *ctx.face;
    const double w = drawn.cols, dash = 10 * unit;
    if (bands.eye_rows)
      for (const double y : {bands.eye_rows->from, bands.eye_rows->to}) dashed(drawn, {0, y}, {w, y}, eye_colour, thick, dash);
    if (bands.centre_columns)
      for (const double x : {bands.centre_columns->from, bands.centre_columns->to})
        dashed(drawn, {x, 0}, {x, static_cast<double>(drawn.rows)}, centre_colour, thick, dash);
    if (bands.crown_rows)
      for (const double y : {bands.crown_rows->from, bands.crown_rows->to})
        dashed(drawn, {0, y}, {w, y}, crown_band_colour, thick, dash);
    for (const auto& p : f.landmarks) cv::circle(drawn, p, thick + 1, face_colour, cv::FILLED, cv::LINE_AA);
    cv::line(drawn, f.eye_left, f.eye_right, eye_colour, thick, cv::LINE_AA);
    cv::line(drawn, {0, cvRound(f.crown_y)}, {drawn.cols, cvRound(f.crown_y)}, chin_crown_colour, thick, cv::LINE_AA);
    cv::line(drawn, {0, cvRound(f.chin.y)}, {drawn.cols, cvRound(f.chin.y)}, chin_crown_colour, thick, cv::LINE_AA);
    cv::line(drawn, {cvRound(f.midline_x), 0}, {cvRound(f.midline_x), drawn.rows}, centre_colour, thick, cv::LINE_AA);
    if (!covered.empty()) cv::polylines(drawn, covered, true, covered_colour, thick + 1, cv::LINE_AA);
    cv::polylines(drawn, hot_spots, true, hot_spot_colour, thick, cv::LINE_AA);
    cv::polylines(drawn, shoulders, false, shoulder_colour, thick + 1, cv::LINE_AA);
    if (head_top)  // a row 0 line is drawn along the edge, inside the photo
      cv::line(drawn, {0, std::max(thick / 2, cvRound(*head_top))}, {drawn.cols, std::max(thick / 2, cvRound(*head_top))},
               head_top_colour, thick + 1, cv::LINE_AA);
    for (const auto& [from, to] : head_sides) {  // a column 0 line is drawn along the edge, inside the photo
      const float x = std::clamp(from.x, thick / 2.0f, drawn.cols - 1 - thick / 2.0f);
      cv::line(drawn, {cvRound(x), cvRound(from.y)}, {cvRound(x), cvRound(to.y)}, head_top_colour, thick + 1, cv::LINE_AA);
    }
    if (!hair.empty()) cv::polylines(drawn, hair, true, hair_colour, thick + 1, cv::LINE_AA);
    cv::polylines(drawn, closed_eyes, true, closed_eye_colour, thick + 1, cv::LINE_AA);
    // Each iris ringed, and a line from the middle of the eye's corners through it, three times
    // its offset long, so that a glance of a few pixels shows.
    for (const auto& [centre, iris] : gaze) {
      cv::circle(drawn, iris, std::max(2, cvRound(0.06 * f.inter_eye_px)), gaze_colour, thick, cv::LINE_AA);
      cv::line(drawn, centre, centre + 3.0f * (iris - centre), gaze_colour, thick + 1, cv::LINE_AA);
    }
    for (const auto& [from, to] : rims) cv::line(drawn, from, to, frame_colour, thick + 1, cv::LINE_AA);
    cv::polylines(drawn, lenses, true, lens_colour, thick, cv::LINE_AA);
    if (motion) {
      cv::arrowedLine(drawn, motion->first, motion->second, motion_colour, thick + 1, cv::LINE_AA, 0, 0.15);
      cv::arrowedLine(drawn, motion->second, motion->first, motion_colour, thick + 1, cv::LINE_AA, 0, 0.15);
    }
    for (const auto& [from, to] : folds) cv::line(drawn, from, to, fold_colour, thick + 2, cv::LINE_AA);
    if (detail) cv::rectangle(drawn, *detail, detail_colour, thick, cv::LINE_AA);
  }

  // The panel, right of the photo, separated by a grey rule.
  cv::line(out, {photo.cols, 0}, {photo.cols, out.rows}, cv::Scalar(180, 180, 180), thick);
  const int x0 = photo.cols + pad;
  int y = pad * 2;
  for (const auto& e : entries) {
    const bool swatch = e.swatch == Entry::solid || e.swatch == Entry::dashes || e.swatch == Entry::box ||
                        e.swatch == Entry::dots;
    if (swatch) {
      const int mid = y - text.height / 3;
      const cv::Point a(x0, mid), b(x0 + swatch_w, mid);
      switch (e.swatch) {
        case Entry::solid: cv::line(out, a, b, e.swatch_colour, thick + 1, cv::LINE_AA); break;
        case Entry::dashes: dashed(out, a, b, e.swatch_colour, thick + 1, swatch_w / 5.0); break;
        case Entry::box:
          cv::rectangle(out, {x0 + 2, mid - cvRound(6 * unit)}, {x0 + swatch_w - 2, mid + cvRound(6 * unit)},
                        e.swatch_colour, thick, cv::LINE_AA);
          break;
        case Entry::dots:
          for (int i = 0; i < 3; ++i)
            cv::circle(out, {x0 + 4 + i * swatch_w / 3, mid}, thick + 1, e.swatch_colour, cv::FILLED, cv::LINE_AA);
          break;
        default: break;
      }
    }
    const int at = photo.cols + text_x(e);
    y = write_wrapped(out, e.text, {at, y}, out.cols - at - pad, text, e.swatch == Entry::header, e.colour, true);
  }
  // The region photo.pixelation read, copied from the photo (not from the drawing) and magnified by
  // repeating each pixel, framed in its colour.
  if (detail) {
    const cv::Rect where(x0, y + pad, inset.width, inset.height);
    cv::resize(photo(*detail), out(where), inset, 0, 0, cv::INTER_NEAREST);
    cv::rectangle(out, cv::Rect(where.x - thick, where.y - thick, where.width + 2 * thick, where.height + 2 * thick),
                  detail_colour, thick);  // around the copy, not over its edge pixels
  }
  return out;
}

}  // namespace conforme
