#include "core/shrink.hpp"

#include <algorithm>

#include "core/area_resize.hpp"

namespace conforme {

cv::Mat halve(const cv::Mat& image) {
  cv::Mat half;
  cv::resize(image, half, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
  return half;
}

cv::Mat shrink(const cv::Mat& image, double scale, int rest_interpolation) {
  const cv::Size target(std::max(1, cvRound(image.cols * scale)), std::max(1, cvRound(image.rows * scale)));
  cv::Mat out = image;
  while (out.cols >= 2 * target.width && out.rows >= 2 * target.height) out = halve(out);
  if (out.size() == target) return out.data == image.data ? image.clone() : out;
  if (rest_interpolation == cv::INTER_AREA) return area_resize(out, target);
  cv::Mat rest;
  cv::resize(out, rest, target, 0, 0, rest_interpolation);
  return rest;
}

}  // namespace conforme
