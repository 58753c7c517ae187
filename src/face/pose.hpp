#pragma once
// Head pose from the 68 landmarks (ISO/IEC 19794-5:2005 §7.2.2, ICAO Doc 9303 part 3: frontal
// pose within ±5° of yaw and pitch, ±8° of roll).
//
// A weak-perspective fit of a 3-D frontal face to 48 rigid landmarks (jaw line, brows, nose,
// eyes; the mouth is left out, as a smile would read as a nod). The face's x and y are the mean
// of frontal real portraits, made exactly left-right symmetric, and its depths come from adult
// anthropometry. models/pose-shape.md is the model card: data, command, metrics and limits.
#include "face/geometry.hpp"

namespace conforme {

struct PoseFit {
  HeadPose pose;          // yaw > 0: the face turns to the image right; pitch > 0: it looks up
  double scale = 0;       // photo pixels per outer-eye-corner span of the model
  double residual = 0;    // root-mean-square residual, in outer-eye-corner spans
  bool converged = false;
};

// requires: lm in photo pixels. ensures: angles in degrees; roll is the fitted one (derive_geometry
// reports the eye line's roll instead, exact in the image plane).
PoseFit fit_head_pose(const Landmarks& lm);

// The model's landmarks as a face at `pose` would show them, `scale` photo pixels per
// outer-eye-corner span, centred on `centre` (weak perspective); landmarks outside the model
// (the mouth) are left at `centre`. fit_head_pose of the result gives `pose` back.
Landmarks project_pose_model(const HeadPose& pose, double scale, cv::Point2f centre);

// SHA-256 of the compiled-in model table (src/face/pose_shape_model.inc), for the reports.
const char* pose_model_sha256();

}  // namespace conforme
