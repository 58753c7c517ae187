#include "evidence/crop_net.hpp"

#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "core/sha256.hpp"
#include "face/face_crop.hpp"
#include "face/models.hpp"

namespace conforme {
namespace {

cv::dnn::Net load_net(const CropNet& spec) {
  const std::vector<uchar> bytes(spec.onnx, spec.onnx + spec.onnx_size);
  cv::dnn::Net net = cv::dnn::readNetFromONNX(bytes);
  if (net.empty())
    throw ModelError(std::string(spec.name) + " (compiled in, " + spec.file + "): OpenCV cannot read it");
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  return net;
}

}  // namespace

cv::Mat reduce_crop(const UprightFace& crop, int width, int height) {
  cv::Mat small;
  cv::resize(crop.bgr, small, cv::Size(width, height), 0, 0, cv::INTER_AREA);
  return small;
}

cv::Mat crop_net_input(const CropNet& net, const UprightFace& crop) { return reduce_crop(crop, net.width, net.height); }

std::vector<float> crop_net_outputs(const CropNet& spec, const cv::Mat& input) {
  CV_Assert(input.type() == CV_8UC3 && input.cols == spec.width && input.rows == spec.height);
  // cv::dnn::Net keeps per-call state: one per thread and model (TBB's workers live as long as
  // the pool, so each is built once).
  thread_local std::map<const CropNet*, cv::dnn::Net> nets;
  auto it = nets.find(&spec);
  if (it == nets.end()) it = nets.emplace(&spec, load_net(spec)).first;
  // Channels stay in BGR order, scaled to [0, 1], as the training scripts read the same PNGs.
  it->second.setInput(cv::dnn::blobFromImage(input, 1.0 / 255.0, cv::Size(), cv::Scalar(), false, false, CV_32F));
  const cv::Mat out = it->second.forward();
  const float* first = out.ptr<float>(0);
  return std::vector<float>(first, first + out.total());
}

double crop_net_logit(const CropNet& spec, const cv::Mat& input) { return crop_net_outputs(spec, input)[0]; }

double crop_net_probability(const CropNet& net, const cv::Mat& input) {
  return 1.0 / (1.0 + std::exp(-crop_net_logit(net, input)));
}

ModelInfo crop_net_info(const CropNet& net) {
  return {net.name, std::string("(compiled in: ") + net.file + ")",
          sha256_bytes(std::string_view(reinterpret_cast<const char*>(net.onnx), net.onnx_size))};
}

}  // namespace conforme
