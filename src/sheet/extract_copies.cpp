// Cutting each copy out upright: the checks measure a photo in its own frame (eye line, head
// height, aspect), so a sheet scanned a few degrees off must give straight photos.
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "sheet/sheet.hpp"

namespace conforme {

cv::Mat extract_copy(const cv::Mat& bgr, const cv::RotatedRect& box) {
  const cv::Size size(std::max(1, int(std::lround(box.size.width))), std::max(1, int(std::lround(box.size.height))));
  const double a = box.angle * CV_PI / 180, c = std::cos(a), s = std::sin(a);
  // Copy pixel (u, v) -> image: the box centre plus (u, v) from the copy's centre, turned by
  // the box angle (the width runs along (cos, sin)).
  const double u0 = (size.width - 1) / 2.0, v0 = (size.height - 1) / 2.0;
  const cv::Matx23d copy_to_image(c, -s, box.center.x - c * u0 + s * v0,  //
                                  s, c, box.center.y - s * u0 - c * v0);
  cv::Mat copy;
  cv::warpAffine(bgr, copy, copy_to_image, size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
  return copy;
}

std::vector<cv::Mat> extract_copies(const cv::Mat& bgr, const std::vector<cv::RotatedRect>& boxes) {
  std::vector<cv::Mat> copies;
  copies.reserve(boxes.size());
  for (const cv::RotatedRect& box : boxes) copies.push_back(extract_copy(bgr, box));
  return copies;
}

}  // namespace conforme
