#include <algorithm>
#include <cmath>
#include <filesystem>
#include <future>
#include <limits>
#include <sstream>
#include <string>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

#include "core/install_location.hpp"
#include "core/sha256.hpp"
#include "core/shrink.hpp"
#include "core/side_by_side.hpp"
#include "face/embedded_detector.hpp"
#include "face/geometry.hpp"
#include "face/image_stats.hpp"
#include "face/landmark_forest.hpp"
#include "face/models.hpp"
#include "face/other_faces.hpp"

namespace conforme {

// dlib's frontal face detector, serialised at build time (src/tools/detector_blob.cpp; CMake
// embeds the bytes): the same detector as dlib::get_frontal_face_detector(), read in a few
// milliseconds instead of decompressed in 0.3-0.5 s of CPU at every start.
extern const unsigned char frontal_face_detector_dlib[];
extern const std::size_t frontal_face_detector_dlib_size;

dlib::frontal_face_detector embedded_face_detector() {
  std::istringstream in(std::string(reinterpret_cast<const char*>(frontal_face_detector_dlib),
                                    frontal_face_detector_dlib_size));
  dlib::frontal_face_detector detector;
  dlib::deserialize(detector, in);
  return detector;
}

// The last look's pyramid levels, each 5/6 of the one before: for a photo enlarged twice, down to
// about 1.16 times its size, near where the passes' faces begin.
constexpr unsigned long small_look_levels = 4;
// The half-turn look at a found face's surroundings (FaceAnalyser::analyse) scales them so that the
// face box is about the detector's window: two pyramid levels are enough there.
constexpr unsigned long half_turn_levels = 2;
// The look for other faces beside the sitter's (face/other_faces.hpp) scans each place at the scale
// where its skin patch is 100 px wide: six levels find faces from 0.8 to 2 times the patch's width.
constexpr unsigned long other_faces_levels = 6;

struct FaceModels::Impl {
  LandmarkForest landmarks;
  // Read once here (embedded_face_detector()); each FaceAnalyser scans with its filters
  // (FrontThenAll: the first filter, the frontal face, alone first; the others look for faces
  // turned left or right, or tilted).
  dlib::frontal_face_detector detector;
  // The frontal filter again, on the first pyramid levels only: the last look for faces too small
  // to measure (FaceAnalyser::analyse) wants only the faces smaller than the passes saw.
  dlib::frontal_face_detector small_detector;
  // The frontal filter on two pyramid levels: the half-turn look at one face's surroundings.
  dlib::frontal_face_detector half_turn_detector;
  // The frontal filter on six pyramid levels: the look for other faces beside the sitter's.
  dlib::frontal_face_detector other_faces_detector;
};

FaceModels::~FaceModels() = default;

namespace {

// The frontal filter of `all` alone, scanning its first `levels` pyramid levels.
dlib::frontal_face_detector frontal_filter(const dlib::frontal_face_detector& all, unsigned long levels) {
  dlib::frontal_face_detector::image_scanner_type scanner;
  scanner.copy_configuration(all.get_scanner());
  scanner.set_max_pyramid_levels(levels);
  return dlib::frontal_face_detector(scanner, all.get_overlap_tester(), all.get_w(0));
}

}  // namespace

std::shared_ptr<const FaceModels> FaceModels::load(const std::string& models_dir) {
  std::filesystem::path dir = models_dir.empty() ? default_dir : models_dir;
  // A landmark model shipped with an installed conforme (<prefix>/share/conforme/models, e.g. one
  // trained on commercially licensed data) comes before Debian's.
  if (models_dir.empty())
    for (const auto& data : installed_data_dirs()) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(data / "models" / landmark_file, ec)) {
        dir = data / "models";
        break;
      }
    }
  const std::filesystem::path file = dir / landmark_file;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw ModelError(file.string() +
                     ": landmark model not found (install the Debian package libdlib-data, "
                     "or point --models at a directory holding " + landmark_file + ")");
  std::shared_ptr<FaceModels> models(new FaceModels());
  models->impl_ = std::make_unique<Impl>();
  models->info_ = {"shape_predictor_68_face_landmarks", file.string(), {}};
  // Hashing the 100 MB file overlaps with deserialising it.
  auto hash = std::async(std::launch::async, [path = file.string()] { return sha256_file(path); });
  auto tables = std::async(std::launch::async, [] { prepare_colour_tables(); });
  try {
    models->impl_->landmarks = LandmarkForest::load_file(file.string());
  } catch (const std::exception& e) {
    throw ModelError(file.string() + ": landmark model unreadable: " + e.what());
  }
  models->impl_->detector = embedded_face_detector();
  tables.get();
  models->info_.sha256 = hash.get();
  const dlib::frontal_face_detector& all = models->impl_->detector;
  models->impl_->small_detector = frontal_filter(all, small_look_levels);
  models->impl_->half_turn_detector = frontal_filter(all, half_turn_levels);
  models->impl_->other_faces_detector = frontal_filter(all, other_faces_levels);
  if (models->impl_->landmarks.num_parts() != 68)
    throw ModelError(file.string() + ": expected a 68-point model, found " +
                     std::to_string(models->impl_->landmarks.num_parts()) + " points");
  return models;
}

