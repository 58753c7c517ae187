#pragma once
// The face models, loaded once per process and shared read-only by every thread; each thread
// builds its own FaceAnalyser (detector state is per thread).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"
#include "core/run.hpp"

namespace conforme {

// Thrown when a model file is missing or unreadable; the message names the file and the
// Debian package that provides it.
struct ModelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class FaceModels {
 public:
  // Default directory of the landmark model (Debian package libdlib-data).
  static constexpr const char* default_dir = "/usr/share/dlib";
  static constexpr const char* landmark_file = "shape_predictor_68_face_landmarks.dat";

  // Loads the 68-point landmark model from `models_dir`; empty: <prefix>/share/conforme/models of
  // the installed library when it holds one (core/install_location.hpp), else default_dir.
  // ensures: usable from any thread; throws ModelError naming the file and package otherwise.
  static std::shared_ptr<const FaceModels> load(const std::string& models_dir = {});
  ~FaceModels();

  const ModelInfo& landmark_model() const { return info_; }

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  FaceModels() = default;
  ModelInfo info_;
  std::unique_ptr<Impl> impl_;
};

// Builds the FaceContext of one photo. Not thread-safe: one per thread (it owns the
// HOG detector, whose scanning state is mutable); cheap to construct.
class FaceAnalyser {
 public:
  explicit FaceAnalyser(std::shared_ptr<const FaceModels> models);
  ~FaceAnalyser();
  FaceAnalyser(FaceAnalyser&&) noexcept;

  // requires: bgr is 8-bit, 3 channels, non-empty.
  // ensures: face_count set; when it is 1, ctx.face set and every member of it filled.
  FaceContext analyse(const cv::Mat& bgr, std::optional<double> dpi = std::nullopt);

  // The other, smaller faces beside the sitter's that analyse() puts in ctx.other_face_boxes
  // (face/other_faces.hpp), looked for again. requires: ctx.face.
  std::vector<cv::Rect2f> other_faces(const FaceContext& ctx);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace conforme
