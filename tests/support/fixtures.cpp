#include "support/fixtures.hpp"

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>
#include <unistd.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "synth/synth.hpp"

namespace fs = std::filesystem;

namespace conforme::test {

std::string data_path(const std::string& relative) { return std::string(CONFORME_TEST_DATA) + "/" + relative; }
std::string source_path(const std::string& relative) { return std::string(CONFORME_SOURCE_DIR) + "/" + relative; }

std::string temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("conforme-test-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::shared_ptr<const FaceModels> models() {
  static const auto loaded = FaceModels::load();
  return loaded;
}

FaceAnalyser& analyser() {
  static FaceAnalyser instance(models());
  return instance;
}

const Checker& checker(const std::string& profile) {
  static std::map<std::string, std::unique_ptr<Checker>> checkers;
  auto& slot = checkers[profile];
  if (!slot) slot = std::make_unique<Checker>(load_profile(profile), models());
  return *slot;
}

cv::Mat real_photo(const std::string& file) {
  cv::Mat img = cv::imread(data_path("faces/" + file), cv::IMREAD_COLOR);
  if (img.empty()) throw std::runtime_error("test photo missing: " + file);
  return img;
}

std::vector<std::string> real_photo_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(data_path("faces"))) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".jpg" || ext == ".png") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

// The compliant bases: neutral, glasses-free, bare-headed portraits (tests/data/faces/PROVENANCE.md).
constexpr const char* base_portrait = "congress_S001183.jpg";

cv::Mat compliant() { return synth::compliant_photo(real_photo(base_portrait), analyser()); }

// Left half of the compliant face mirrored onto the right: a face that is exactly frontal in yaw
// and roll, whatever the sitter did.
cv::Mat symmetric() {
  cv::Mat c = compliant();
  const FaceContext ctx = analyser().analyse(c);
  const int mid = cvRound(ctx.face->midline_x);
  cv::Mat out = c.clone();
  cv::Mat left = c(cv::Rect(0, 0, mid, c.rows)), mirrored;
  cv::flip(left, mirrored, 1);
  const int w = std::min(mirrored.cols, c.cols - mid);
  mirrored(cv::Rect(0, 0, w, c.rows)).copyTo(out(cv::Rect(mid, 0, w, c.rows)));
  return out;
}

cv::Mat framed(const synth::Framing& f) {
  const cv::Mat portrait = real_photo(base_portrait);
  return synth::compliant_photo(portrait, analyser(), f);
}

