// bg.uniform — "fond uni" (seeds 001, 003): no texture, pattern or strong gradient behind the head.
#include <algorithm>
#include <array>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "checks/image_stats.hpp"
#include "core/shrink.hpp"

namespace conforme {
namespace {

// A background must show at least this share of the photo to be judged.
constexpr double min_background_share = 0.01;

// The grey level at rank q * (count - 1) of the levels counted in `histogram`.
double percentile(const std::array<int, 256>& histogram, int count, double q) {
  const int rank = static_cast<int>(q * (count - 1));
  int below = 0;
  for (int level = 0; level < 256; ++level) {
    below += histogram[level];
    if (below > rank) return level;
  }
  return 255;
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
      // The mask ends at the chin: rows further down than the filters reach are not read.
      const double scale = std::min(1.0, canonical_ied_px / std::max(1.0, ctx.inter_eye_px));
      const cv::Rect above_chin(0, 0, ctx.width(), std::clamp(cvRound(ctx.chin.y + 4 / scale), 1, ctx.height()));
      // Bilinear for the last factor (under 2): 13 times cheaper than area averaging here, and the
      // blur below removes what it lets through.
      cv::Mat gray = shrink(ctx.gray(above_chin), scale, cv::INTER_LINEAR), mask, gx, gy, magnitude;
      cv::resize(ctx.background_mask(above_chin), mask, gray.size(), 0, 0, cv::INTER_NEAREST);
      cv::erode(mask, mask, cv::Mat());  // keep the Sobel window off the masked border
      cv::GaussianBlur(gray, gray, cv::Size(3, 3), 0);  // sensor noise and JPEG grain are not texture
      cv::Sobel(gray, gx, CV_32F, 1, 0);
      cv::Sobel(gray, gy, CV_32F, 0, 1);
      cv::magnitude(gx, gy, magnitude);
      const double texture = cv::mean(magnitude, mask)[0] / 8.0;  // Sobel gain is 8 on a ramp
      std::array<int, 256> histogram{};
      int levels = 0;
      for (int y = 0; y < gray.rows; ++y) {
        const uchar* g = gray.ptr<uchar>(y);
        const uchar* inside = mask.ptr<uchar>(y);
        for (int x = 0; x < gray.cols; ++x)
          if (inside[x]) ++histogram[g[x]], ++levels;
      }
      if (levels == 0) return Measurement::skipped("too little background visible");
      const double spread = percentile(histogram, levels, 0.95) - percentile(histogram, levels, 0.05);
      Measurement m;
      m.values = {{"texture", texture, "grey/px"}, {"spread", spread, "grey"}};
      return m;
    }};

}  // namespace conforme
