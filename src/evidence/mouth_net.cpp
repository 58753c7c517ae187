#include "evidence/mouth_net.hpp"

#include "evidence/embedded_models.hpp"
#include "face/face_crop.hpp"

namespace conforme {

const CropNet mouth_net{"mouth_net", "models/mouth-net.onnx", mouth_net_onnx, mouth_net_onnx_size, mouth_net_width,
                        mouth_net_height};

const cv::Mat& mouth_net_input(const FaceContext& ctx) {
  return ctx.face->on_demand.mouth_net_input.get(
      [&] { return crop_net_input(mouth_net, *cut_crop(ctx, ctx.face->evidence.mouth_region, mouth_region)); });
}

}  // namespace conforme
