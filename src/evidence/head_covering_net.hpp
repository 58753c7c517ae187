#pragma once
// Learned head-covering evidence: the project's head-covering network (models/head-covering-net.md,
// trained by scripts/train/train_crop_net.py --task covering) reads the head crop (face/face_crop.hpp,
// head_region: from above the crown to the nose and both sides of the head, 40 px between the eyes)
// reduced to 64 x 64, and gives the probability that the head is covered (a hat, cap, headband,
// scarf or veil). It complements the forehead-band edge and the worn-colour share of head.covering,
// which see little of a hat whose crown the photo cuts or whose colour is a hair colour.
#include <opencv2/core.hpp>

#include "evidence/crop_net.hpp"

namespace conforme {

struct FaceContext;  // core/face_context.hpp

inline constexpr int head_net_width = 64, head_net_height = 64;

extern const CropNet head_covering_net;

// The network's input: the head crop reduced by pixel areas to 64 x 64, 8-bit BGR.
// conforme-landmarks --crops writes it as <photo>.head.png for the training script.
// requires: ctx.face.
cv::Mat head_covering_net_input(const FaceContext& ctx);

}  // namespace conforme