// Named, not anonymous: FaceAnalyser::Impl (declared in the header) holds one.
namespace detection {

// dlib's detector as object_detector::operator() runs it, its frontal filter first and all five
// filters only when that one finds other than one face, on one HOG feature pyramid per image:
// running the frontal-only detector and then the whole one made the pyramid twice whenever a pass
// found no face or several. The same boxes, in the same order, with the same confidences: the
// filters' scores less their thresholds, sorted from the best when there are several filters,
// then dlib's non-maximum suppression with the detector's own overlap test. Called as dlib's
// detector is, with the detections (box and confidence) written to `found`.
class FrontThenAll {
 public:
  explicit FrontThenAll(const dlib::frontal_face_detector& all) : all_(&all) {
    scanner_.copy_configuration(all.get_scanner());
  }

  void operator()(const dlib::cv_image<unsigned char>& img, std::vector<dlib::rect_detection>& found) {
    scanner_.load(img);
    std::vector<dlib::rect_detection> scored;
    add_filter(0, scored);
    found = suppressed(scored);
    if (found.size() == 1) return;
    for (unsigned long i = 1; i < all_->num_detectors(); ++i) add_filter(i, scored);
    std::sort(scored.rbegin(), scored.rend());
    found = suppressed(scored);
  }

 private:
  void add_filter(unsigned long i, std::vector<dlib::rect_detection>& scored) {
    const double threshold = all_->get_w(i)(scanner_.get_num_dimensions());
    std::vector<std::pair<double, dlib::rectangle>> dets;
    scanner_.detect(all_->get_processed_w(i).get_detect_argument(), dets, threshold);
    for (const auto& [score, rect] : dets) scored.push_back({score - threshold, i, rect});
  }

  std::vector<dlib::rect_detection> suppressed(const std::vector<dlib::rect_detection>& scored) const {
    std::vector<dlib::rect_detection> kept;
    for (const auto& d : scored)
      if (std::none_of(kept.begin(), kept.end(),
                       [&](const dlib::rect_detection& k) { return all_->get_overlap_tester()(k.rect, d.rect); }))
        kept.push_back(d);
    return kept;
  }

  const dlib::frontal_face_detector* all_;
  dlib::frontal_face_detector::image_scanner_type scanner_;
};

}  // namespace detection

struct FaceAnalyser::Impl {
  explicit Impl(const FaceModels& models)
      : detector(models.impl().detector),
        small_detector(models.impl().small_detector),
        half_turn_detector(models.impl().half_turn_detector),
        other_faces_detector(models.impl().other_faces_detector) {}
  std::shared_ptr<const FaceModels> models;
  detection::FrontThenAll detector;  // reads the models' detector, which `models` keeps alive
  dlib::frontal_face_detector small_detector;
  dlib::frontal_face_detector half_turn_detector;
  dlib::frontal_face_detector other_faces_detector;
};

