#pragma once
// The bytes of the project's trained models (models/*.onnx), compiled into libconforme by CMake
// (cmake/embed_file.cmake writes each definition into the build tree).
#include <cstddef>

namespace conforme {
extern const unsigned char glasses_net_onnx[];
extern const std::size_t glasses_net_onnx_size;
extern const unsigned char occlusion_net_onnx[];
extern const std::size_t occlusion_net_onnx_size;
extern const unsigned char eye_state_net_onnx[];
extern const std::size_t eye_state_net_onnx_size;
extern const unsigned char expression_net_onnx[];
extern const std::size_t expression_net_onnx_size;
extern const unsigned char head_covering_net_onnx[];
extern const std::size_t head_covering_net_onnx_size;
extern const unsigned char mouth_net_onnx[];
extern const std::size_t mouth_net_onnx_size;
extern const unsigned char smile_net_onnx[];
extern const std::size_t smile_net_onnx_size;
}  // namespace conforme
