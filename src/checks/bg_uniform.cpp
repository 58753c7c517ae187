// bg.uniform — "fond uni" (seeds 001, 003): no texture, pattern or strong gradient behind the head.
#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "checks/image_stats.hpp"

namespace conforme {
namespace {

// A background must show at least this share of the photo to be judged.
constexpr double min_background_share = 0.02;

double percentile(std::vector<uchar>& v, double q) {
  auto it = v.begin() + static_cast<std::ptrdiff_t>(q * (v.size() - 1));
  std::nth_element(v.begin(), it, v.end());
  return *it;
}

}  // namespace

extern const Check bg_uniform{
    "bg.uniform",
    "Background texture (mean gradient, grey levels per pixel at a scale of 128 px between the eyes) "
    "and spread (5th to 95th percentile of grey levels).",
    Needs::single_face, {{"texture", "grey/px"}, {"spread", "grey"}},
    [](const FaceContext& ctx) {
      const int count = cv::countNonZero(ctx.background_mask);
      if (count < min_background_share * ctx.width() * ctx.height())
        return Measurement::skipped("too little background visible");
      // Gradients are compared at one face scale so a busy pattern scores the same at any dpi.
      const double scale = std::min(1.0, canonical_ied_px / std::max(1.0, ctx.inter_eye_px));
      cv::Mat gray, mask, gx, gy, magnitude;
      cv::resize(ctx.gray, gray, cv::Size(), scale, scale, cv::INTER_AREA);
      cv::resize(ctx.background_mask, mask, gray.size(), 0, 0, cv::INTER_NEAREST);
      cv::erode(mask, mask, cv::Mat());  // keep the Sobel window off the masked border
      cv::GaussianBlur(gray, gray, cv::Size(3, 3), 0);  // sensor noise and JPEG grain are not texture
      cv::Sobel(gray, gx, CV_32F, 1, 0);
      cv::Sobel(gray, gy, CV_32F, 0, 1);
      cv::magnitude(gx, gy, magnitude);
      const double texture = cv::mean(magnitude, mask)[0] / 8.0;  // Sobel gain is 8 on a ramp
      std::vector<uchar> levels;
      for (int y = 0; y < gray.rows; ++y)
        for (int x = 0; x < gray.cols; ++x)
          if (mask.at<uchar>(y, x)) levels.push_back(gray.at<uchar>(y, x));
      if (levels.empty()) return Measurement::skipped("too little background visible");
      const double spread = percentile(levels, 0.95) - percentile(levels, 0.05);
      Measurement m;
      m.values = {{"texture", texture, "grey/px"}, {"spread", spread, "grey"}};
      return m;
    }};

}  // namespace conforme
