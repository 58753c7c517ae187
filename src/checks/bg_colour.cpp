// bg.colour — "fond uni de couleur claire (bleu clair ou gris clair), le fond blanc est interdit"
// (Ville de Meaux page). Measured as the median CIELAB colour of the background region, on the reduced photo
// (Face::reduced_bgr): a median over a plain backdrop needs no detail.
#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>

#include "checks/check.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

// Hue of a light blue backdrop in CIELAB (a*, b* plane), in degrees.
constexpr double blue_hue_deg = -105.0;

// Chroma that is not explained by a tint towards blue: zero for greys and light blues, large for
// yellow, pink or green backgrounds.
double off_blue_chroma(double a, double b) {
  const double ux = std::cos(blue_hue_deg * CV_PI / 180.0), uy = std::sin(blue_hue_deg * CV_PI / 180.0);
  const double along = a * ux + b * uy;
  const double across = std::abs(-a * uy + b * ux);
  return across + std::max(0.0, -along);
}

}  // namespace

extern const Check bg_colour{
    .id = "bg.colour",
    .title = {"couleur du fond", "background colour"},
    .description =
        "Median CIELAB colour of the background: lightness L*, chroma, and the chroma not explained by a "
        "light-blue tint.",
    .needs = Needs::single_face,
    .values = {{"lightness", "L*", {"clarté du fond", "background lightness"}, Shown::lightness},
               {"chroma", "C*ab", {"saturation du fond", "background saturation"}, Shown::chroma},
               {"off_blue_chroma", "C*ab",
                {"couleur du fond autre que bleu clair", "background colour other than light blue"},
                Shown::chroma},
               {"a", "a*",
                {"composante rouge-vert du fond", "red-green component of the background"},
                Shown::chroma},
               {"b", "b*",
                {"composante jaune-bleu du fond", "yellow-blue component of the background"},
                Shown::chroma}},
    .reasons = {{"too little background visible", "trop peu de fond visible"}},
    .measure = [](const FaceContext& ctx) {
      if (cv::countNonZero(ctx.face->background_mask) < 0.01 * ctx.width() * ctx.height())
        return Measurement::skipped("too little background visible");
      const LabStats lab = background_lab(ctx);
      Measurement m;
      m.values = {{"lightness", lab.lightness, "L*"},
                  {"chroma", lab.chroma(), "C*ab"},
                  {"off_blue_chroma", off_blue_chroma(lab.a, lab.b), "C*ab"},
                  {"a", lab.a, "a*"},
                  {"b", lab.b, "b*"}};
      return m;
    }};

}  // namespace conforme
