#include "face/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/shrink.hpp"
#include "core/side_by_side.hpp"
#include "face/face_crop.hpp"
#include "face/image_stats.hpp"
#include "face/pose.hpp"

namespace conforme {

cv::Point2f eye_centre(const Landmarks& lm, int first) {
  cv::Point2f sum(0, 0);
  for (int i = first; i < first + 6; ++i) sum += lm[i];
  return sum * (1.0f / 6.0f);
}

double roll_from_eyes(cv::Point2f eye_left, cv::Point2f eye_right) {
  const cv::Point2f d = eye_right - eye_left;
  return std::atan2(d.y, d.x) * 180.0 / CV_PI;
}

HeadPose estimate_pose(const Landmarks& lm) {
  HeadPose pose = fit_head_pose(lm).pose;
  // The eye line's roll is exact in the image plane; the fitted one also absorbs the face's own
  // asymmetry.
  pose.roll_deg = roll_from_eyes(eye_centre(lm, 36), eye_centre(lm, 42));
  return pose;
}

cv::Point2f estimate_crown(cv::Point2f eye_mid, cv::Point2f chin) {
  return eye_mid + (eye_mid - chin) * static_cast<float>(crown_to_eye_over_eye_to_chin);
}

Landmarks rotate_landmarks(const Landmarks& lm, cv::Point2f centre, double roll_deg) {
  const double a = -roll_deg * CV_PI / 180.0;
  const double c = std::cos(a), s = std::sin(a);
  Landmarks out;
  for (std::size_t i = 0; i < lm.size(); ++i) {
    const cv::Point2f d = lm[i] - centre;
    out[i] = centre + cv::Point2f(static_cast<float>(c * d.x - s * d.y),
                                  static_cast<float>(s * d.x + c * d.y));
  }
  return out;
}

cv::Mat make_face_mask(const Landmarks& lm, cv::Size size, double brow_lift_px) {
  std::vector<cv::Point> outline;
  for (int i = 0; i <= 16; ++i) outline.emplace_back(cvRound(lm[i].x), cvRound(lm[i].y));
  for (int i = 17; i <= 26; ++i) outline.emplace_back(cvRound(lm[i].x), cvRound(lm[i].y - brow_lift_px));
  std::vector<cv::Point> hull;
  cv::convexHull(outline, hull);
  cv::Mat mask = cv::Mat::zeros(size, CV_8U);
  cv::fillConvexPoly(mask, hull, cv::Scalar(255));
  return mask;
}

namespace {
constexpr double edge_strip_share = 0.04;  // of the photo width
constexpr double ears_from_midline = 0.72;  // in jaw widths
}  // namespace

cv::Mat make_background_mask(const FaceContext& ctx) {
  const cv::Size size = ctx.bgr.size();
  const Face& f = *ctx.face;
  cv::Mat mask = cv::Mat::zeros(size, CV_8U);
  const double head_height = f.chin.y - f.crown_y;
  const double jaw_width = cv::norm(f.landmarks[16] - f.landmarks[0]);
  // Everything above the chin line is candidate background; shoulders start below it.
  const int bottom = std::clamp(cvRound(f.chin.y), 0, size.height);
  const int margin = std::max(2, cvRound(0.015 * size.width));
  if (bottom > margin)
    mask(cv::Rect(margin, margin, std::max(0, size.width - 2 * margin), bottom - margin)) = 255;
  // The head and its hair: an ellipse a third wider than the jaw on each side and reaching a
  // quarter of a head above the crown.
  const cv::Point centre(cvRound(f.midline_x), cvRound(f.crown_y + 0.45 * head_height));
  const cv::Size axes(cvRound(0.8 * jaw_width), cvRound(0.75 * head_height));
  cv::ellipse(mask, centre, axes, -f.pose.roll_deg, 0, 360, cv::Scalar(0), cv::FILLED);
  // Below the ellipse's widest point the neck and collar may already rise beside the chin.
  const int neck_top = std::clamp(centre.y, 0, bottom);
  const int neck_left = std::clamp(cvRound(f.midline_x - 0.8 * jaw_width), 0, size.width);
  const int neck_right = std::clamp(cvRound(f.midline_x + 0.8 * jaw_width), 0, size.width);
  if (bottom > neck_top && neck_right > neck_left)
    mask(cv::Rect(neck_left, neck_top, neck_right - neck_left, bottom - neck_top)) = 0;
  // An ID photo's head fills most of the width, so the corners above it see nothing of a
  // top-to-bottom gradient. Along the photo's left and right edges, from the eye line down to a
  // quarter of a head above the chin (long hair and shoulders reach the edges lower down, as on
  // the shared portraits), narrow strips are background too, where they lie beyond the ears
  // (whose tips reach 0.64-0.67 jaw widths from the mid-line on the sample sitters).
  const int strip_top = std::clamp(cvRound(f.eye_mid.y), margin, size.height);
  const int strip_bottom = std::clamp(cvRound(f.chin.y - 0.25 * head_height), strip_top, size.height);
  const int strip_width = cvRound(edge_strip_share * size.width);
  const int left_end = std::min(margin + strip_width, cvRound(f.midline_x - ears_from_midline * jaw_width));
  const int right_start =
      std::max(size.width - margin - strip_width, cvRound(f.midline_x + ears_from_midline * jaw_width));
  if (strip_bottom > strip_top) {
    if (left_end > margin) mask(cv::Rect(margin, strip_top, left_end - margin, strip_bottom - strip_top)) = 255;
    if (size.width - margin > right_start)
      mask(cv::Rect(right_start, strip_top, size.width - margin - right_start, strip_bottom - strip_top)) = 255;
  }
  return mask;
}

namespace {

// Whether the copy for region statistics (Face::reduced_scale), now `size` at `scale`
// reduced pixels per photo pixel, is halved once more: while the eyes stay at least
// reduced_min_ied_px apart.
bool halve_again(double inter_eye_px, double scale, cv::Size size) {
  return inter_eye_px * scale / 2 >= Face::reduced_min_ied_px && std::min(size.width, size.height) >= 2;
}

// The photo's reduced copy; `half`, when not empty, is halve(photo), taken beforehand.
cv::Mat reduced_photo(const cv::Mat& photo, double inter_eye_px, const cv::Mat& half, double& scale) {
  scale = 1.0;
  cv::Mat out = photo;
  while (halve_again(inter_eye_px, scale, out.size())) {
    out = scale == 1.0 && !half.empty() ? half : halve(out);
    scale /= 2;
  }
  return out;
}

// A mask's reduced copy, as many halvings as the photo's (masks have the photo's size): a 2 x 2
// mean is 255 only when all four pixels are, so what is left is wholly inside, level after level.
cv::Mat reduced_mask(const cv::Mat& mask, double inter_eye_px) {
  double scale = 1.0;
  cv::Mat out = mask;
  while (halve_again(inter_eye_px, scale, out.size())) {
    out = halve(out) == 255;
    scale /= 2;
  }
  return out;
}

}  // namespace

void derive_geometry(FaceContext& ctx, const cv::Mat& half_bgr) {
  Face& face = *ctx.face;
  const Landmarks& lm = face.landmarks;
  face.eye_left = eye_centre(lm, 36);
  face.eye_right = eye_centre(lm, 42);
  face.eye_mid = (face.eye_left + face.eye_right) * 0.5f;
  face.inter_eye_px = cv::norm(face.eye_right - face.eye_left);
  face.chin = lm[8];
  face.crown_y = estimate_crown(face.eye_mid, face.chin).y;
  // Mid-line: the eyes' mid-point, the nose bridge and the chin all lie on it.
  face.midline_x = (face.eye_mid.x + lm[27].x + lm[30].x + lm[8].x) / 4.0;
  // The roll (the eye line, as estimate_pose gives it) first: the masks and the crops turn with it.
  face.pose.roll_deg = roll_from_eyes(face.eye_left, face.eye_right);
  face.upright_landmarks = rotate_landmarks(lm, face.eye_mid, face.pose.roll_deg);

  // The steps below read the context as it is now and write only their own results
  // (core/side_by_side.hpp).
  const FaceContext& known = ctx;
  HeadPose pose;
  std::shared_ptr<const UprightFace> eyes, mouth;
  cv::Mat face_mask, background_mask, reduced_bgr, reduced_face_mask, reduced_background_mask;
  double reduced_scale = 1.0;
  run_steps([&] { pose = estimate_pose(lm); },
            [&] { eyes = std::make_shared<const UprightFace>(upright_face(known, eye_region)); },
            [&] { mouth = std::make_shared<const UprightFace>(upright_face(known, mouth_region)); },
            [&] { reduced_bgr = reduced_photo(known.bgr, known.face->inter_eye_px, half_bgr, reduced_scale); },
            [&] {
              face_mask = make_face_mask(lm, known.bgr.size());
              reduced_face_mask = reduced_mask(face_mask, known.face->inter_eye_px);
            },
            [&] {
              background_mask = make_background_mask(known);
              reduced_background_mask = reduced_mask(background_mask, known.face->inter_eye_px);
            });
  face.pose = pose;
  face.evidence.eye_region = std::move(eyes);
  face.evidence.mouth_region = std::move(mouth);
  face.face_mask = std::move(face_mask);
  face.background_mask = std::move(background_mask);
  face.reduced_bgr = std::move(reduced_bgr);
  face.reduced_scale = reduced_scale;
  face.reduced_face_mask = std::move(reduced_face_mask);
  face.reduced_background_mask = std::move(reduced_background_mask);
  run_steps([&] { face.evidence.face_lab = std::make_shared<const LabStats>(median_lab(known.face->reduced_bgr, known.face->reduced_face_mask)); },
            [&] {
              face.evidence.background_lab =
                  std::make_shared<const LabStats>(median_lab(known.face->reduced_bgr, known.face->reduced_background_mask));
            });
}

}  // namespace conforme
