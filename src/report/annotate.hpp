#pragma once
// The photo with its measurements drawn on it, for people reviewing a verdict.
#include <opencv2/core.hpp>

#include "core/face_context.hpp"
#include "core/report.hpp"

namespace conforme {

// Draws the background sample region (tinted), the 68 landmarks, the eye line, the chin and
// crown lines, the face mid-line, and the failed checks. Returns a new image; ctx is unchanged.
cv::Mat annotate(const FaceContext& ctx, const PhotoReport& report);

}  // namespace conforme
