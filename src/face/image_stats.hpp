#pragma once
// Small statistics shared by several checks (CIELAB means, face crops at a canonical scale).
#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"

namespace conforme {

struct LabStats {
  double lightness = 0;  // median L*, 0..100
  double a = 0, b = 0;   // median a*, b*
  double chroma() const;
  std::size_t pixels = 0;
};

// Median CIELAB of the pixels of `bgr` where `mask` is non-zero (on a grid of about 20k samples).
LabStats median_lab(const cv::Mat& bgr, const cv::Mat& mask);

// One CIELAB colour as OpenCV's 32-bit Lab images hold it (L 0-100, a and b about -127 to 127),
// and its squared distance (CIE 1976 Delta E, squared) from a pixel of such an image: what the
// evidence that follows the sitter's outline against the backdrop compares (evidence/head_top,
// evidence/shoulders).
struct LabColour {
  float l = 0, a = 0, b = 0;
};
inline float lab_distance2(const cv::Vec3f& p, const LabColour& r) {
  const float dl = p[0] - r.l, da = p[1] - r.a, db = p[2] - r.b;
  return dl * dl + da * da + db * db;
}

// The median as the checks and their evidence take it: the element at index size / 2 once `v` is
// partly sorted (the upper of the two middle values of an even count); `v` is reordered.
// requires: v non-empty.
float median_in_place(std::vector<float>& v);
// The medians of L*, a* and b* sampled into three lists (each reordered), as one colour.
// requires: no list empty.
LabColour lab_median_in_place(std::array<std::vector<float>, 3>& channels);

// OpenCV 4.6 builds its BGR -> Lab tables (1.7 MB, 0.15-0.2 s) on first use without a lock: two
// threads converting their first photos at once both build them, and one copy leaks
// (LeakSanitizer, scripts/sanitize --all). Called once before any thread checks a photo, by
// FaceModels::load (while the detector is still being decoded): no Checker exists without it.
void prepare_colour_tables();

// The median of the face (Face::reduced_face_mask) and of the backdrop (reduced_background_mask)
// on Face::reduced_bgr: the face's evidence (derive_geometry takes them once per photo), or taken
// here when the face has none. requires: ctx.face.
LabStats face_lab(const FaceContext& ctx);
LabStats background_lab(const FaceContext& ctx);

// CIE relative luminance Y (0..1) of a lightness L* (0..100). Shadows and tints scale light, so
// they are compared as luminance ratios rather than L* differences.
double luminance(double lightness);

// The face's bounding box (landmark hull) grown by `grow` of its size, clipped to the photo.
// requires: ctx.face.
cv::Rect face_region(const FaceContext& ctx, double grow = 0.0);

// Grey crop of the face resized so the eyes are `canonical_ied_px` apart: measures computed on
// it do not depend on the photo's resolution. requires: ctx.face.
inline constexpr double canonical_ied_px = 128.0;
cv::Mat canonical_face_gray(const FaceContext& ctx);

}  // namespace conforme
