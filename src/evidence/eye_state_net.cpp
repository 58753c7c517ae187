#include "evidence/eye_state_net.hpp"

#include <opencv2/imgproc.hpp>

#include "evidence/embedded_models.hpp"
#include "face/face_crop.hpp"

namespace conforme {

const CropNet eye_state_net{"eye_state_net", "models/eye-state-net.onnx", eye_state_net_onnx, eye_state_net_onnx_size,
                            eye_net_size, eye_net_size};

cv::Mat eye_net_input(const UprightFace& eye_region, int side) {
  // 0.85 inter-eye distances square; the eye at 57 % of its height, where the training crops hold
  // it (models/eye-state-net.md).
  const double size = 0.85 * eye_region.ied;
  const cv::Point2f eye = side == 0 ? eye_region.eye_left : eye_region.eye_right;
  const cv::Point2f centre(eye.x, static_cast<float>(eye.y - 0.07 * size));
  // An affine map from the square to 32 x 32 (sub-pixel, border repeated if the square leaves the
  // crop), then an area reduction would need an integer box: warp at 4x and reduce by areas.
  const int big = eye_net_size * 4;
  const double scale = big / size;
  const cv::Matx23d m(scale, 0, big / 2.0 - scale * centre.x, 0, scale, big / 2.0 - scale * centre.y);
  cv::Mat warped, input;
  cv::warpAffine(eye_region.bgr, warped, m, cv::Size(big, big), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::resize(warped, input, cv::Size(eye_net_size, eye_net_size), 0, 0, cv::INTER_AREA);
  return input;
}

std::array<double, 2> eye_closed_probabilities(const UprightFace& eye_region) {
  return {crop_net_probability(eye_state_net, eye_net_input(eye_region, 0)),
          crop_net_probability(eye_state_net, eye_net_input(eye_region, 1))};
}

}  // namespace conforme
