#pragma once
// The backdrop that bg.uniform judges, and the --annotate drawing (report/annotate.cpp) outlines:
// the background mask above the chin, at one face scale (128 px between the eyes at most), less
// the sitter's hair and shoulders. The mask is drawn from the landmarks (outside an ellipse round
// the head, above the chin); in a tight frame full hair and the shoulders reach into it. What a
// flood of the backdrop from the mask's top row and outer edges does not reach, and that touches
// the head's place or rises from the chin line without reaching the eyes, is left out
// (EVALUATION.md §8.5.1). An object whose region touches the head's place is left out with it.
#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

struct Backdrop {
  cv::Rect above_chin;  // the photo's rows read, in photo pixels
  cv::Mat gray;         // those rows at the working scale, 3 x 3 Gaussian blurred
  cv::Mat mask;         // the backdrop read (255): the background mask, eroded, less the sitter
  cv::Mat sitter;       // the background mask's pixels left out as the sitter (255)
};

// requires: ctx.face.
Backdrop find_backdrop(const FaceContext& ctx);

}  // namespace conforme
