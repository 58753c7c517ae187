#pragma once
// Evidence of spectacle frames around and between the eyes ("sans lunettes", service-public.fr F10619), shared by
// the glasses, glasses.tinted and glasses.reflection checks. Landmark-guided edge evidence in the
// spirit of Jiang et al., "Towards detection of glasses in facial images" (Pattern Analysis &
// Applications 3, 2000): a frame is a long horizontal edge across the nose bridge between the
// eyes, and strong edges along the rims below the eyes, where bare skin is smooth.
#include <array>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"
#include "face/face_crop.hpp"
#include "face/image_stats.hpp"

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

// The glasses network's probability (evidence/glasses_net.hpp) on the photo's eye crop, reduced
// to the network's input: measured when a check first asks, then shared. requires: ctx.face.
double glasses_net_probability(const FaceContext& ctx);

// Probability from which the glasses network alone says there are lenses to measure: the fr-ants
// `glasses` limit on the network. Dark sunglasses often leave no frame edge below the eyes (the
// lens is as dark as the frame) and the network alone sees them (EVALUATION.md §26).
inline constexpr double glasses_present_net_probability = 0.5;
// Whether there are lenses to measure a tint on (glasses.tinted): frames found, the network's
// probability at least glasses_present_net_probability, or dark lenses seen by the lens area
// itself (dark_lenses, below). requires: ctx.face.
bool lenses_found(const FaceContext& ctx);

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
// The median colour of cheek_mask on the photo's eye crop (glasses_crop): measured when first
// asked (by glasses.tinted or the skin share below), then shared. requires: ctx.face.
const LabStats& cheek_lab(const FaceContext& ctx);

// A pixel behind a lens shows skin when its CIELAB colour lies within this Delta E (CIE 1976) of
// the cheeks' median: the distance that best told dark lenses from clear ones on the choosing half
// of the labelled selfies and US Congress glasses (10, 12, 15, 20, 25 tried; EVALUATION.md §26).
inline constexpr double lens_skin_delta_e = 15.0;
// A lens area pixel is dark when its CIELAB lightness is under this share of the cheeks' median:
// half, fixed before looking at the labelled photos (0.4 and 0.6 read alike; EVALUATION.md §26.1).
inline constexpr double dark_lens_lightness = 0.5;
// One pass over the lens ellipses (lens_mask's, the eye openings and brows kept), against `cheek`:
// - skin: the share whose colour is skin, within lens_skin_delta_e: clear lenses show the skin
//   around the eyes, dark, mirrored or coloured ones do not. Unlike the transmission below the eye
//   opening, it needs no landmark inside the lens: on dark sunglasses the eye landmarks often sit
//   at the lens's lower edge;
// - dark: the share darker than dark_lens_lightness of the cheeks. A dark lens is both skinless
//   and dark; eye make-up, a shadow or foundation of another colour than the cheeks hide the
//   skin's colour without darkening most of the area.
// Skin 1 and dark 0 when the ellipses lie outside the crop.
struct LensShares {
  double skin = 1.0;
  double dark = 0.0;
};
LensShares lens_shares(const UprightFace& face, const LabColour& cheek);
// From this dark share (with under eyes_hidden_lens_skin showing skin) the lens area itself says
// there are dark lenses, where neither the frame edges nor the glasses network see glasses (a lens
// as dark as its frame leaves no edge, and the network learnt clear glasses): chosen on the
// choosing half of the labelled selfies as the lowest share adding at most 0.2 % refusals of the
// bare faces on the choosing side (EVALUATION.md §26.1).
inline constexpr double dark_lenses_share = 0.5;
// Under this share of skin showing in the lens area, with at least dark_lenses_share of it dark,
// the lens area shows dark lenses (dark_lenses, below) and the checks that read the eyes themselves
// do not measure them (checks/eyes_hidden.hpp): the limit fr-ants' `glasses` refuses under
// (EVALUATION.md §26, §26.3).
inline constexpr double eyes_hidden_lens_skin = 0.1;
// The regions lens_shares compares, in crop pixels, for drawing: each eye's lens ellipse as a
// polygon and the cheek patch below it (cheek_mask's) as four corners; [0] the eye on the image left.
struct LensSkinRegions {
  std::array<std::vector<cv::Point2f>, 2> lenses, cheeks;
};
LensSkinRegions lens_skin_regions(const UprightFace& face);
// The photo's, on its eye crop (glasses_crop) against the median of cheek_mask, on every face,
// glasses found or not (1 when the cheeks lie outside the crop): measured when a check first asks,
// then shared. requires: ctx.face.
double lens_skin_share(const FaceContext& ctx);
// The same pass's dark share (LensShares::dark; 0 when the cheeks lie outside the crop).
double lens_dark_share(const FaceContext& ctx);
// Whether at least dark_lenses_share of the lens area is dark: one of dark_lenses' two conditions,
// and where the `glasses` check reports its dark_lens_skin. requires: ctx.face.
bool lens_area_mostly_dark(const FaceContext& ctx);
// Dark lenses as the lens area shows them, whatever the frame edges and the network say: under
// eyes_hidden_lens_skin of it showing skin and at least dark_lenses_share of it dark. Where
// glasses.tinted finds lenses (lenses_found) and where the eye checks stop reading the eyes
// (checks/eyes_hidden.hpp). requires: ctx.face.
bool dark_lenses(const FaceContext& ctx);

}  // namespace conforme
