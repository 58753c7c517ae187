#pragma once
// Geometry derived from the 68 landmarks. Pure functions, so each is tested on its own.
#include <array>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

using Landmarks = std::array<cv::Point2f, 68>;

// Mean of the six points of each eye (36-41 image left, 42-47 image right).
cv::Point2f eye_centre(const Landmarks& lm, int first);

// Roll in degrees from the eye line: exact in the image plane, unlike a fit to a mean face.
double roll_from_eyes(cv::Point2f eye_left, cv::Point2f eye_right);

// Yaw and pitch from a fit of the corpus's 3-D frontal face (face/pose.hpp); roll from the eye line.
HeadPose estimate_pose(const Landmarks& lm);

// Top of the skull, hair excluded. Anthropometric surveys of adult heads put the eye centres
// half-way between the chin (menton) and the vertex, so the crown lies one eye-to-chin distance
// above the eye mid-point, measured along the face's own vertical axis.
cv::Point2f estimate_crown(cv::Point2f eye_mid, cv::Point2f chin);
inline constexpr double crown_to_eye_over_eye_to_chin = 1.0;

// Landmarks rotated by -roll about `centre`.
Landmarks rotate_landmarks(const Landmarks& lm, cv::Point2f centre, double roll_deg);

// 255 inside the face: the jaw line closed by the eyebrows (the convex hull of landmarks 0-26), the
// brows raised by `brow_lift_px` (0: as found) to take in the forehead.
cv::Mat make_face_mask(const Landmarks& lm, cv::Size size, double brow_lift_px = 0.0);

// 255 where the background is sampled: above the chin, outside an ellipse that holds the head
// and a generous allowance for hair, and away from the photo border.
// requires: ctx.face, with its eyes, chin, crown, mid-line and roll.
cv::Mat make_background_mask(const FaceContext& ctx);
// A background must show at least this share of the photo to be judged (bg.uniform, bg.shadow).
inline constexpr double min_background_share = 0.01;

// Fills every other member of *ctx.face, its evidence included, from its landmarks.
// requires: ctx.bgr set, ctx.face set with its landmarks.
// Its independent parts run side by side unless the caller keeps them on its thread
// (core/side_by_side.hpp). The face's reduced_* (Face::reduced_scale) come from ctx.bgr and the
// masks by 2 x 2 means; `half_bgr`, when not empty, is the first of them, halve(ctx.bgr), taken
// beforehand (FaceAnalyser takes it while it detects the face).
void derive_geometry(FaceContext& ctx, const cv::Mat& half_bgr = {});

}  // namespace conforme
