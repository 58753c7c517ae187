#include <filesystem>
#include <future>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

#include "core/sha256.hpp"
#include "face/geometry.hpp"
#include "face/models.hpp"

namespace conforme {

struct FaceModels::Impl {
  dlib::shape_predictor landmarks;
  // get_frontal_face_detector() decodes and deserialises the detector (about 0.3 s); done once
  // here, each FaceAnalyser takes a copy instead of paying it per thread and per run.
  dlib::frontal_face_detector detector;
};

FaceModels::~FaceModels() = default;

std::shared_ptr<const FaceModels> FaceModels::load(const std::string& models_dir) {
  const std::filesystem::path dir = models_dir.empty() ? default_dir : models_dir;
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
  auto detector = std::async(std::launch::async, [] { return dlib::get_frontal_face_detector(); });
  try {
    dlib::deserialize(file.string()) >> models->impl_->landmarks;
  } catch (const std::exception& e) {
    throw ModelError(file.string() + ": landmark model unreadable: " + e.what());
  }
  models->info_.sha256 = hash.get();
  models->impl_->detector = detector.get();
  if (models->impl_->landmarks.num_parts() != 68)
    throw ModelError(file.string() + ": expected a 68-point model, found " +
                     std::to_string(models->impl_->landmarks.num_parts()) + " points");
  return models;
}

struct FaceAnalyser::Impl {
  std::shared_ptr<const FaceModels> models;
  dlib::frontal_face_detector detector;
};

FaceAnalyser::FaceAnalyser(std::shared_ptr<const FaceModels> models)
    : impl_(std::make_unique<Impl>()) {
  impl_->detector = models->impl().detector;
  impl_->models = std::move(models);
}
FaceAnalyser::~FaceAnalyser() = default;
FaceAnalyser::FaceAnalyser(FaceAnalyser&&) noexcept = default;

namespace {

// The HOG detector finds faces of 80 px and more; an ID photo's face fills half its width, so a
// copy whose longer side is 400 px keeps faces near 150 px and costs a fraction of full size.
constexpr int detection_side_px = 400;

std::vector<dlib::rectangle> detect_at(dlib::frontal_face_detector& detector, const cv::Mat& gray,
                                       double scale) {
  cv::Mat small;
  if (scale < 1.0)
    cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
  else if (scale > 1.0)
    cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_LINEAR);
  else
    small = gray;
  dlib::cv_image<unsigned char> img(small);
  std::vector<dlib::rectangle> found = detector(img);
  for (auto& r : found)
    r = dlib::rectangle(std::lround(r.left() / scale), std::lround(r.top() / scale),
                        std::lround(r.right() / scale), std::lround(r.bottom() / scale));
  return found;
}

}  // namespace

FaceContext FaceAnalyser::analyse(const cv::Mat& bgr, std::optional<double> dpi) {
  FaceContext ctx;
  ctx.bgr = bgr;
  ctx.dpi = dpi;
  cv::cvtColor(bgr, ctx.gray, cv::COLOR_BGR2GRAY);

  // Coarse first; a larger scale only when the coarse pass finds nothing (small faces).
  const int side = std::max(bgr.cols, bgr.rows);
  std::vector<dlib::rectangle> faces;
  for (double target : {1.0, 2.0, 4.0}) {
    const double scale = std::min(target * detection_side_px / side, target > 1.0 ? 2.0 : 1.0);
    faces = detect_at(impl_->detector, ctx.gray, scale);
    if (!faces.empty() || scale >= 2.0) break;
  }
  ctx.face_count = static_cast<int>(faces.size());
  if (ctx.face_count != 1) return ctx;

  const dlib::rectangle& box = faces.front();
  ctx.face_box = cv::Rect2f(box.left(), box.top(), box.width(), box.height());
  dlib::cv_image<unsigned char> full(ctx.gray);
  const dlib::full_object_detection shape = impl_->models->impl().landmarks(full, box);
  for (unsigned i = 0; i < 68; ++i)
    ctx.landmarks[i] = cv::Point2f(shape.part(i).x(), shape.part(i).y());
  derive_geometry(ctx);
  return ctx;
}

}  // namespace conforme
