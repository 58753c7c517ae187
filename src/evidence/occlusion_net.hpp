#pragma once
// Learned occlusion evidence: the project's occlusion network (models/occlusion-net.md, trained by
// scripts/train/train_crop_net.py --task occlusion) reads the mouth-region crop (face/face_crop.hpp,
// mouth_region: 128 px between the eyes, from the nose tip to below the chin) reduced to 64 x 46,
// and gives the probability that the lower face is covered (a mask, a scarf, a hand).
#include "evidence/crop_net.hpp"

namespace conforme {

extern const CropNet occlusion_net;

}  // namespace conforme
