#pragma once
// Learned glasses evidence: a small convolutional network of the project's own (model card:
// models/glasses-net.md, trained by scripts/train/train_glasses_net.py on public-domain portraits)
// that reads the eye-region crop and gives the probability that the face wears glasses. It
// complements the hand-made frame score of checks/glasses_evidence.hpp, which misses thin and
// rimless frames at low resolution.
//
// The network is compiled into libconforme (the bytes of models/glasses-net.onnx) and run by
// OpenCV's cv::dnn, one instance per thread, built on the thread's first call.
#include <opencv2/core.hpp>

#include "face/models.hpp"

namespace conforme {

struct UprightFace;  // checks/face_crop.hpp

// The network's input image: the eye-region crop (checks/face_crop.hpp, eye_region: 128 px
// between the eyes) reduced by pixel areas to 64 x 54, 8-bit BGR. The training script reads
// exactly these images (conforme-landmarks --crops), so training and inference see the same pixels.
inline constexpr int glasses_net_width = 64, glasses_net_height = 54;
cv::Mat glasses_net_input(const UprightFace& eyes);

// The network's output, a logit: > 0 when glasses are more likely than not.
// requires: input as made by glasses_net_input. Thread-safe (one network per thread).
double glasses_net_logit(const cv::Mat& input);
// The same as a probability in [0, 1] that the face wears glasses (clear or tinted).
double glasses_net_probability(const cv::Mat& input);

// The compiled-in model: name, "(compiled in)" and the SHA-256 of its ONNX bytes.
const ModelInfo& glasses_net_info();

}  // namespace conforme
