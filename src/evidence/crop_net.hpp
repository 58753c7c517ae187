#pragma once
// The project's own small networks (models/*.md are their cards): each reads one upright face crop
// reduced to a fixed size and gives one logit. Compiled into libconforme (cmake/embed_file.cmake)
// and run by OpenCV's cv::dnn, one network per thread, built on the thread's first call.
#include <cstddef>
#include <vector>

#include <opencv2/core.hpp>

#include "core/run.hpp"

namespace conforme {

struct UprightFace;  // face/face_crop.hpp

struct CropNet {
  const char* name;          // "glasses_net", as in the reports' models
  const char* file;          // models/glasses-net.onnx, the file compiled in
  const unsigned char* onnx;  // its bytes
  std::size_t onnx_size;
  int width, height;         // the input: the crop reduced by pixel areas to width x height, BGR
};

// A crop reduced by pixel areas to width x height, 8-bit BGR.
cv::Mat reduce_crop(const UprightFace& crop, int width, int height);

// The network's input image: the crop reduced by pixel areas, 8-bit BGR. The training scripts
// read exactly these images (conforme-landmarks --crops), so both sides see the same pixels.
cv::Mat crop_net_input(const CropNet& net, const UprightFace& crop);

// The network's output logit (> 0: the attribute is more likely present than not).
// requires: input as made by crop_net_input. Thread-safe (one network per thread and model).
double crop_net_logit(const CropNet& net, const cv::Mat& input);
double crop_net_probability(const CropNet& net, const cv::Mat& input);
// Every output of a network with several (the expression network's seven class logits).
// requires: input as made by crop_net_input. Thread-safe.
std::vector<float> crop_net_outputs(const CropNet& net, const cv::Mat& input);

// Name, "(compiled in: FILE)" and the SHA-256 of the ONNX bytes, for the reports.
ModelInfo crop_net_info(const CropNet& net);

}  // namespace conforme
