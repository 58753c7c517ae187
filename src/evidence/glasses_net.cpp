#include "evidence/glasses_net.hpp"

#include "evidence/embedded_models.hpp"

namespace conforme {

const CropNet glasses_net{"glasses_net", "models/glasses-net.onnx", glasses_net_onnx, glasses_net_onnx_size, 64, 54};

}  // namespace conforme