FaceAnalyser::FaceAnalyser(std::shared_ptr<const FaceModels> models) : impl_(std::make_unique<Impl>(*models)) {
  impl_->models = std::move(models);
}
FaceAnalyser::~FaceAnalyser() = default;
FaceAnalyser::FaceAnalyser(FaceAnalyser&&) noexcept = default;

namespace {

// The HOG detector finds faces of 80 px and more, and its cost grows with the pixels of the image
// it scans. An ID photo's face box spans about 0.42 of the photo's longer side (0.38 at the
// smallest head the rules allow), so a copy whose longer side is 240 px shows it at 90-100 px and
// costs a third of a 400 px copy. Passes at 480 and 960 px (never above the original size, except
// that a photo smaller than 240 px is enlarged to it) find the smaller faces of other framings;
// they run only when the previous pass finds nothing. A second face is therefore counted when it
// is as large as the first pass can see (about a third of the photo's longer side).
constexpr int detection_side_px = 240;
constexpr int detection_passes = 3;
// When no pass finds a face, one last look at the photo enlarged up to twice (its longer side at
// most 1,200 px) finds faces down to about 40 px: too small for the checks to measure, but they
// tell a face too small (a distant or full-length portrait, a small scan) and a group photo from
// no face at all. It runs only on photos without a face, which are refused whatever it finds, and
// looks for frontal faces only, on the pyramid levels the passes did not scan (small_detector).
constexpr double small_look_max_scale = 2.0;
constexpr double detector_window_px = 80.0;  // the smallest face box the detector finds
constexpr int small_look_side_px = 1200;

// Detections on the photo scaled by `scale`, with their boxes in photo pixels.
std::vector<dlib::rect_detection> in_photo(std::vector<dlib::rect_detection> found, double scale) {
  for (auto& d : found) {
    const dlib::rectangle& r = d.rect;
    d.rect = dlib::rectangle(std::lround(r.left() / scale), std::lround(r.top() / scale), std::lround(r.right() / scale),
                             std::lround(r.bottom() / scale));
  }
  return found;
}

// The grey photo scaled by `scale`: shrunk by 2 x 2 means first (INTER_AREA at 0.23 alone is the
// slow path, and bilinear sampling below one half skips pixels), enlarged bilinearly.
cv::Mat detection_copy(const cv::Mat& gray, double scale) {
  if (scale < 1.0) return shrink(gray, scale);
  if (scale == 1.0) return gray;
  cv::Mat big;
  cv::resize(gray, big, cv::Size(), scale, scale, cv::INTER_LINEAR);
  return big;
}

// Faces in the grey photo scaled by `scale` (boxes in photo pixels, and confidences) as `detector` finds them: the
// passes' FrontThenAll (the frontal filter first: an ID photo's face is frontal, and when it finds
// one face the turned-face filters are not needed; otherwise the other four filters scan the same
// features, so turned faces and second faces are still found and counted), or the last look's
// small-face detector (enlarged up to twice; shrunk, less than the last pass shrank it, for a
// photo over 1,200 px).
template <class Detector>
std::vector<dlib::rect_detection> detect_at(Detector& detector, const cv::Mat& gray, double scale) {
  const cv::Mat copy = detection_copy(gray, scale);  // kept alive: cv_image only points at its pixels
  std::vector<dlib::rect_detection> found;
  detector(dlib::cv_image<unsigned char>(copy), found);
  return in_photo(std::move(found), scale);
}

// dlib's frontal filter finds some faces upside down (4 of the 45 shared portraits turned half a
// turn), and the landmarks would then be drawn upright on them. Such a face scores low: on 217
// turned portraits whose face was found, its detection confidence was at most 0.70, where 79 % of
// 7,876 upright faces score 1.0 or more. So a face scoring under 1.0 is looked at again: its
// surroundings (the box grown by 0.3 of its side each way), scaled so that the box is 84 px (just
// over the detector's 80 px window), are scanned by the frontal filter turned half a turn, and
// when a face scoring over 0.2 is found there, as they are; a face that scores better turned is
// upside down (EVALUATION.md §36: 194 of the 217, none of the 7,876 upright faces; the minimum
// score keeps tight crops of made-up faces, no frontal face as given and a weak one turned, upright).
constexpr double half_turn_look_below = 1.0;
constexpr double half_turn_grow = 0.3;
constexpr double half_turn_box_px = 84.0;
constexpr double half_turn_min_score = 0.2;

bool upside_down(dlib::frontal_face_detector& detector, const cv::Mat& gray, const dlib::rectangle& box) {
  const double gx = half_turn_grow * box.width(), gy = half_turn_grow * box.height();
  const cv::Rect around = cv::Rect(static_cast<int>(std::lround(box.left() - gx)), static_cast<int>(std::lround(box.top() - gy)),
                                   static_cast<int>(std::lround(box.width() + 2 * gx)),
                                   static_cast<int>(std::lround(box.height() + 2 * gy))) &
                          cv::Rect(0, 0, gray.cols, gray.rows);
  if (around.width < 2 || around.height < 2) return false;
  const cv::Mat as_given = detection_copy(gray(around), half_turn_box_px / static_cast<double>(box.width()));
  cv::Mat turned;
  cv::rotate(as_given, turned, cv::ROTATE_180);
  auto best = [&](const cv::Mat& image) {
    std::vector<dlib::rect_detection> found;
    detector(dlib::cv_image<unsigned char>(image), found);
    double score = -std::numeric_limits<double>::infinity();
    for (const auto& f : found) score = std::max(score, f.detection_confidence);
    return score;
  };
  const double turned_score = best(turned);
  return turned_score > half_turn_min_score && turned_score > best(as_given);
}

}  // namespace

