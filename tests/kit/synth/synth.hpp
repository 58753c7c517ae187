#pragma once
// Generated test and sample photos: real portraits framed as ID photos, then one defect at a time.
// Deterministic: the same inputs and parameters give the same pixels.
#include <cstdint>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"
#include "face/models.hpp"

namespace conforme::synth {

// Where the face goes in the generated photo. Defaults give a compliant 35 x 45 mm photo at
// 600 dpi: head (chin to crown) 75 % of the height, eyes at 55 % from the bottom, centred, upright.
struct Framing {
  cv::Size size{827, 1063};
  double head_height = 0.75;  // (chin - crown) / height
  double eye_line = 0.55;     // eye height from the bottom / height
  double centre_x = 0.5;      // face mid-line / width
  double roll_deg = 0.0;      // head tilt added after the portrait's own tilt is removed
};

// Rotates, scales and shifts a portrait so its face lands where `framing` says.
// requires: ctx.face, ctx built from `portrait`.
cv::Mat frame_portrait(const cv::Mat& portrait, const FaceContext& ctx, const Framing& framing);

// Soft mask (CV_32F, 0..1) of the person (head, hair, shoulders) by GrabCut seeded from the landmarks.
// requires: ctx.face, ctx built from `photo`.
cv::Mat person_alpha(const cv::Mat& photo, const FaceContext& ctx);

// The person in front of `background` (same size as photo).
cv::Mat composite(const cv::Mat& photo, const cv::Mat& alpha, const cv::Mat& background);

cv::Mat plain_background(cv::Size size, cv::Scalar bgr);
cv::Mat gradient_background(cv::Size size, cv::Scalar top_bgr, cv::Scalar bottom_bgr);
// Random shapes and lines on a light ground: a "busy" background.
cv::Mat busy_background(cv::Size size, std::uint32_t seed);

// Light grey, as the French rule asks (L* about 82).
inline const cv::Scalar light_grey{205, 205, 205};
inline const cv::Scalar light_blue{235, 214, 190};
inline const cv::Scalar white{255, 255, 255};

cv::Mat to_grey(const cv::Mat& bgr);  // still 3 channels
cv::Mat gaussian_blur(const cv::Mat& bgr, double sigma_px);
cv::Mat motion_blur(const cv::Mat& bgr, int length_px, double angle_deg);  // angle counter-clockwise as seen
// An out-of-focus lens: every point spread into a uniform disc of `radius_px` (photo.motion_blur's
// isotropic counterpart).
cv::Mat defocus_blur(const cv::Mat& bgr, int radius_px);
// out = in * gain + offset, saturated.
cv::Mat exposure(const cv::Mat& bgr, double gain, double offset);
// A colour cast as a wrong white balance gives it: each channel's linear-light value (sRGB
// decoded) multiplied by its gain, `gains_bgr` = (blue, green, red), re-encoded and saturated.
// Tungsten light read as daylight is about (0.6, 0.85, 1.15); a green cast (0.9, 1.2, 0.85).
cv::Mat colour_cast(const cv::Mat& bgr, cv::Vec3d gains_bgr);
// Over-saturation as an editor's "saturation" slider gives it: CIELAB a* and b* multiplied by
// `factor` (lightness kept), saturated to 8 bits.
cv::Mat saturation(const cv::Mat& bgr, double factor);
// A sepia-toned print: the photo's grey tinted warm brown, mixed with the original by `strength`
// (0 = original, 1 = fully toned, as old portraits were printed).
cv::Mat sepia(const cv::Mat& bgr, double strength);
// Encodes and decodes as JPEG at `quality` (1..100).
cv::Mat jpeg_roundtrip(const cv::Mat& bgr, int quality);
// The photo as an enlarged small photo: reduced `factor` times (area averaging, as a camera or a
// web page makes a small copy) and enlarged back to its own size with `interpolation`
// (cv::INTER_NEAREST, INTER_LINEAR, INTER_CUBIC, INTER_LANCZOS4): as many pixels, the detail of
// the small copy.
cv::Mat enlarge(const cv::Mat& bgr, double factor, int interpolation);
// A washed-out photo: every channel drawn towards the grey level `towards` (255: a veil of white,
// as a faded print or an over-bright scan; the photo's mean: contrast turned down), keeping
// `contrast` (0..1) of its distance: out = towards + (in - towards) * contrast. towards < 0: the mean.
cv::Mat wash_out(const cv::Mat& bgr, double contrast, double towards = 255.0);
// Sensor noise as a dark room or a high ISO leaves it (photo.noise): on every channel, independent
// Gaussian noise whose variance grows with the signal as a photon count's does, a read floor plus a
// shot term, sigma(v) = `sigma` * sqrt(0.25 + 0.75 * v / 128) grey levels (`sigma` at mid-grey), and
// one grain shared by the channels (the luminance), half of it. Saturated to 8 bits; seeded. Chain
// jpeg_roundtrip after it for a photo as a camera saves it. Only to test the code, never to set a limit.
cv::Mat sensor_noise(const cv::Mat& bgr, double sigma, std::uint32_t seed = 11);
// Darkens one side of the face: left half when side < 0, right half when side > 0.
cv::Mat side_shadow(const cv::Mat& bgr, const FaceContext& ctx, double strength, int side);

// A shadow cast on the backdrop beside the head, as a flash off to one side throws it: the sitter's
// silhouette moved towards the image left (side < 0) or right (side > 0), soft-edged, darkening the
// background by `strength` (0..1) and never the person. requires: ctx built from `bgr`.
cv::Mat background_shadow(const cv::Mat& bgr, const FaceContext& ctx, double strength, int side);
// Red-eye: both pupils painted flash red (a disc of `radius_ied` inter-eye distances about each eye
// centre, soft-edged, its catch-light kept) in `flash_bgr`: saturated red by default; a dark maroon
// such as (40, 22, 80), CIELAB a* 29, is the red-eye of a dimmer flash or a darker retina (real
// examples: EVALUATION.md §41). requires: ctx built from `bgr`.
cv::Mat red_pupils(const cv::Mat& bgr, const FaceContext& ctx, double radius_ied = 0.055,
                   cv::Scalar flash_bgr = cv::Scalar(35, 30, 190));
// Tinted glasses: the skin and eyes around each eye, within a lens-shaped ellipse, seen through a
// lens letting `transmission` (0..1) of the light through, tinted by `tint_bgr` (1,1,1: neutral grey).
cv::Mat tinted_lenses(const cv::Mat& bgr, const FaceContext& ctx, double transmission,
                      cv::Scalar tint_bgr = cv::Scalar(1, 1, 1));
// A flash reflected by the lens over the image-left eye: a soft white patch, clipped at its core,
// `size_ied` inter-eye distances wide, below and outside the eye.
cv::Mat lens_glare(const cv::Mat& bgr, const FaceContext& ctx, double size_ied = 0.3);
// Both eyes closed: each eye's opening (landmarks 36-41, 42-47, grown a quarter) covered by the
// lid's skin colour, read between the eye and its brow, with the lashes' dark line from corner to
// corner along the lower lid. requires: ctx built from `bgr`.
cv::Mat closed_eyes(const cv::Mat& bgr, const FaceContext& ctx);
// Eyes looking aside with the head still (eyes.gaze): in each eye's opening (landmarks 36-41,
// 42-47) the iris (a disc of 0.095 inter-eye distance about the opening's centre) is painted over
// with the white of the eye and drawn again `shift` eye widths along the corner line (> 0: towards
// the image right), clipped to the opening so the lids still cover it; lids and corners stay put.
// Only to see eyes.gaze's value move with a known shift, never to set its limit.
// requires: ctx built from `bgr`.
cv::Mat gaze_aside(const cv::Mat& bgr, const FaceContext& ctx, double shift);
// A lock of hair fallen over the eye on the image left (eyes.hair), in the subject's own hair
// colour (the top of the head's median): thin anti-aliased strands at 85 % opacity, each a little
// lighter or darker and of its own length, from the hairline across the eye towards the temple,
// `density` x 160 strands spread over about half an inter-eye distance (seeded). Only to see
// eyes.hair's value move with the lock's density, never to set its limit.
// requires: ctx built from `bgr`.
cv::Mat hair_over_eye(const cv::Mat& bgr, const FaceContext& ctx, double density, std::uint32_t seed = 7);
// Where a flash leaves a hot spot on the skin.
enum class SkinSpot { forehead, nose, cheek };
// A flash hot spot on the skin (light.hot_spots): a gaussian patch of warm white light
// `size_ied` inter-eye distances across (4 standard deviations), its core clipped to white where
// `intensity` x the gaussian exceeds 1 (intensity <= 1: a sheen that never clips).
// requires: ctx built from `bgr`.
cv::Mat hot_spot(const cv::Mat& bgr, const FaceContext& ctx, SkinSpot where = SkinSpot::forehead, double size_ied = 0.3,
                 double intensity = 1.6);
// A face mask: a cloth of colour `bgr_colour` from the nose landmark `top_landmark` (29: half-way down the
// bridge; 33: worn below the nose) over the mouth and the chin, from cheek to cheek along the jaw
// line, with the soft shading of its pleats.
cv::Mat face_mask(const cv::Mat& bgr, const FaceContext& ctx, cv::Scalar bgr_colour = cv::Scalar(228, 196, 150),
                  int top_landmark = 29);
// A second person standing behind the sitter: `other`'s person (head, hair and shoulders, cut out
// as person_alpha cuts them), scaled so that its face is `size` times the sitter's wide (detector
// boxes), its eyes' mid-point at `eyes_at` (photo pixels), in front of the backdrop and behind the
// sitter, who hides what they share.
// requires: ctx.face built from `photo`, other_ctx.face built from `other`.
cv::Mat person_behind(const cv::Mat& photo, const FaceContext& ctx, const cv::Mat& other, const FaceContext& other_ctx,
                      double size, cv::Point2f eyes_at);
// At the height of the sitter's eyes, the middle of the backdrop between the head (the jaw's ends
// widened by a tenth of its width, for the ears) and the photo's left edge (`side` < 0) or right
// edge (`side` > 0); `side` 0: the wider of the two. requires: ctx.face.
cv::Point2f beside_head(const FaceContext& ctx, int photo_width, int side = 0);
// A fold in a scanned print: a straight crease from edge to edge through `through` at `angle_deg`
// (0 = horizontal), a light ridge `width_px` wide beside a darker shadow, `strength` (0..1) of full contrast.
cv::Mat print_fold(const cv::Mat& bgr, cv::Point2f through, double angle_deg, double strength = 0.25,
                   int width_px = 3);
// A scratch: a thin light curve `length_px` long starting at `from`, bending gently (seeded).
cv::Mat print_scratch(const cv::Mat& bgr, cv::Point2f from, double length_px, std::uint32_t seed);

// A photo cropped too tight at the top, as a camera aimed too low or a careless trim leaves it:
// everything moved up by `fraction` of the photo height (the top rows lost), the rows freed at
// the bottom filled with the last row (the shoulders and the clothes go on down). The hair
// reaches the top edge and then is cut, where compliant_photo keeps backdrop above it.
cv::Mat crop_top(const cv::Mat& bgr, double fraction);

// A photo cut too tight at a side, as a trim off centre leaves it: everything moved towards the
// image left by `fraction` of the photo width (towards the right when negative), the columns
// lost at that edge, those freed at the other filled with the last column (the backdrop goes
// on). The hair and the ear then reach the edge and are cut.
cv::Mat crop_side(const cv::Mat& bgr, double fraction);

// A compliant ID photo from a neutral, glasses-free, bare-headed portrait: framed with `framing`
// on a plain `background_bgr`. Throws std::runtime_error when the portrait has not one face.
cv::Mat compliant_photo(const cv::Mat& portrait, FaceAnalyser& analyser, const Framing& framing = {},
                        cv::Scalar background_bgr = light_grey);

// Replaces the background of an already framed photo.
cv::Mat with_background(const cv::Mat& photo, FaceAnalyser& analyser, const cv::Mat& background);

// JPEG bytes with the JFIF density set to `dpi` dots per inch.
std::vector<std::uint8_t> encode_jpeg_with_dpi(const cv::Mat& bgr, int dpi, int quality = 92);

}  // namespace conforme::synth
