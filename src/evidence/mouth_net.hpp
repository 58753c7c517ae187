#pragma once
// Learned mouth evidence: the input of the project's mouth network, the mouth-region crop
// (checks/face_crop.hpp, mouth_region: 128 px between the eyes) reduced to 64 x 46.
namespace conforme {

inline constexpr int mouth_net_width = 64, mouth_net_height = 46;

}  // namespace conforme
