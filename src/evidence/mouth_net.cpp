#include "evidence/mouth_net.hpp"

#include "evidence/embedded_models.hpp"

namespace conforme {

const CropNet mouth_net{"mouth_net", "models/mouth-net.onnx", mouth_net_onnx, mouth_net_onnx_size, mouth_net_width,
                        mouth_net_height};

}  // namespace conforme
