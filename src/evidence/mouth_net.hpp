#pragma once
// The input of the mouth network that scripts/train/train_crop_net.py --task mouth trains: the
// mouth-region crop (face/face_crop.hpp, mouth_region: 128 px between the eyes) reduced to
// 64 x 46, written by conforme-landmarks --crops. No mouth network ships: the one trained did not
// beat expr.mouth_closed on the validation split (EVALUATION.md §5.3). The occlusion network
// (evidence/occlusion_net.hpp) reads the same crop at the same size.
namespace conforme {

inline constexpr int mouth_net_width = 64, mouth_net_height = 46;

}  // namespace conforme
