#pragma once
// Hair over the eyes (service-public.fr F10619: « Le visage doit être dégagé. Les yeux doivent
// être parfaitement visibles et ouverts. »; ICAO Doc 9303 part 3: no hair obscuring the eyes). On
// the upright eye crop the glasses checks share (128 px between the eyes), each column across an
// eye, corner to corner, is read twice: on the forehead just above the brow and on the lid between
// the brow and the eye. Hair fallen over the eye covers both; a fringe that ends above the eye
// covers only the first, the shadow of a deep-set eye only the second. A pixel is hair-like when
// it is far darker than the face's median colour (FaceEvidence) or nearer the colour of the top of
// the head (sampled on the reduced photo) than the face's. Measured by eyes.hair; drawn by the
// --annotate drawing when that check does not pass.
#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

struct HairOverEyes {
  // Per eye, the mean over its columns of the lesser of the forehead's and the lid's hair-like
  // shares, 0..1. [0]: the eye on the image left (landmarks 36-41, brow 17-21), [1]: on the image
  // right (42-47, brow 22-26).
  std::array<double, 2> covered{};
  bool hair_colour_known = false;  // the top of the head differs from the skin (not bald, not cut)
  // Each eye's region read (above the brow down to the upper lid), outlined in photo pixels.
  std::array<std::vector<cv::Point2f>, 2> outline;
  int worse() const { return covered[1] > covered[0] ? 1 : 0; }
};

// requires: ctx.face.
HairOverEyes hair_over_eyes(const FaceContext& ctx);

}  // namespace conforme
