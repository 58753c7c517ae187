// conforme-make-samples: labelled, generated ID photos for the accuracy report and the CI
// regression (issue 6). Each compliant base portrait is framed as a 35 x 45 mm photo at 600 dpi,
// then changed one defect at a time at several strengths. labels.csv says, for each photo, the
// checks the variant exercises and the verdict the rule (not the tool) expects.
//
// Labels follow the generation, never the program's measurements:
//  * a compliant photo gets `pass` for every check it is built to satisfy, except pose.yaw and
//    pose.pitch: the true pose of a real face is unknown. Mirrored faces (one half reflected about
//    the mid-line) are truly frontal in yaw, so they also get pose.yaw = pass;
//  * a defect variant gets one row, for the check its defect breaks (or, at a mild strength that
//    the rule allows, a full compliant row set);
//  * strengths within the generator's own precision of a threshold are not generated.
// Rows may name checks that do not exist yet (light.face_shadow, jpeg.quality, glasses, ...);
// `conforme eval` reports them as not evaluated.
//
// Deterministic: fixed seeds, OpenCV's RNG reset before every GrabCut, sequential generation.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "face/models.hpp"
#include "io/inputs.hpp"
#include "synth/synth.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace conforme;

namespace {

constexpr int photo_dpi = 600;  // 827 x 1063 px = 35 x 45 mm

// The neutral, glasses-free, bare-headed portraits of tests/data/faces (see its PROVENANCE.md).
const std::vector<std::string> default_bases = {"congress_C001088", "congress_F000479", "congress_H001046",
                                                "congress_S001183"};
// Bases whose chin is hidden by a beard (F000479's goatee, by inspection). head.height runs from
// the chin to the top of the skull, so the generation cannot say where the rule's chin is: their
// photos get no head.height label. The 68-point fit does not know either: on F000479 framed at
// 600 dpi, moving the detector's box by 4 % moves landmark 8 anywhere from the middle to the
// bottom of the beard (ratios 0.67-0.80 for one framing). EVALUATION.md reports them apart.
const std::set<std::string> chin_hidden_bases = {"congress_F000479"};
// The committed set: two sitters, one photo per defect at one or two strengths (about 4 MB).
const std::vector<std::string> small_bases = {"congress_C001088", "congress_S001183"};

// Checks a compliant generated photo is built to satisfy. pose.yaw and pose.pitch are left out
// (real faces, true pose unknown). The last ones do not exist yet; eval skips them with a note.
const std::vector<std::string> compliant_checks = {
    "photo.aspect",   "photo.resolution", "face.count",        "head.height",   "head.center_x",     "eyes.line",
    "pose.roll",      "eyes.open",        "expr.mouth_closed", "expr.neutral",  "bg.uniform",        "bg.colour",
    "light.exposure", "colour.is_colour", "sharp.focus",       "photo.size_mm", "light.face_shadow", "jpeg.quality",
    "glasses",        "head.covering",    "bg.shadow",         "eyes.red",      "print.marks",       "photo.pixelation"};

struct Row {
  std::string check;
  bool pass;
};

std::vector<Row> all_pass() {
  std::vector<Row> rows;
  for (const auto& c : compliant_checks) rows.push_back({c, true});
  return rows;
}
std::vector<Row> one(const std::string& check, bool pass) { return {{check, pass}}; }

struct Base {
  std::string stem;  // congress_C001088
  std::string id;    // C001088
  cv::Mat portrait;
  FaceContext source;  // of the portrait
  cv::Mat framed;      // the portrait framed as a compliant photo, its own background
  cv::Mat ok;          // compliant photo on light grey
  cv::Mat ok_alpha;    // its person mask
  FaceContext ok_ctx;  // of `ok`
};

// One generated photo.
struct Sample {
  std::string name;       // file name without extension
  std::string transform;  // for PROVENANCE.md
  cv::Mat bgr;
  std::vector<Row> rows;
  int quality = 0;  // 0: the set's quality
  int dpi = photo_dpi;
};

class Generator {
 public:
  Generator(FaceAnalyser& analyser, bool full) : analyser_(analyser), full_(full) {}

