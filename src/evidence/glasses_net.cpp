#include "evidence/glasses_net.hpp"

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "checks/face_crop.hpp"
#include "core/sha256.hpp"
#include "evidence/glasses_net_onnx.hpp"

namespace conforme {
namespace {

cv::dnn::Net load_net() {
  const std::vector<uchar> bytes(glasses_net_onnx, glasses_net_onnx + glasses_net_onnx_size);
  cv::dnn::Net net = cv::dnn::readNetFromONNX(bytes);
  if (net.empty()) throw ModelError("glasses network (compiled in, models/glasses-net.onnx): OpenCV cannot read it");
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  return net;
}

}  // namespace

cv::Mat glasses_net_input(const UprightFace& eyes) {
  cv::Mat small;
  cv::resize(eyes.bgr, small, cv::Size(glasses_net_width, glasses_net_height), 0, 0, cv::INTER_AREA);
  return small;
}

double glasses_net_logit(const cv::Mat& input) {
  CV_Assert(input.type() == CV_8UC3 && input.cols == glasses_net_width && input.rows == glasses_net_height);
  // cv::dnn::Net keeps per-call state: one per thread (TBB's workers live as long as the pool).
  thread_local cv::dnn::Net net = load_net();
  // Channels stay in BGR order, scaled to [0, 1]: the training script reads the same PNGs with
  // OpenCV and scales them the same way.
  const cv::Mat blob = cv::dnn::blobFromImage(input, 1.0 / 255.0, cv::Size(), cv::Scalar(), false, false, CV_32F);
  net.setInput(blob);
  const cv::Mat logit = net.forward();
  return logit.ptr<float>(0)[0];
}

double glasses_net_probability(const cv::Mat& input) { return 1.0 / (1.0 + std::exp(-glasses_net_logit(input))); }

const ModelInfo& glasses_net_info() {
  static const ModelInfo info{"glasses_net", "(compiled in: models/glasses-net.onnx)",
                              sha256_bytes(std::string_view(reinterpret_cast<const char*>(glasses_net_onnx), glasses_net_onnx_size))};
  return info;
}

}  // namespace conforme
