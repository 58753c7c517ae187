#pragma once
// An upright crop of the face at a fixed scale: the eyes level and a fixed number of pixels apart,
// so measures taken on it mean the same at 300 and 600 dpi and whatever the head's tilt.
#include <array>
#include <memory>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

struct UprightFace {
  cv::Mat bgr;                             // 8-bit BGR crop
  cv::Mat gray;                            // the same, grey
  double ied = 0;                          // pixels between the eye centres in the crop
  cv::Matx23d to_crop;                     // photo pixels -> crop pixels
  std::array<cv::Point2f, 68> landmarks{};  // in crop pixels
  cv::Point2f eye_left, eye_right, eye_mid;  // in crop pixels; eye_left.y == eye_right.y

  // A length given in inter-eye distances, in crop pixels.
  float u(double inter_eye_units) const { return static_cast<float>(inter_eye_units * ied); }
  // A point given in inter-eye units from the eye mid-point (x right, y down), in crop pixels.
  cv::Point2f at(double x_units, double y_units) const { return eye_mid + cv::Point2f(u(x_units), u(y_units)); }
  cv::Rect bounds() const { return {0, 0, bgr.cols, bgr.rows}; }
};

// Where a crop lies: `ied_px` between the eye centres, from `left` to `right` inter-eye distances
// across and `top` to `bottom` down from the eye mid-point (negative is left / up).
struct CropSpan {
  double ied_px, left, top, right, bottom;
};

// The eyes, the brows above them and the cheeks below the lenses: what the glasses checks read
// (glasses_evidence.hpp). Cut once per photo by derive_geometry (FaceEvidence::eye_region).
inline constexpr CropSpan eye_region{128.0, -1.0, -0.7, 1.0, 1.0};
// The mouth, 1.0-1.3 inter-eye distances below the eyes and 0.45 to either side, at 128 px between
// the eyes (evidence/mouth_evidence.hpp). Cut once per photo by derive_geometry
// (FaceEvidence::mouth_region) for the two expression checks.
inline constexpr CropSpan mouth_region{128.0, -0.9, 0.5, 0.9, 1.8};
// The head above and beside the face, where a hat, cap, headband, scarf or veil is worn: from 1.6
// inter-eye distances left of the eye mid-point to 1.6 right and from 2.2 above the eyes (above the
// crown; CelebA's aligned crops, which cut most hats, still hold it) to 1.0 below (the nose), at 40 px
// between the eyes. Read by the head-covering network (evidence/head_covering_net.hpp).
inline constexpr CropSpan head_region{40.0, -1.6, -2.2, 1.6, 1.0};

// The face rotated upright about the eye mid-point and scaled to `ied_px` between the eye centres.
// The crop spans `left`..`right` inter-eye distances across and `top`..`bottom` down from the
// eye mid-point (negative is left / up); pixels beyond the photo repeat its border.
// requires: ctx.face.
UprightFace upright_face(const FaceContext& ctx, double ied_px, double left, double top, double right, double bottom);
inline UprightFace upright_face(const FaceContext& ctx, const CropSpan& s) {
  return upright_face(ctx, s.ied_px, s.left, s.top, s.right, s.bottom);
}

// The corners, in photo pixels, of a crop of `size` cut by `to_crop` (photo -> crop pixels):
// top-left, top-right, bottom-right, bottom-left.
std::array<cv::Point2f, 4> crop_corners_in_photo(const cv::Matx23d& to_crop, cv::Size size);

// The crop derive_geometry already cut (`cut`: the face's evidence.eye_region or
// evidence.mouth_region), or `span` cut now when the face has none (one built by hand, without
// derive_geometry).
// requires: ctx.face.
inline std::shared_ptr<const UprightFace> cut_crop(const FaceContext& ctx, const std::shared_ptr<const UprightFace>& cut,
                                                   const CropSpan& span) {
  return cut ? cut : std::make_shared<const UprightFace>(upright_face(ctx, span));
}

}  // namespace conforme
