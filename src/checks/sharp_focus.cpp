// sharp.focus — "nette" (seed 001). Variance of the Laplacian of the face, computed on a crop
// scaled to 128 px between the eyes so the value means the same at every resolution.
#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "checks/image_stats.hpp"

namespace conforme {

extern const Check sharp_focus{
    "sharp.focus", "Variance of the Laplacian of the face at 128 px between the eyes.",
    Needs::single_face, {{"sharpness", "grey^2"}},
    [](const FaceContext& ctx) {
      cv::Mat laplacian;
      cv::Laplacian(canonical_face_gray(ctx), laplacian, CV_32F, 3);
      cv::Scalar mean, stddev;
      cv::meanStdDev(laplacian, mean, stddev);
      Measurement m;
      m.values.push_back({"sharpness", stddev[0] * stddev[0], "grey^2"});
      return m;
    }};

}  // namespace conforme