  Base load(const fs::path& faces_dir, const std::string& stem) {
    Base b;
    b.stem = stem;
    b.id = stem.substr(stem.find('_') + 1);
    for (const char* ext : {".jpg", ".png"}) {
      const fs::path p = faces_dir / (stem + ext);
      if (fs::exists(p)) b.portrait = cv::imread(p.string(), cv::IMREAD_COLOR);
    }
    if (b.portrait.empty()) throw std::runtime_error("no portrait " + stem + ".jpg or .png in " + faces_dir.string());
    b.source = analyser_.analyse(b.portrait);
    if (!b.source.face.has_value())
      throw std::runtime_error(stem + ": " + std::to_string(b.source.face_count) + " faces found, expected 1");
    b.framed = synth::frame_portrait(b.portrait, b.source, {});
    const FaceContext framed_ctx = analyser_.analyse(b.framed);
    if (!framed_ctx.face.has_value()) throw std::runtime_error(stem + ": no face after framing");
    reset_rng();
    b.ok_alpha = synth::person_alpha(b.framed, framed_ctx);
    b.ok = synth::composite(b.framed, b.ok_alpha, synth::plain_background(b.framed.size(), synth::light_grey));
    b.ok_ctx = analyser_.analyse(b.ok);
    if (!b.ok_ctx.face.has_value()) throw std::runtime_error(stem + ": no face in the compliant photo");
    return b;
  }