const std::map<std::string, std::function<cv::Mat()>>& recipes() {
  static const std::map<std::string, std::function<cv::Mat()>> r = {
      // Each compliant base on its own, for measures that must hold across sitters.
      {"base_C001088", [] { return synth::compliant_photo(real_photo("congress_C001088.jpg"), analyser()); }},
      {"base_F000479", [] { return synth::compliant_photo(real_photo("congress_F000479.jpg"), analyser()); }},
      {"base_H001046", [] { return synth::compliant_photo(real_photo("congress_H001046.jpg"), analyser()); }},
      {"compliant", compliant},
      {"compliant_sym", symmetric},
      {"light_blue_bg", [] { return synth::compliant_photo(real_photo(base_portrait), analyser(), {}, synth::light_blue); }},
      {"white_bg", [] { return synth::compliant_photo(real_photo(base_portrait), analyser(), {}, synth::white); }},
      {"yellow_bg", [] { return synth::compliant_photo(real_photo(base_portrait), analyser(), {}, cv::Scalar(120, 225, 240)); }},
      {"dark_bg", [] { return synth::compliant_photo(real_photo(base_portrait), analyser(), {}, cv::Scalar(70, 70, 70)); }},
      {"busy_bg", [] { return synth::with_background(compliant(), analyser(), synth::busy_background({827, 1063}, 7)); }},
      // Top to bottom 250 -> 110 grey: the corners above the head alone span only about 30 levels.
      {"gradient_bg", [] {
         return synth::with_background(compliant(), analyser(),
                                       synth::gradient_background({827, 1063}, cv::Scalar::all(250), cv::Scalar::all(110)));
       }},
      {"roll_12", [] { synth::Framing f; f.roll_deg = 12; return framed(f); }},
      {"roll_4", [] { synth::Framing f; f.roll_deg = 4; return framed(f); }},
      {"head_half", [] { synth::Framing f; f.head_height = 0.375; return framed(f); }},
      {"head_big", [] { synth::Framing f; f.head_height = 0.86; f.eye_line = 0.5; return framed(f); }},
      {"shift_left", [] { synth::Framing f; f.centre_x = 0.38; return framed(f); }},
      {"eyes_high", [] { synth::Framing f; f.head_height = 0.5; f.eye_line = 0.76; return framed(f); }},
      // The compliant photo cropped at the top until the hair is cut by the edge (head.top_margin).
      {"hair_cut_top", [] { return synth::crop_top(compliant(), 0.08); }},
      // The compliant photo moved towards the image left until the hair and the ear are cut by
      // that edge (head.side_margin).
      {"head_cut_side", [] { return synth::crop_side(compliant(), 0.25); }},
      {"blur_strong", [] { return synth::gaussian_blur(compliant(), 6.0); }},
      {"motion_blur", [] { return synth::motion_blur(compliant(), 25, 0.0); }},
      // photo.motion_blur: moved vertically, and defocused (a disc, no direction).
      {"motion_blur_90", [] { return synth::motion_blur(compliant(), 25, 90.0); }},
      {"defocus_disc", [] { return synth::defocus_blur(compliant(), 7); }},
      {"grey", [] { return synth::to_grey(compliant()); }},
      {"over_exposed", [] { return synth::exposure(compliant(), 1.7, 60); }},
      {"under_exposed", [] { return synth::exposure(compliant(), 0.3, 0); }},
      {"square", [] { const cv::Mat c = compliant(); return cv::Mat(c(cv::Rect(0, (c.rows - c.cols) / 2, c.cols, c.cols))).clone(); }},
      {"low_res", [] { cv::Mat out; cv::resize(compliant(), out, {207, 266}, 0, 0, cv::INTER_AREA); return out; }},
      {"no_face", [] { return synth::plain_background({827, 1063}, synth::light_grey); }},
      // Issue 9: glasses, shadows, red eyes, compression, folds (src/synth).
      {"glasses_C001068", [] { return synth::compliant_photo(real_photo("congress_C001068.jpg"), analyser()); }},
      {"tinted_lenses", [] { const cv::Mat g = photo("glasses_C001068"); return synth::tinted_lenses(g, context(g), 0.2); }},
      {"lens_glare", [] { const cv::Mat g = photo("glasses_C001068"); return synth::lens_glare(g, context(g), 0.3); }},
      {"face_shadow", [] { const cv::Mat b = photo("base_H001046"); return synth::side_shadow(b, context(b), 0.55, -1); }},
      {"face_shadow_dark_side", [] { const cv::Mat c = compliant(); return synth::side_shadow(c, context(c), 0.35, +1); }},
      // A mild shadow (10 %) on the darker cheek: the cheek ratio falls into the review band.
      {"face_shadow_mild", [] { const cv::Mat c = compliant(); return synth::side_shadow(c, context(c), 0.10, +1); }},
      {"hot_spot_forehead", [] { const cv::Mat c = compliant(); return synth::hot_spot(c, context(c), synth::SkinSpot::forehead, 0.3); }},
      {"bg_shadow", [] { const cv::Mat c = compliant(); return synth::background_shadow(c, context(c), 0.35, +1); }},
      {"red_eyes", [] { const cv::Mat c = compliant(); return synth::red_pupils(c, context(c)); }},
      // Dark maroon pupils (a* 29) on a pale face (cheeks a* 12): the red-eye a fixed a* >= 32 missed.
      {"dark_red_eyes",
       [] {
         const cv::Mat c = photo("base_C001088");
         return synth::red_pupils(c, context(c), 0.055, cv::Scalar(40, 22, 80));
       }},
      {"closed_eyes", [] { const cv::Mat c = compliant(); return synth::closed_eyes(c, context(c)); }},
      // Issue 22 (eyes.gaze): both irises slid a quarter of the eye's width towards the image right.
      {"gaze_aside", [] { const cv::Mat c = compliant(); return synth::gaze_aside(c, context(c), 0.25); }},
      // Issue 22 (eyes.hair): a dark lock of hair fallen across the eye on the image left.
      {"hair_over_eye", [] { const cv::Mat c = compliant(); return synth::hair_over_eye(c, context(c), 0.8); }},
      {"face_mask", [] { const cv::Mat c = compliant(); return synth::face_mask(c, context(c)); }},
      {"face_mask_white", [] { const cv::Mat c = compliant(); return synth::face_mask(c, context(c), cv::Scalar(235, 235, 235)); }},
      {"face_mask_below_nose", [] { const cv::Mat c = compliant(); return synth::face_mask(c, context(c), cv::Scalar(228, 196, 150), 33); }},
      {"face_mask_white_below_nose", [] { const cv::Mat c = compliant(); return synth::face_mask(c, context(c), cv::Scalar(235, 235, 235), 33); }},
      // Issue 22 (colour.cast): a tungsten white balance, a green cast, a sepia print, a saturation boost.
      {"cast_tungsten", [] { return synth::colour_cast(compliant(), {0.55, 0.85, 1.2}); }},
      {"cast_green", [] { return synth::colour_cast(compliant(), {0.85, 1.3, 0.75}); }},
      {"sepia", [] { return synth::sepia(compliant(), 1.0); }},
      {"over_saturated", [] { return synth::saturation(compliant(), 2.0); }},
      {"jpeg_q30", [] { return synth::jpeg_roundtrip(compliant(), 30); }},
      // Issue 22, image quality: a real portrait (675 x 825, 137 px between the eyes) as an enlarged
      // small photo, and a real one enlarged before it was published (tests/data/quality).
      {"enlarged_x3", [] { return synth::enlarge(real_photo("congress_C001088.jpg"), 3.0, cv::INTER_CUBIC); }},
      {"enlarged_nearest_x3", [] { return synth::enlarge(real_photo("congress_C001088.jpg"), 3.0, cv::INTER_NEAREST); }},
      {"real_enlarged_A000369", [] {
         cv::Mat img = cv::imread(data_path("quality/congress_A000369_enlarged.jpg"), cv::IMREAD_COLOR);
         if (img.empty()) throw std::runtime_error("test photo missing: quality/congress_A000369_enlarged.jpg");
         return img;
       }},
      {"washed_out", [] { return synth::wash_out(real_photo("congress_C001088.jpg"), 0.4, 255.0); }},
      {"low_contrast", [] { return synth::wash_out(real_photo("congress_C001088.jpg"), 0.4, -1.0); }},
      {"real_faded_005737", [] {
         cv::Mat img = cv::imread(data_path("quality/bioguide_005737_faded.jpg"), cv::IMREAD_COLOR);
         if (img.empty()) throw std::runtime_error("test photo missing: quality/bioguide_005737_faded.jpg");
         return img;
       }},
      // Issue 22, noise: sensor noise of sigma 12 grey levels at mid-grey, saved at JPEG quality 90.
      {"grainy_12", [] { return synth::jpeg_roundtrip(synth::sensor_noise(real_photo("congress_C001088.jpg"), 12.0), 90); }},
      {"fold", [] {
         const cv::Mat c = compliant();
         return synth::print_fold(c, context(c).face->eye_mid + cv::Point2f(30, 80), 20, 0.25);
       }},
      // Issue 22 item 7: a second person further back, a real public-domain portrait at a fifth of
      // the sitter's face width, in the backdrop between the head and the photo's side edge (the
      // wider side), at the height of the sitter's eyes.
      {"person_behind", [] {
         const cv::Mat c = compliant();
         const FaceContext ctx = analyser().analyse(c);
         const cv::Mat other = real_photo("congress_C001088.jpg");
         return synth::person_behind(c, ctx, other, analyser().analyse(other), 0.2, synth::beside_head(ctx, c.cols));
       }},
      {"two_faces", [] {
         cv::Mat c = compliant(), half, out;
         cv::resize(c, half, {c.cols / 2, c.rows / 2}, 0, 0, cv::INTER_AREA);
         cv::hconcat(half, half, out);
         return out;
       }},
  };
  return r;
}

}  // namespace

