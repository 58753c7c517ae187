#pragma once
// Learned eye-state evidence: the project's eye-state network (models/eye-state-net.md, trained by
// scripts/train/train_eye_net.py) reads one eye at a time, a square of 0.85 inter-eye distances
// around the eye (the brow at the top, the eye a little below the middle), reduced to 32 x 32, and
// gives the probability that the eye is closed.
#include <array>

#include <opencv2/core.hpp>

#include "evidence/crop_net.hpp"

namespace conforme {

struct UprightFace;  // face/face_crop.hpp

inline constexpr int eye_net_size = 32;

// The network's input for the eye on the image left (0) or right (1) of an upright eye-region crop
// (face/face_crop.hpp, eye_region): a 32 x 32 BGR image, written by conforme-landmarks --crops as
// <photo>.eye-l.png and .eye-r.png for the training script.
// requires: eye_region cut with the eyes inside it (eye_region is).
cv::Mat eye_net_input(const UprightFace& eye_region, int side);

extern const CropNet eye_state_net;

// The probability that each eye is closed: [0] the eye on the image left, [1] on the right.
// Thread-safe (crop_net_logit: one network per thread).
std::array<double, 2> eye_closed_probabilities(const UprightFace& eye_region);

}  // namespace conforme
