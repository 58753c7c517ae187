#pragma once
// Learned open-mouth evidence: the project's mouth network (models/mouth-net.md, trained by
// scripts/train/train_crop_net.py --task mouth) reads the mouth-region crop (face/face_crop.hpp,
// mouth_region: 128 px between the eyes, from the nose tip to below the chin) reduced to 64 x 46,
// and gives the probability that the mouth is open (lips apart, teeth shown or not). It sees
// slightly parted lips without teeth, which expr.mouth_closed's landmark measures pass. The
// occlusion network (evidence/occlusion_net.hpp) reads the same crop at the same size;
// conforme-landmarks --crops writes it as <photo>.mouth.png for the training script.
#include "core/face_context.hpp"
#include "evidence/crop_net.hpp"

namespace conforme {

inline constexpr int mouth_net_width = 64, mouth_net_height = 46;

extern const CropNet mouth_net;

// The photo's mouth crop reduced to mouth_net_width x mouth_net_height (crop_net_input): the input
// of the mouth, occlusion and smile networks, reduced when a check first asks, then shared
// (Face::on_demand). requires: ctx.face. Thread-safe.
const cv::Mat& mouth_net_input(const FaceContext& ctx);

}  // namespace conforme
