#pragma once
// Flash hot spots on the skin ("sans ombre ni reflet", service-public.fr F10619; ICAO Doc 9303
// part 3: no hot spots, evenly lit): the whitish patches a flash or a bare lamp leaves on the
// forehead, the nose and the cheeks. Measured by light.hot_spots; drawn by the --annotate
// drawing (report/annotate.cpp) when that check does not pass.
#include <vector>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

// The skin is read on an upright crop with this many pixels between the eye centres.
inline constexpr double hot_spot_ied_px = 48.0;

struct HotSpots {
  double share = 0;        // share of the skin region lying in hot spots
  double largest = 0;      // the largest hot spot's area over the skin region's
  double peak_excess = 0;  // brightest skin (L*, smoothed over 3 x 3 crop pixels) above the skin's median L*
  double skin_lightness = 0;  // the skin's median L*
  // Each hot spot's outline in photo pixels, largest first (filled only when asked).
  std::vector<std::vector<cv::Point>> outlines;
};

// requires: ctx.face.
HotSpots find_hot_spots(const FaceContext& ctx, bool with_outlines = false);

}  // namespace conforme
