// bg.uniform — "fond uni" (service-public.fr F10619, Ville de Meaux): no texture, pattern or strong gradient behind the head.
#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "evidence/backdrop.hpp"
#include "face/geometry.hpp"

namespace conforme {
namespace {

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
    .id = "bg.uniform",
    .title = {"fond uni", "plain background"},
    .description =
        "Background texture (mean gradient, grey levels per pixel at a scale of 128 px between the eyes) "
        "and spread (5th to 95th percentile of grey levels), over the background region less the sitter's "
        "hair and shoulders (what a flood of the backdrop from its top and outer edges does not reach and "
        "that touches the head or rises from the chin line).",
    .needs = Needs::single_face,
    .values = {{"texture", "grey/px", {"texture du fond", "background texture"}, Shown::grey_levels},
               {"spread", "grey",
                {"écart de luminosité sur le fond", "brightness spread of the background"},
                Shown::grey_levels}},
    .reasons = {{"too little background visible", "trop peu de fond visible"}},
    .measure = [](const FaceContext& ctx) {
      const Face& f = *ctx.face;
      const int count = cv::countNonZero(f.background_mask);
      if (count < min_background_share * ctx.width() * ctx.height())
        return Measurement::skipped("too little background visible");
      const Backdrop backdrop = find_backdrop(ctx);
      const cv::Mat& gray = backdrop.gray;
      const cv::Mat& mask = backdrop.mask;
      // The Sobel gradient's magnitude (3 x 3, borders reflected as cv::Sobel does), only where the
      // mask is: the background is a few percent of the photo.
      std::array<int, 256> histogram{};
      int levels = 0;
      double gradient = 0;
      const int last_x = gray.cols - 1, last_y = gray.rows - 1;
      auto reflect = [](int i, int last) { return i < 0 ? std::min(-i, last) : i > last ? std::max(2 * last - i, 0) : i; };
      for (int y = 0; y < gray.rows; ++y) {
        const uchar* up = gray.ptr<uchar>(reflect(y - 1, last_y));
        const uchar* g = gray.ptr<uchar>(y);
        const uchar* down = gray.ptr<uchar>(reflect(y + 1, last_y));
        const uchar* inside = mask.ptr<uchar>(y);
        for (int x = 0; x < gray.cols; ++x) {
          if (!inside[x]) continue;
          ++histogram[g[x]];
          ++levels;
          const int l = reflect(x - 1, last_x), r = reflect(x + 1, last_x);
          const int gx = (up[r] + 2 * g[r] + down[r]) - (up[l] + 2 * g[l] + down[l]);
          const int gy = (down[l] + 2 * down[x] + down[r]) - (up[l] + 2 * up[x] + up[r]);
          const float fx = static_cast<float>(gx), fy = static_cast<float>(gy);
          gradient += std::sqrt(fx * fx + fy * fy);
        }
      }
      if (levels == 0) return Measurement::skipped("too little background visible");
      const double texture = gradient / levels / 8.0;  // Sobel gain is 8 on a ramp
      const double spread = percentile(histogram, levels, 0.95) - percentile(histogram, levels, 0.05);
      Measurement m;
      m.values = {{"texture", texture, "grey/px"}, {"spread", spread, "grey"}};
      return m;
    }};

}  // namespace conforme
