#include "evidence/occlusion_net.hpp"

#include "evidence/embedded_models.hpp"
#include "evidence/mouth_net.hpp"

namespace conforme {

const CropNet occlusion_net{"occlusion_net", "models/occlusion-net.onnx", occlusion_net_onnx, occlusion_net_onnx_size,
                            mouth_net_width, mouth_net_height};

}  // namespace conforme
