#pragma once
// The shoulder lines: where the clothes and shoulders first stand out of the backdrop, column by
// column, on either side of the face below the chin. Measured by shoulders.square (ICAO's photo
// guidance has the sitter face the camera square on: a body turned a little drops one shoulder
// line and lifts the other) and drawn by the --annotate drawing (report/annotate.cpp) when that
// check does not pass.
#include <vector>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

struct ShoulderLines {
  // The top of the silhouette in photo pixels, one point per column read, on the image's left
  // and right side; in each pair, left[i] and right[i] lie at the same distance from the face's
  // mid-line. Empty when `measured` is false.
  std::vector<cv::Point2f> left, right;
  // Median over the column pairs of (left height - right height), in inter-eye distances;
  // > 0 when the image-left shoulder line is the lower one.
  double drop = 0;
  bool measured = false;
  // Why not measured, when `measured` is false: the columns to compare lie beyond the photo's
  // side edges, too few of them show backdrop above the shoulders (hair, a scarf, a busy or
  // white-on-white background), or the backdrop goes down to the bottom edge on both sides (or
  // the photo ends at the chin).
  enum class Missing { none, cut_off, no_backdrop, below } missing = Missing::none;
};

// The distances from the face's mid-line at which the shoulder lines are compared, in
// inter-eye distances: beyond the neck, the collar and hair that falls to the jaw; the photo's
// edge may come first.
inline constexpr double shoulders_from = 1.2, shoulders_to = 2.4;

// requires: ctx.face.
ShoulderLines find_shoulder_lines(const FaceContext& ctx);

}  // namespace conforme
