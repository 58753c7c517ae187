// Border refinement on the full-resolution sheet: the layout is found at about 100 dpi, where a
// pixel is a quarter of a millimetre; photo.size_mm (35+-1 x 45+-1 mm) needs better, so each
// border is re-located on a strip of the original pixels, resampled straight along the border.
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/area_resize.hpp"
#include "sheet/sheet_detail.hpp"

namespace conforme::sheet_detail {
namespace {

// Gradients are averaged over blocks of this many samples along the border before their
// magnitude is taken: noise cancels inside a block, while a border whose step changes sign
// along its length (light background above, dark clothes below) still adds up across blocks.
constexpr int block_samples = 6;  // 24 image pixels
constexpr double along_step = 4;  // image pixels between samples along the border

}  // namespace

BorderFix refine_border(const cv::Mat& bgr, const cv::Matx23d& to_image, bool vertical, double low, double high,
                        double from, double to) {
  // Strip coordinates: u across the border, one pixel a step; v along it, one sample every
  // along_step pixels (the step is averaged along the border anyway). Extra pixels each side
  // feed the blur and the derivative.
  const int pad = 3;
  const int first = int(std::floor(low)) - pad;
  const cv::Size strip_size(int(std::ceil(high)) - int(std::floor(low)) + 1 + 2 * pad,
                            std::max(1, int(std::lround((to - from) / along_step))));
  // (u, v) -> deskewed (x, y) -> image.
  const cv::Matx33d strip_to_deskewed = vertical ? cv::Matx33d(1, 0, first, 0, along_step, from, 0, 0, 1)
                                                 : cv::Matx33d(0, along_step, from, 1, 0, first, 0, 0, 1);
  const cv::Matx33d deskewed_to_image(to_image(0, 0), to_image(0, 1), to_image(0, 2), to_image(1, 0), to_image(1, 1),
                                      to_image(1, 2), 0, 0, 1);
  const cv::Matx33d m = deskewed_to_image * strip_to_deskewed;
  const cv::Matx23d strip_to_image(m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2));

  cv::Mat strip, gx, blocks, profile;
  cv::warpAffine(bgr, strip, strip_to_image, strip_size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
  if (strip.channels() == 3) cv::cvtColor(strip, strip, cv::COLOR_BGR2GRAY);
  strip.convertTo(strip, CV_32F);
  cv::GaussianBlur(strip, strip, cv::Size(0, 0), 1.0);
  cv::Sobel(strip, gx, CV_32F, 1, 0, 3, 1.0 / 8);
  const int block_count = std::max(1, strip.rows / block_samples);
  blocks = area_resize(gx, cv::Size(gx.cols, block_count));  // cv::resize's INTER_AREA, quicker
  cv::reduce(cv::abs(blocks), profile, 0, cv::REDUCE_AVG);

  const float* p = profile.ptr<float>();
  int peak = pad;
  for (int u = pad; u < profile.cols - pad; ++u)
    if (p[u] > p[peak]) peak = u;
  // Parabola through the peak and its neighbours: sub-pixel position of the step.
  const double left = p[peak - 1], centre = p[peak], right = p[peak + 1];
  const double curvature = left - 2 * centre + right;
  const double offset = curvature < 0 ? std::clamp(0.5 * (left - right) / curvature, -0.5, 0.5) : 0.0;
  std::vector<float> window(p + pad, p + profile.cols - pad);
  std::nth_element(window.begin(), window.begin() + window.size() / 2, window.end());
  const double median = std::max(1e-3f, window[window.size() / 2]);

  BorderFix fix;
  fix.position = first + peak + offset;
  fix.strength = centre;
  fix.contrast = centre / median;
  return fix;
}

}  // namespace conforme::sheet_detail