FaceContext FaceAnalyser::analyse(const cv::Mat& bgr, std::optional<double> dpi) {
  FaceContext ctx;
  ctx.bgr = bgr;
  ctx.dpi = dpi;
  cv::cvtColor(bgr, ctx.gray, cv::COLOR_BGR2GRAY);

  // The face first (detection, then the landmarks). Beside it, when a core is free
  // (core/side_by_side.hpp), the first halving of the photo for the region statistics, which
  // needs nothing of the face; derive_geometry would take it otherwise.
  cv::Mat half;
  auto find_face = [&] {
    // Coarse first; a larger scale only when the coarse pass finds nothing (smaller faces).
    const int side = std::max(bgr.cols, bgr.rows);
    std::vector<dlib::rect_detection> faces;
    double scale = 1.0;
    for (int pass = 0; pass < detection_passes; ++pass) {
      const double wanted = static_cast<double>(detection_side_px << pass) / side;
      scale = side < detection_side_px ? wanted : std::min(wanted, 1.0);
      faces = detect_at(impl_->detector, ctx.gray, scale);
      if (!faces.empty() || scale >= 1.0) break;
    }
    if (faces.size() == 1 && faces.front().detection_confidence < half_turn_look_below &&
        upside_down(impl_->half_turn_detector, ctx.gray, faces.front().rect)) {
      faces.clear();  // not measured: face.count says how to turn the photo
      ctx.turned_quarters = 2;
    }
    if (faces.empty() && ctx.turned_quarters == 0) {
      // Only faces smaller than the passes could see (the detector's 80 px at the last pass's
      // scale) are kept: a larger one found here is at the detector's limit (a turned head, an
      // engraving) and stays unfound, so that "one face" keeps meaning what the passes saw (a
      // planche whose layout is undecided is judged as one photo only then).
      const double enlarged = std::min(small_look_max_scale, static_cast<double>(small_look_side_px) / side);
      const double seen_px = detector_window_px / scale;
      if (enlarged > 1.1 * scale)
        for (const auto& found : detect_at(impl_->small_detector, ctx.gray, enlarged))
          if (const dlib::rectangle& f = found.rect; std::max(f.width(), f.height()) < seen_px)
            ctx.small_face_boxes.emplace_back(f.left(), f.top(), f.width(), f.height());
    }
    if (faces.empty() && ctx.small_face_boxes.empty() && ctx.turned_quarters == 0) {
      // A photo on its side or upside down (a scan laid the wrong way, a file saved without its
      // EXIF orientation): the detector finds no face as given. The photo is turned a quarter at
      // a time and looked at once, at the first pass's scale (an ID photo's face is large); one
      // face found says how it must be turned. It stays unmeasured: face.count says why.
      // A face upside down is sometimes found too (a turn the wrong way from a photo on its side):
      // the turn whose one face the detector scores best is kept.
      const cv::Mat small = detection_copy(ctx.gray, std::min(1.0, static_cast<double>(detection_side_px) / side));
      double best = 0;
      for (int quarters = 1; quarters <= 3; ++quarters) {
        cv::Mat turned;
        cv::rotate(small, turned, quarters == 1 ? cv::ROTATE_90_CLOCKWISE
                                  : quarters == 2 ? cv::ROTATE_180
                                                  : cv::ROTATE_90_COUNTERCLOCKWISE);
        std::vector<dlib::rect_detection> found;
        impl_->small_detector(dlib::cv_image<unsigned char>(turned), found);
        if (found.size() == 1 && (!ctx.turned_quarters || found.front().detection_confidence > best)) {
          ctx.turned_quarters = quarters;
          best = found.front().detection_confidence;
        }
      }
    }
    ctx.face_count = static_cast<int>(faces.size());
    for (const auto& found : faces) {
      const dlib::rectangle& f = found.rect;
      ctx.face_boxes.emplace_back(f.left(), f.top(), f.width(), f.height());
    }
    if (ctx.face_count != 1) return;
    const dlib::rectangle& box = faces.front().rect;
    Face& face = ctx.face.emplace();
    face.box = cv::Rect2f(box.left(), box.top(), box.width(), box.height());
    dlib::cv_image<unsigned char> full(ctx.gray);
    const dlib::full_object_detection shape = impl_->models->impl().landmarks(full, box);
    for (unsigned i = 0; i < 68; ++i) face.landmarks[i] = cv::Point2f(shape.part(i).x(), shape.part(i).y());
  };
  if (side_by_side() && std::min(bgr.cols, bgr.rows) >= 2)
    run_steps(find_face, [&] { half = halve(bgr); });
  else
    find_face();
  if (!ctx.face) return ctx;
  derive_geometry(ctx, half);
  // Another, smaller face beside the sitter's, which the passes do not see (face/other_faces.hpp).
  ctx.other_face_boxes = other_faces(ctx);
  return ctx;
}

