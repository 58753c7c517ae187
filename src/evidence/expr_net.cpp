#include "evidence/expr_net.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "evidence/embedded_models.hpp"
#include "face/face_crop.hpp"

namespace conforme {

const CropNet expr_net{"expression_net", "models/expression-net.onnx", expression_net_onnx, expression_net_onnx_size,
                       expr_net_size, expr_net_size};

cv::Mat expr_net_input(const FaceContext& ctx) {
  // Cut at twice the network's size, then reduced by pixel areas: a 2 x 2 block of the large crop
  // averages into one pixel whose centre sits half a large pixel in from the block's first. (Cut
  // at 4x, the crop alone cost 0.24 ms: BM_ExpressionEvidence_IdPhoto/net:0.)
  constexpr int k = 2;
  constexpr double ied = k * expr_net_ied;
  constexpr double side = k * expr_net_size / ied;  // the crop's side in inter-eye distances
  constexpr double left = -(k * expr_net_size / 2.0 - 0.5) / ied;
  constexpr double top = -(k * expr_net_eye_y - 0.5) / ied;
  const UprightFace big = upright_face(ctx, ied, left, top, left + side, top + side);
  cv::Mat small, input;
  cv::resize(big.gray, small, cv::Size(expr_net_size, expr_net_size), 0, 0, cv::INTER_AREA);
  // Histogram-equalised, as the training faces are: the copy of FER-2013 trained on had its
  // contrast raised by its own repository, ID photos are softer (models/expression-net.md).
  cv::equalizeHist(small, small);
  cv::cvtColor(small, input, cv::COLOR_GRAY2BGR);
  return input;
}

std::array<double, 7> expr_class_probabilities(const cv::Mat& input) {
  const std::vector<float> z = crop_net_outputs(expr_net, input);
  CV_Assert(z.size() == expr_net_classes.size());
  std::array<double, 7> p{};
  const double top = *std::max_element(z.begin(), z.end());
  double sum = 0;
  for (std::size_t i = 0; i < p.size(); ++i) sum += p[i] = std::exp(z[i] - top);
  for (auto& v : p) v /= sum;
  return p;
}

double non_neutral_probability(const std::array<double, 7>& p) { return 1.0 - p[expr_net_neutral]; }

}  // namespace conforme
