#include "evidence/smile_net.hpp"

#include "evidence/embedded_models.hpp"

namespace conforme {

const CropNet smile_net{"smile_net", "models/smile-net.onnx", smile_net_onnx, smile_net_onnx_size, mouth_net_width,
                        mouth_net_height};

}  // namespace conforme
