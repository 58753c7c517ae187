#pragma once
// Which way the face's fine detail is missing: the tell of a moved photo (issue 22 item 8). A
// defocused lens spreads every point into a disc and removes fine detail in every direction; a
// camera or a head that moves during the exposure spreads it along a line and removes it along
// that line only. On a grey image, the gradients at full resolution (all detail) and after a
// Gaussian blur of `coarse_sigma` px (the coarse detail alone) give two 2 x 2 gradient structure
// tensors, A and B; the fine detail's energy in the direction u is u'(A - B)u, and its share of
// the coarse detail's u'(A - B)u / u'Bu. The extreme shares over all directions are the
// generalised eigenvalues of (A - B, B): their ratio, least over most, is 1 when the fine detail
// is missing equally in every direction (sharp or defocused) and falls towards 0 when it is
// missing along one direction only (motion). Dividing by the coarse detail takes out most of the
// face's own anisotropy (eyes, brows and mouth are horizontal edges at every scale).
#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

struct BlurDirection {
  double ratio = 1.0;          // least over most fine-detail share, 0..1
  double direction_deg = 0.0;  // the direction with the least fine detail, the motion's: degrees
                               // from the image's horizontal, 0..180, counter-clockwise as seen
  double fine_least = 0.0;     // the fine-detail shares in that direction and across it
  double fine_most = 0.0;
};

// The working scale: the face is measured at most this many pixels between the eyes (native
// below), so a blur means the same length in inter-eye distances on every photo that large.
inline constexpr double blur_direction_working_ied = 96.0;
inline constexpr double blur_direction_coarse_sigma = 1.0;

// requires: `grey` 8-bit single channel, at least 8 x 8 px.
BlurDirection blur_direction(const cv::Mat& grey);
// The landmarks' bounding box (brows to chin), at the working scale. requires: ctx.face.
BlurDirection blur_direction(const FaceContext& ctx);

}  // namespace conforme