  // Every sample of one base. `other` provides the second face of the two-face photo.
  std::vector<Sample> samples(const Base& b, const Base& other) {
    out_.clear();
    const double ied = b.ok_ctx.face->inter_eye_px;
    auto fmt = [](const char* f, double v) {
      char buf[64];
      std::snprintf(buf, sizeof buf, f, v);
      return std::string(buf);
    };

    // --- compliant photos --------------------------------------------------------------------
    add(true, "ok", "framed 35x45 mm at 600 dpi on light grey (205,205,205)", all_pass(), [&] { return b.ok; });
    add(true, "bg-lightblue", "compliant, light blue background BGR (235,214,190)", all_pass(),
        [&] { return on(b, synth::light_blue); });
    add(false, "bg-grey-190", "compliant, light grey background (190,190,190)", all_pass(),
        [&] { return on(b, cv::Scalar::all(190)); });
    add(false, "bg-grey-222", "compliant, light grey background (222,222,222)", all_pass(),
        [&] { return on(b, cv::Scalar::all(222)); });
    add(false, "bg-paleblue", "compliant, pale blue background BGR (242,228,212)", all_pass(),
        [&] { return on(b, cv::Scalar(242, 228, 212)); });
    {
      auto rows = all_pass();
      rows.push_back({"pose.yaw", true});
      cv::Mat centred;
      auto mirrored = [&](bool keep_left) {
        if (centred.empty()) centred = centred_on_midline(b);
        return mirror(centred, keep_left);
      };
      add(true, "mirror-left", "left half (image left) reflected about the face mid-line: frontal in yaw and roll",
          rows, [&] { return mirrored(true); });
      add(false, "mirror-right", "right half (image right) reflected about the face mid-line: frontal in yaw and roll",
          rows, [&] { return mirrored(false); });
    }

    // --- bg.colour (fr-ants: light blue or light grey; white forbidden) ------------------------
    struct Colour {
      const char* name;
      cv::Scalar bgr;
      bool small;
    };
    for (const Colour& c : {Colour{"white", synth::white, true}, Colour{"white-250", cv::Scalar::all(250), false},
                            Colour{"red", {40, 40, 210}, true}, Colour{"green", {70, 180, 70}, false},
                            Colour{"yellow", {40, 215, 240}, false}, Colour{"darkgrey", cv::Scalar::all(90), false},
                            Colour{"navy", {110, 50, 30}, false}}) {
      std::ostringstream t;
      t << c.name << " background BGR (" << c.bgr[0] << "," << c.bgr[1] << "," << c.bgr[2] << ")";
      add(c.small, std::string("bg-") + c.name, t.str(), one("bg.colour", false), [&] { return on(b, c.bgr); });
    }

    // --- bg.uniform -----------------------------------------------------------------------------
    for (std::uint32_t seed : {11u, 12u, 13u})
      add(seed == 11u, "bg-busy-" + std::to_string(seed),
          "busy background (random shapes, seed " + std::to_string(seed) + ")", one("bg.uniform", false),
          [&] { return on(b, synth::busy_background(b.ok.size(), seed)); });
    add(true, "bg-gradient-strong", "vertical gradient 250 -> 110 grey", one("bg.uniform", false),
        [&] { return on(b, synth::gradient_background(b.ok.size(), cv::Scalar::all(250), cv::Scalar::all(110))); });
    add(false, "bg-gradient-blue", "vertical gradient light blue -> dark blue", one("bg.uniform", false), [&] {
      return on(b, synth::gradient_background(b.ok.size(), {245, 230, 210}, {150, 100, 50}));
    });
    add(false, "bg-gradient-side", "horizontal gradient 245 -> 125 grey", one("bg.uniform", false),
        [&] { return on(b, horizontal_gradient(b.ok.size(), 245, 125)); });
    add(false, "bg-gradient-mild", "compliant, vertical gradient 212 -> 198 grey (studio backdrop fall-off)",
        all_pass(),
        [&] { return on(b, synth::gradient_background(b.ok.size(), cv::Scalar::all(212), cv::Scalar::all(198))); });

    // --- head.height (fr-ants 0.711-0.800 of the height); eye line stays at 0.55 ------------------
    // The framing places the crown one eye-to-chin distance above the eyes (the mean adult head).
    // Real heads differ: on the bald base F000479 the skull top is visible and lies 0.94 of that
    // distance above the eyes. So a generated ratio is known to about +-6 %: the compliant 0.75 is
    // labelled pass, and defects are generated at least 6 % outside the band (<= 0.668, >= 0.851).
    for (double h : {0.62, 0.65, 0.86, 0.89}) {
      synth::Framing f;
      f.head_height = h;
      add(h == 0.65 || h == 0.86, "head-" + fmt("%.2f", h), "chin-to-crown " + fmt("%.2f", h) + " of the height",
          one("head.height", false), [&] { return framed(b, f); });
    }

    // --- head.center_x (0.45-0.55); the eye mid-point is placed, the check reads the mid-line -----
    for (double x : {0.38, 0.41, 0.48, 0.52, 0.59, 0.62}) {
      const bool pass = x > 0.45 + 0.02 && x < 0.55 - 0.02;
      synth::Framing f;
      f.centre_x = x;
      add(x == 0.41 || x == 0.59, "centre-" + fmt("%.2f", x), "eye mid-point at " + fmt("%.2f", x) + " of the width",
          pass ? all_pass() : one("head.center_x", false), [&] { return framed(b, f); });
    }

    // --- eyes.line (0.50-0.70 from the bottom) --------------------------------------------------
    for (double e : {0.44, 0.47, 0.53, 0.62, 0.73, 0.76}) {
      const bool pass = e > 0.50 + 0.02 && e < 0.70 - 0.02;
      synth::Framing f;
      f.eye_line = e;
      add(e == 0.44 || e == 0.73, "eyes-" + fmt("%.2f", e),
          "eye line at " + fmt("%.2f", e) + " of the height from the bottom",
          pass ? all_pass() : one("eyes.line", false), [&] { return framed(b, f); });
    }

    // --- pose.roll (+-8 deg) --------------------------------------------------------------------
    for (double r : {4.0, -4.0, 12.0, -12.0, 20.0, -20.0}) {
      const bool pass = std::abs(r) < 8.0 - 1.0;
      synth::Framing f;
      f.roll_deg = r;
      add(r == 4.0 || r == 12.0 || r == -20.0, "roll" + fmt("%+.0f", r), "head tilted " + fmt("%+.0f", r) + " deg",
          pass ? all_pass() : one("pose.roll", false), [&] { return framed(b, f); });
    }

    // --- sharp.focus: blur relative to the eye distance, so every base gets the same defect -------
    // Invisible: sigma <= IED/250 (under 1 px here). Visible: sigma >= IED/40 (about 0.1 mm on the print).
    for (double k : {250.0, 40.0, 25.0, 15.0}) {
      const double sigma = ied / k;
      add(k == 40.0, "blur-ied" + fmt("%.0f", k),
          "gaussian blur sigma = IED/" + fmt("%.0f", k) + " = " + fmt("%.1f", sigma) + " px",
          k > 100 ? all_pass() : one("sharp.focus", false), [&] { return synth::gaussian_blur(b.ok, sigma); });
    }
    for (double k : {12.0, 6.0}) {
      const int length = std::max(3, static_cast<int>(std::lround(ied / k)) | 1);
      add(k == 12.0, "motion-ied" + fmt("%.0f", k),
          "motion blur " + std::to_string(length) + " px (IED/" + fmt("%.0f", k) + ") at 0 deg",
          one("sharp.focus", false), [&] { return synth::motion_blur(b.ok, length, 0.0); });
      add(false, "motion-ied" + fmt("%.0f", k) + "-diag",
          "motion blur " + std::to_string(length) + " px (IED/" + fmt("%.0f", k) + ") at 60 deg",
          one("sharp.focus", false), [&] { return synth::motion_blur(b.ok, length, 60.0); });
    }

    // --- light.exposure: sRGB values x gain + offset ----------------------------------------------
    struct Exposure {
      const char* name;
      double gain, offset;
      bool pass, small;
    };
    for (const Exposure& e :
         {Exposure{"over-1", 1.6, 30, false, true}, Exposure{"over-2", 2.0, 40, false, false},
          Exposure{"under-1", 0.40, 0, false, true}, Exposure{"under-2", 0.28, 0, false, false},
          Exposure{"mild-bright", 1.08, 0, true, false}, Exposure{"mild-dark", 0.92, 0, true, false}}) {
      add(e.small, std::string("exposure-") + e.name, "sRGB x " + fmt("%.2f", e.gain) + " + " + fmt("%.0f", e.offset),
          e.pass ? all_pass() : one("light.exposure", false), [&] { return synth::exposure(b.ok, e.gain, e.offset); });
    }

    // --- colour.is_colour -----------------------------------------------------------------------
    add(true, "grey", "converted to grey levels", one("colour.is_colour", false), [&] { return synth::to_grey(b.ok); });
    add(false, "desaturated-60", "compliant, chroma reduced to 60 %", all_pass(),
        [&] { return desaturate(b.ok, 0.6); });

    // --- light.face_shadow (not a check yet) ------------------------------------------------------
    add(true, "shadow-left-35", "image-left half of the face darkened 35 %", one("light.face_shadow", false),
        [&] { return synth::side_shadow(b.ok, b.ok_ctx, 0.35, -1); });
    add(false, "shadow-right-55", "image-right half of the face darkened 55 %", one("light.face_shadow", false),
        [&] { return synth::side_shadow(b.ok, b.ok_ctx, 0.55, +1); });

    // --- jpeg.quality (not a check yet): the file itself is written at the low quality -----------
    for (int q : {15, 30}) {
      Sample& s = add(q == 15, "jpeg-q" + std::to_string(q), "compliant photo", one("jpeg.quality", false),
                      [&] { return b.ok; });
      s.quality = q;
    }

    // jpeg.quality from the pixels: compressed hard once, then written at the set's quality (issue 9).
    for (int q : {30, 50})
      add(false, "jpeg-q" + std::to_string(q) + "-resaved",
          "compliant photo JPEG-compressed at quality " + std::to_string(q) + ", then written at the set's quality",
          one("jpeg.quality", false), [&] { return synth::jpeg_roundtrip(b.ok, q); });
    {
      Sample& s = add(false, "jpeg-q80", "compliant photo", all_pass(), [&] { return b.ok; });
      s.quality = 80;
    }

    // --- bg.shadow: the sitter's shadow cast on the backdrop (issue 9) ----------------------------
    for (int side : {-1, +1})
      for (double depth : {0.2, 0.35})
        add(false, std::string("bg-shadow-") + (side < 0 ? "left-" : "right-") + fmt("%.0f", 100 * depth),
            "the sitter's silhouette cast on the backdrop towards the image " + std::string(side < 0 ? "left" : "right") +
                ", " + fmt("%.0f", 100 * depth) + " % deep",
            one("bg.shadow", false), [&] { return synth::background_shadow(b.ok, b.ok_ctx, depth, side); });

    // --- eyes.red: flash-red pupils (issue 9) ------------------------------------------------------
    for (double radius : {0.04, 0.055})
      add(false, "red-eyes-" + fmt("%.3f", radius), "both pupils flash red, radius " + fmt("%.3f", radius) + " IED",
          one("eyes.red", false), [&] { return synth::red_pupils(b.ok, b.ok_ctx, radius); });

    // --- print.marks: a fold crossing the print (issue 9) ------------------------------------------
    for (double angle : {20.0, 90.0})
      add(false, "fold-" + fmt("%.0f", angle), "a crease at " + fmt("%.0f", angle) + " deg through the face, 25 % contrast",
          one("print.marks", false), [&] {
            return synth::print_fold(b.ok, b.ok_ctx.face->eye_mid + cv::Point2f(30, 80), angle, 0.25);
          });

    // --- photo.aspect (0.74-0.80): crops around the eye mid-point ---------------------------------
    for (double a : {1.0, 0.9, 0.70, 0.65})
      add(a == 1.0 || a == 0.9, "aspect-" + fmt("%.2f", a), "cropped to width/height " + fmt("%.2f", a),
          one("photo.aspect", false), [&] { return crop_to_aspect(b.ok, b.ok_ctx.face->eye_mid, a); });

    // --- photo.resolution (>= 90 px between the eye centres): downscaled, same print size ----------
    for (double target : {60.0, 75.0, 130.0}) {
      const double s = target / ied;
      const cv::Size size(static_cast<int>(std::lround(b.ok.cols * s)), static_cast<int>(std::lround(b.ok.rows * s)));
      Sample& smp = add(target == 60.0, "ied-" + fmt("%.0f", target),
                        "downscaled to " + std::to_string(size.width) + "x" + std::to_string(size.height) +
                            " so the eye centres are " + fmt("%.0f", target) + " px apart",
                        target >= 90.0 + 10.0 ? all_pass() : one("photo.resolution", false), [&] {
                          cv::Mat small;
                          cv::resize(b.ok, small, size, 0, 0, cv::INTER_AREA);
                          return small;
                        });
      smp.dpi = static_cast<int>(std::lround(photo_dpi * s));  // the same 35 x 45 mm print
    }

    // --- face.count ---------------------------------------------------------------------------
    add(true, "noface-plain", "light grey background alone", one("face.count", false),
        [&] { return synth::plain_background(b.ok.size(), synth::light_grey); });
    add(false, "noface-busy", "busy background alone (seed 21)", one("face.count", false),
        [&] { return synth::busy_background(b.ok.size(), 21); });
    add(true, "two-faces", "with " + other.stem + "'s compliant photo, side by side at half size",
        one("face.count", false), [&] { return side_by_side(b.ok, other.ok); });
    add(false, "two-faces-same", "twice side by side at half size", one("face.count", false),
        [&] { return side_by_side(b.ok, b.ok); });
    add(true, "person-behind",
        other.stem + "'s portrait behind the sitter, at a fifth of the sitter's face width, on the backdrop beside the head",
        one("face.count", false), [&] {
          reset_rng();
          return synth::person_behind(b.ok, b.ok_ctx, other.portrait, other.source, 0.2,
                                      synth::beside_head(b.ok_ctx, b.ok.cols));
        });
    return std::move(out_);
  }