// The other faces beside the sitter's that the frontal filter finds on the few places where skin
// shows outside the sitter's column (face/other_faces.hpp), boxes in photo pixels.
std::vector<cv::Rect2f> FaceAnalyser::other_faces(const FaceContext& ctx) {
  const Face& face = *ctx.face;
  std::vector<cv::Rect2f> others;
  for (const FaceSearchArea& look : other_face_areas(face, ctx.bgr.size())) {
    // Bilinear either way: the places are small, and area averaging below one half is the slow path.
    cv::Mat copy;
    cv::resize(ctx.gray(look.area), copy, cv::Size(), look.scale, look.scale, cv::INTER_LINEAR);
    std::vector<dlib::rect_detection> in_copy;
    impl_->other_faces_detector(dlib::cv_image<unsigned char>(copy), in_copy);
    for (const auto& found : in_photo(std::move(in_copy), look.scale)) {
      const dlib::rectangle& f = found.rect;
      const cv::Rect2f box(f.left() + look.area.x, f.top() + look.area.y, f.width(), f.height());
      const bool seen = std::any_of(others.begin(), others.end(), [&](const cv::Rect2f& other) {
        return (other & box).area() > 0.5f * std::min(other.area(), box.area());
      });
      if (!seen && apart_from_sitter(box, face.box)) others.push_back(box);
    }
  }
  return others;
}

}  // namespace conforme
