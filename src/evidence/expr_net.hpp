#pragma once
// Learned expression evidence: the project's expression network (models/expression-net.md,
// trained by scripts/train/train_expr_net.py on FER-2013) reads the whole face, grey, 48 x 48,
// framed as FER-2013 frames its faces, and gives one logit for each of FER-2013's seven classes.
// conforme reads one minus the neutral class's probability as the probability that the expression
// is not neutral: a smile, but also anger, fear, disgust, sadness or surprise, which the
// landmarks' smile measures of expr.neutral do not see.
#include <array>

#include <opencv2/core.hpp>

#include "evidence/crop_net.hpp"

namespace conforme {

struct FaceContext;  // core/face_context.hpp

inline constexpr int expr_net_size = 48;
// Where dlib's 68 landmarks fall in FER-2013's 48 x 48 frames (median of 478 training faces
// upscaled 4x, models/expression-net.md): 17.8 px between the eye centres, their mid-point centred
// across and 19 px below the top edge (continuous coordinates, from the frame's corner).
inline constexpr double expr_net_ied = 17.8;
inline constexpr double expr_net_eye_y = 19.0;

// FER-2013's classes, in the network's output order.
inline constexpr std::array<const char*, 7> expr_net_classes{"angry", "disgust", "fear", "happy",
                                                             "neutral", "sad", "surprise"};
inline constexpr int expr_net_neutral = 4;
inline constexpr int expr_net_happy = 3;

extern const CropNet expr_net;

// The network's input: the face rotated upright about the eyes, framed as above, reduced by pixel
// areas to 48 x 48, turned grey and histogram-equalised (three equal BGR channels). conforme-landmarks --crops writes it
// as <photo>.expr.png for the training script.
// requires: ctx.face.
cv::Mat expr_net_input(const FaceContext& ctx);

// Softmax of the network's seven logits for an input made by expr_net_input.
// Thread-safe (crop_net_outputs: one network per thread).
std::array<double, 7> expr_class_probabilities(const cv::Mat& input);

// 1 - the neutral class's probability.
double non_neutral_probability(const std::array<double, 7>& p);

}  // namespace conforme
