#pragma once
// Evidence of spectacle frames around and between the eyes ("sans lunettes", service-public.fr F10619), shared by
// the glasses, glasses.tinted and glasses.reflection checks. Landmark-guided edge evidence in the
// spirit of Jiang et al., "Towards detection of glasses in facial images" (Pattern Analysis &
// Applications 3, 2000): a frame is a long horizontal edge across the nose bridge between the
// eyes, and strong edges along the rims below the eyes, where bare skin is smooth.
#include <memory>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"
#include "face/face_crop.hpp"

namespace conforme {

// Edges are measured on an upright face crop with this many pixels between the eye centres.
inline constexpr double glasses_ied_px = eye_region.ied_px;

struct GlassesEvidence {
  double bridge_edge = 0;  // strongest row of vertical gradient across the nose bridge, grey/px
  double rim_edge = 0;     // mean over columns of the strongest vertical gradient below each eye, grey/px
  // Geometric mean of the two: a frame shows both, a skin crease or an eye bag only one.
  double frame_score() const;
};

// Measured on `face`, an eye crop cut as eye_region is.
GlassesEvidence glasses_evidence(const UprightFace& face);
// The photo's, on its eye crop (glasses_crop): measured when a check first asks, then shared
// (Face::on_demand). requires: ctx.face. Thread-safe.
const GlassesEvidence& glasses_evidence(const FaceContext& ctx);

// Frame score from which tint and reflections are measured. On the 45 hand-labelled portraits of
// shared/faces, frame scores are <= 6.32 without glasses and >= 9.88 with them (issue 9); the
// fr-ants `glasses` limit is the same number. It gates measurement only; the profiles judge.
inline constexpr double glasses_present_frame_score = 8.0;
// Whether the photo's frame score reaches glasses_present_frame_score. requires: ctx.face.
bool glasses_found(const FaceContext& ctx);

// The crop the glasses checks share (FaceEvidence::eye_region; cut here when the face has none),
// and where the lenses and the cheeks below them lie in it.
std::shared_ptr<const UprightFace> glasses_crop(const FaceContext& ctx);
// 255 where a lens would cover the skin around each eye: an ellipse about each eye centre, less
// the eye opening itself (whose catch-lights and iris are not the lens) and the eyebrows.
cv::Mat lens_mask(const UprightFace& face);
// 255 on the skin just below each eye opening: inside any lens, and clear of the frame however
// thick, so a tint shows there undiluted by the frame's own colour.
cv::Mat under_eye_mask(const UprightFace& face);
// 255 on the cheeks below the lenses: the bare skin a lens is compared with.
cv::Mat cheek_mask(const UprightFace& face);

}  // namespace conforme
