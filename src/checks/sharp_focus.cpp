// sharp.focus — "nette" (service-public.fr F10619). Second-derivative energy of the face, computed on a crop scaled
// to 128 px between the eyes so the value means the same at every resolution. Measured across and
// along the rows separately and the weaker kept: a motion blur smears one direction only, and an
// isotropic measure averages it away.
#include <algorithm>
#include <cstdint>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

// The variance of the 3 x 3 Sobel second derivative. On 8-bit grey it is a whole number under
// 2,040 in size, so it is taken in 16 bits and summed exactly in integers (cv::meanStdDev on
// floats cost as much as the rest of the check).
double second_derivative_energy(const cv::Mat& grey, int dx, int dy) {
  CV_Assert(grey.type() == CV_8UC1);
  cv::Mat d;
  cv::Sobel(grey, d, CV_16S, dx, dy, 3);
  std::int64_t sum = 0, squares = 0;
  for (int y = 0; y < d.rows; ++y) {
    const short* row = d.ptr<short>(y);
    for (int x = 0; x < d.cols; ++x) {
      sum += row[x];
      squares += row[x] * row[x];
    }
  }
  const double n = static_cast<double>(d.total()), mean = static_cast<double>(sum) / std::max(1.0, n);
  return std::max(0.0, static_cast<double>(squares) / std::max(1.0, n) - mean * mean);
}

}  // namespace

extern const Check sharp_focus{
    .id = "sharp.focus",
    .title = {"netteté", "sharpness"},
    .description =
        "Variance of the second derivative of the face at 128 px between the eyes, in the weaker of the "
        "horizontal and vertical directions.",
    .needs = Needs::single_face,
    .values = {{"sharpness", "grey^2", {"netteté", "sharpness"}, Shown::number},
               {"horizontal", "grey^2", {"netteté horizontale", "horizontal sharpness"}, Shown::number},
               {"vertical", "grey^2", {"netteté verticale", "vertical sharpness"}, Shown::number}},
    .measure = [](const FaceContext& ctx) {
      const cv::Mat face = canonical_face_gray(ctx);
      const double horizontal = second_derivative_energy(face, 2, 0);
      const double vertical = second_derivative_energy(face, 0, 2);
      Measurement m;
      m.values = {{"sharpness", std::min(horizontal, vertical), "grey^2"},
                  {"horizontal", horizontal, "grey^2"},
                  {"vertical", vertical, "grey^2"}};
      return m;
    }};

}  // namespace conforme
