#pragma once
// Learned glasses evidence: the project's glasses network (models/glasses-net.md, trained by
// scripts/train/train_crop_net.py on public-domain portraits) reads the eye-region crop
// (face/face_crop.hpp, eye_region: 128 px between the eyes) reduced to 64 x 54 and gives the
// probability that the face wears glasses. It complements the hand-made frame score of
// evidence/glasses_evidence.hpp, which misses thin and rimless frames at low resolution.
#include "evidence/crop_net.hpp"

namespace conforme {

extern const CropNet glasses_net;

}  // namespace conforme