cv::Mat photo(const std::string& name) {
  static std::map<std::string, cv::Mat> memory;
  if (auto it = memory.find(name); it != memory.end()) return it->second;
  auto recipe = recipes().find(name);
  if (recipe == recipes().end()) throw std::runtime_error("no generated test photo named " + name);
  // PNG: lossless, so a cached photo is exactly the generated one.
  const fs::path cached = fs::path(CONFORME_TEST_CACHE) / (name + ".png");
  cv::Mat img = cv::imread(cached.string(), cv::IMREAD_COLOR);
  if (img.empty()) {
    // GrabCut (synth's person mask) seeds its colour models from the thread's cv::theRNG(): the
    // state a fresh thread starts with, whatever ran before in this test program, so that every
    // program that makes the photo first makes the same one.
    cv::theRNG() = cv::RNG();
    img = recipe->second();
    std::error_code ec;
    fs::create_directories(cached.parent_path(), ec);
    // Written under a unique name then renamed: tests running in parallel never read half a file.
    const fs::path tmp = cached.string() + "." + std::to_string(getpid()) + ".tmp.png";
    if (cv::imwrite(tmp.string(), img)) fs::rename(tmp, cached, ec);
  }
  memory[name] = img;
  return img;
}

std::string synth_jpeg_path(const std::string& dir, const std::string& name, int quality) {
  const auto bytes = synth::encode_jpeg_with_dpi(photo(name), 600, quality);
  const std::string path = dir + "/" + name + ".jpg";
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                               static_cast<std::streamsize>(bytes.size()));
  return path;
}

CheckResult check_result(const cv::Mat& bgr, const std::string& check_id, const std::string& profile,
                         std::optional<double> dpi) {
  const PhotoReport report = checker(profile).check_photo(bgr, dpi, analyser());
  for (const auto& c : report.checks)
    if (c.id == check_id) return c;
  throw std::runtime_error("profile " + profile + " does not judge " + check_id);
}

double measured(const cv::Mat& bgr, const std::string& check_id, const std::string& name,
                const std::string& profile) {
  const CheckResult r = check_result(bgr, check_id, profile);
  const auto v = r.measurement.get(name);
  if (!v) throw std::runtime_error(check_id + " measured no " + name + ": " + r.measurement.not_measured_reason);
  return *v;
}

FaceContext context(const cv::Mat& bgr) { return analyser().analyse(bgr); }

}  // namespace conforme::test
