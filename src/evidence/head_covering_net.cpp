#include "evidence/head_covering_net.hpp"

#include "evidence/embedded_models.hpp"
#include "face/face_crop.hpp"

namespace conforme {

const CropNet head_covering_net{"head_covering_net", "models/head-covering-net.onnx", head_covering_net_onnx,
                                head_covering_net_onnx_size, head_net_width, head_net_height};

cv::Mat head_covering_net_input(const FaceContext& ctx) {
  return reduce_crop(upright_face(ctx, head_region), head_net_width, head_net_height);
}

}  // namespace conforme
