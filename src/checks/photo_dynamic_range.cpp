// photo.dynamic_range — a washed-out, low-contrast photo (a faded print, a flat scan, contrast
// turned down): service-public.fr (fiche F10619) asks for a photo "nette" and of good quality,
// ICAO Doc 9303 part 3 for a portrait of appropriate brightness and contrast.
//
// light.exposure judges where the face's tones lie (median L*, clipped shares); this check judges
// how far they spread: a faded print can have a face of median L* 60 (well exposed) whose darkest
// features (pupils, brows, nostrils) are a light grey. Measured as the spread between the 2nd and
// 98th percentiles of lightness, on the face and on the whole photo, on the reduced photo
// (Face::reduced_bgr: at least 48 px between the eyes, enough for a tone histogram).
#include <array>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

// CIE L* of an 8-bit grey level taken as sRGB-encoded luminance.
const std::array<double, 256>& lightness_of_grey() {
  static const std::array<double, 256> table = [] {
    std::array<double, 256> t{};
    for (int v = 0; v < 256; ++v) {
      const double c = v / 255.0;
      const double y = c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
      const double f = y > 216.0 / 24389.0 ? std::cbrt(y) : (24389.0 / 27.0 * y + 16.0) / 116.0;
      t[v] = 116.0 * f - 16.0;
    }
    return t;
  }();
  return table;
}

// The grey levels at the 2nd and 98th percentiles of `grey` where `mask` is set (all when empty).
std::pair<int, int> tone_range(const cv::Mat& grey, const cv::Mat& mask) {
  std::array<int, 256> hist{};
  int n = 0;
  for (int y = 0; y < grey.rows; ++y) {
    const uchar* g = grey.ptr<uchar>(y);
    const uchar* m = mask.empty() ? nullptr : mask.ptr<uchar>(y);
    for (int x = 0; x < grey.cols; ++x)
      if (!m || m[x]) {
        ++hist[g[x]];
        ++n;
      }
  }
  if (n == 0) return {-1, -1};
  auto level = [&](double q) {
    const double target = q * n;
    int cum = 0;
    for (int v = 0; v < 256; ++v)
      if ((cum += hist[v]) >= target) return v;
    return 255;
  };
  return {level(0.02), level(0.98)};
}

// Michelson contrast (Y98 - Y2) / (Y98 + Y2) of the luminances at two grey levels: a ratio of
// light, so a photo darkened or brightened as a whole (light.exposure's business) keeps it, while
// a veil of light over the darks (a faded print, a flat scan) or contrast turned down lowers it.
double michelson(int lo, int hi) {
  const auto& L = lightness_of_grey();
  const double ylo = luminance(L[lo]), yhi = luminance(L[hi]);
  return yhi + ylo > 0 ? (yhi - ylo) / (yhi + ylo) : 0.0;
}

}  // namespace

extern const Check photo_dynamic_range{
    .id = "photo.dynamic_range",
    .title = {"contraste (photo délavée)", "contrast (washed-out photo)"},
    .description =
        "Michelson contrast of the luminances at the 2nd and 98th percentiles of lightness, on the whole photo "
        "and on the face, and the face's lightness at those percentiles (on the reduced photo).",
    .needs = Needs::single_face,
    .values = {{"contrast", "ratio",
                {"contraste de la photo (tons sombres et clairs)", "contrast of the photo (dark and light tones)"},
                Shown::number},
               {"face_contrast", "ratio",
                {"contraste du visage (tons sombres et clairs)", "contrast of the face (dark and light tones)"},
                Shown::number},
               {"face_dark", "L*",
                {"clarté des tons sombres du visage (2e centile)", "lightness of the face's dark tones (2nd percentile)"},
                Shown::lightness},
               {"face_light", "L*",
                {"clarté des tons clairs du visage (98e centile)", "lightness of the face's light tones (98th percentile)"},
                Shown::lightness}},
    .reasons = {{"face too small to measure", "visage trop petit pour être mesuré"}},
    .measure = [](const FaceContext& ctx) {
      const Face& f = *ctx.face;
      if (cv::countNonZero(f.reduced_face_mask) < 200) return Measurement::skipped("face too small to measure");
      cv::Mat grey;
      cv::cvtColor(f.reduced_bgr, grey, cv::COLOR_BGR2GRAY);
      const auto& L = lightness_of_grey();
      const auto [face_lo, face_hi] = tone_range(grey, f.reduced_face_mask);
      const auto [photo_lo, photo_hi] = tone_range(grey, cv::Mat());
      Measurement m;
      m.values = {{"contrast", michelson(photo_lo, photo_hi), "ratio"},
                  {"face_contrast", michelson(face_lo, face_hi), "ratio"},
                  {"face_dark", L[face_lo], "L*"},
                  {"face_light", L[face_hi], "L*"}};
      return m;
    }};

}  // namespace conforme
