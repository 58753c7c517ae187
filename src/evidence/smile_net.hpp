#pragma once
// Learned smile evidence: the project's smile network (models/smile-net.md, trained by
// scripts/train/train_crop_net.py --task smile) reads the mouth-region crop (face/face_crop.hpp,
// mouth_region) reduced to 64 x 46, as the mouth network does (evidence/mouth_net.hpp), and gives
// the probability that the face is not neutral: a smile with the lips closed as well as one
// showing the teeth. It sees the closed-lip smiles that expr.neutral's landmark measures and the
// expression network, which reads the whole face at 48 x 48, let through.
#include "evidence/crop_net.hpp"
#include "evidence/mouth_net.hpp"

namespace conforme {

extern const CropNet smile_net;

}  // namespace conforme