 private:
  static void reset_rng() { cv::theRNG().state = 0x5EED5A3B1ULL; }

  // Makes the photo only when the set holds it (`small` photos are in both sets).
  template <class Make>
  Sample& add(bool small, const std::string& name, const std::string& transform, std::vector<Row> rows, Make make) {
    if (!small && !full_) {
      scratch_ = {};
      return scratch_;
    }
    Sample s;
    s.name = name;
    s.transform = transform;
    s.bgr = make();
    s.rows = std::move(rows);
    out_.push_back(std::move(s));
    return out_.back();
  }

  // The compliant framing on another background (the person mask is the compliant photo's).
  cv::Mat on(const Base& b, const cv::Scalar& bgr) const { return on(b, synth::plain_background(b.ok.size(), bgr)); }
  cv::Mat on(const Base& b, const cv::Mat& background) const {
    return synth::composite(b.framed, b.ok_alpha, background);
  }

  // The portrait framed anew, with its own person mask, on light grey.
  cv::Mat framed(const Base& b, const synth::Framing& f) {
    const cv::Mat photo = synth::frame_portrait(b.portrait, b.source, f);
    reset_rng();
    return synth::with_background(photo, analyser_, synth::plain_background(photo.size(), synth::light_grey));
  }

  // Compliant photo whose face mid-line (as derived from the landmarks) falls on the centre column.
  cv::Mat centred_on_midline(const Base& b) {
    synth::Framing f;
    f.centre_x += ((b.ok.cols - 1) / 2.0 - b.ok_ctx.face->midline_x) / b.ok.cols;
    return framed(b, f);
  }

