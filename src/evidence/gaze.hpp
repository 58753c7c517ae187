#pragma once
// Where each eye looks (ICAO Doc 9303 part 3 and ISO/IEC 19794-5 §7.2.3: eyes looking at the
// camera; service-public.fr F10619: face the lens): the iris found inside each eye's opening drawn
// by the 68 landmarks, and its offset from the middle of the eye's corners. Measured by eyes.gaze;
// drawn by the --annotate drawing (report/annotate.cpp) when that check does not pass.
#include <array>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

struct EyeGaze {
  bool found = false;        // false: the eye opening is too small or too flat to hold an iris
  double offset = 0;         // iris centre from the middle of the corners, along the corner line, over the eye width (> 0: image right)
  double vertical = 0;       // the same across the corner line (> 0: down)
  double contrast = 0;       // how much darker the iris disc is than the rest of the opening, 0..1
  double width_px = 0;       // the eye's width (corner to corner) in photo pixels
  cv::Point2f iris;          // the iris centre, photo pixels
  cv::Point2f eye_centre;    // the middle of the corners, photo pixels
};

// [0]: the eye on the image left (landmarks 36-41), [1]: on the image right (42-47).
// requires: ctx.face.
std::array<EyeGaze, 2> find_gaze(const FaceContext& ctx);

}  // namespace conforme