  // Reflects one half of the photo about its centre column (827 px wide: column 413).
  static cv::Mat mirror(const cv::Mat& photo, bool keep_left) {
    cv::Mat flipped, out = photo.clone();
    cv::flip(photo, flipped, 1);
    const int axis = photo.cols / 2;
    const cv::Rect half =
        keep_left ? cv::Rect(axis + 1, 0, photo.cols - axis - 1, photo.rows) : cv::Rect(0, 0, axis, photo.rows);
    flipped(half).copyTo(out(half));
    return out;
  }

  static cv::Mat horizontal_gradient(cv::Size size, double left, double right) {
    cv::Mat out(size, CV_8UC3);
    for (int x = 0; x < size.width; ++x)
      out.col(x).setTo(cv::Scalar::all(left + (right - left) * x / std::max(1, size.width - 1)));
    return out;
  }

  static cv::Mat desaturate(const cv::Mat& bgr, double keep) {
    cv::Mat grey = synth::to_grey(bgr), out;
    cv::addWeighted(bgr, keep, grey, 1.0 - keep, 0.0, out);
    return out;
  }

  // Largest crop of the given width/height ratio, centred on `centre` as far as the photo allows.
  static cv::Mat crop_to_aspect(const cv::Mat& photo, cv::Point2f centre, double aspect) {
    int w = photo.cols, h = static_cast<int>(std::lround(w / aspect));
    if (h > photo.rows) {
      h = photo.rows;
      w = static_cast<int>(std::lround(h * aspect));
    }
    const int x = std::clamp(static_cast<int>(std::lround(centre.x - w / 2.0)), 0, photo.cols - w);
    const int y = std::clamp(static_cast<int>(std::lround(centre.y - h / 2.0)), 0, photo.rows - h);
    return photo(cv::Rect(x, y, w, h)).clone();
  }

  static cv::Mat side_by_side(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat out = synth::plain_background(a.size(), synth::light_grey);
    const cv::Size half(a.cols / 2, a.rows / 2);
    cv::Mat sa, sb;
    cv::resize(a, sa, half, 0, 0, cv::INTER_AREA);
    cv::resize(b, sb, half, 0, 0, cv::INTER_AREA);
    const int y = (a.rows - half.height) / 2;
    sa.copyTo(out(cv::Rect(0, y, half.width, half.height)));
    sb.copyTo(out(cv::Rect(a.cols - half.width, y, half.width, half.height)));
    return out;
  }

  FaceAnalyser& analyser_;
  bool full_;
  std::vector<Sample> out_;
  Sample scratch_;
};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!(out << text)) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description opts(
      "Usage: conforme-make-samples [options]\n"
      "\n"
      "Writes generated ID photos (827 x 1063 JPEG, 600 dpi) made from compliant public-domain\n"
      "portraits, one defect at a time, with labels.csv (image,check,expected) and PROVENANCE.md.\n"
      "Deterministic: the same inputs give the same bytes.\n"
      "\n"
      "Options");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("faces", po::value<std::string>()->default_value("tests/data/faces"), "directory of the base portraits")
      ("out", po::value<std::string>(), "output directory (default: samples for --set small, out/samples-full for full)")
      ("set", po::value<std::string>()->default_value("small"), "small (committed to samples/) or full (every base, every strength)")
      ("bases", po::value<std::string>(), "comma-separated portrait stems (default: the four compliant bases; small: C001088 and S001183)")
      ("quality", po::value<int>(), "JPEG quality (default 88 for small, 92 for full)")
      ("models", po::value<std::string>()->default_value(""), "directory holding the dlib landmark model");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "conforme-make-samples: " << e.what() << "\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout << opts;
    return 0;
  }
  const std::string set = vm["set"].as<std::string>();
  if (set != "small" && set != "full") {
    std::cerr << "conforme-make-samples: --set must be small or full\n";
    return 2;
  }
  const bool full = set == "full";
  const fs::path out_dir = vm.count("out") ? vm["out"].as<std::string>() : (full ? "out/samples-full" : "samples");
  const int quality = vm.count("quality") ? vm["quality"].as<int>() : (full ? 92 : 88);
  std::vector<std::string> stems = default_bases;
  if (vm.count("bases")) {
    stems.clear();
    std::stringstream list(vm["bases"].as<std::string>());
    for (std::string s; std::getline(list, s, ',');)
      if (!s.empty()) stems.push_back(s);
  } else if (!full) {
    stems = small_bases;
  }

  try {
    cv::setNumThreads(1);  // one thread: the same operations in the same order, every run
    FaceAnalyser analyser(FaceModels::load(vm["models"].as<std::string>()));
    Generator gen(analyser, full);
    const fs::path faces = vm["faces"].as<std::string>();
    std::vector<Base> bases;
    for (const auto& stem : stems) bases.push_back(gen.load(faces, stem));
    // Two-face photos pair each base with the next one (or, alone, with the second default base).
    std::optional<Base> partner;
    if (bases.size() == 1)
      partner = gen.load(faces, stems[0] == default_bases[1] ? default_bases[0] : default_bases[1]);

    fs::create_directories(out_dir);
    std::ostringstream labels, provenance;
    labels << "image,check,expected\n";
    provenance << "# Generated sample photos\n\n"
               << "Written by `conforme-make-samples --set " << set
               << "` (tests/kit/tools/make_samples.cpp); do not edit by\n"
               << "hand, regenerate. Every photo is made from a public-domain portrait of `tests/data/faces/`\n"
               << "(official portraits of members of the 118th US Congress, works of the US federal government),\n"
               << "framed as a 35 x 45 mm photo at " << photo_dpi << " dpi (827 x 1063 px) and written as JPEG quality "
               << quality
               << "\nunless the line says otherwise. `labels.csv` holds the verdict each photo is built to get\n"
               << "under the fr-ants rules (see the tool's header for how labels are chosen).\n\n"
               << "| photo | portrait | transform |\n|---|---|---|\n";
    std::set<std::string> written;
    for (std::size_t i = 0; i < bases.size(); ++i) {
      const Base& other = partner ? *partner : bases[(i + 1) % bases.size()];
      const bool chin_hidden = chin_hidden_bases.count(bases[i].stem) > 0;
      for (const Sample& s : gen.samples(bases[i], other)) {
        std::vector<Row> rows;
        for (const Row& r : s.rows)
          if (!(chin_hidden && r.check == "head.height")) rows.push_back(r);
        if (rows.empty()) continue;  // a head-size defect of a hidden chin says nothing
        const std::string file = bases[i].id + "_" + s.name + ".jpg";
        const auto bytes = synth::encode_jpeg_with_dpi(s.bgr, s.dpi, s.quality ? s.quality : quality);
        std::ofstream img(out_dir / file, std::ios::binary | std::ios::trunc);
        img.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!img) throw std::runtime_error("cannot write " + (out_dir / file).string());
        written.insert(file);
        for (const Row& r : rows) labels << file << "," << r.check << "," << (r.pass ? "pass" : "fail") << "\n";
        provenance << "| " << file << " | " << bases[i].stem << " | " << s.transform;
        if (chin_hidden) provenance << "; no head.height label (chin hidden by a beard)";
        if (s.dpi != photo_dpi) provenance << "; " << s.dpi << " dpi";
        if (s.quality) provenance << "; JPEG quality " << s.quality;
        provenance << " |\n";
      }
      std::cerr << bases[i].stem << ": done\n";
    }
    write_file(out_dir / "labels.csv", labels.str());
    write_file(out_dir / "PROVENANCE.md", provenance.str());
    // Stray photos would be checked by `conforme check DIR` too: name them, never delete them.
    for (const auto& entry : fs::directory_iterator(out_dir)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && has_image_extension(name) && !written.count(name))
        std::cerr << "warning: " << (out_dir / name).string() << " was not written by this run\n";
    }
    std::cerr << written.size() << " photos, labels.csv and PROVENANCE.md in " << out_dir.string() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "conforme-make-samples: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
