// colour.cast — natural skin tone, no colour cast: ICAO Doc 9303 part 3 asks for natural skin tones
// and colour balance; the French rule asks for a colour photo "sans retouche" (service-public.fr,
// fiche F10619). A wrong white balance, a red, green or blue cast, an over-saturated or a toned
// (sepia) print moves the skin out of the narrow hue band every natural skin tone shares, and moves
// the plain backdrop the same way.
//
// Measured from the medians the face already has (FaceEvidence::face_lab, background_lab):
//   skin_hue       the face's CIELAB hue angle h_ab, in degrees (told, not judged: it means little
//                  when the skin's chroma is low, which skin_off_hue weighs);
//   skin_chroma    the face's C*ab: over-saturation raises it;
//   skin_off_hue   how far (in C*ab) the face's (a*, b*) lies outside the sector of natural skin,
//                  hue 25-60 degrees: the chroma a cast adds across the skin's hue band;
//   shared_cast    the backdrop's chroma along the skin's hue direction: a cast tints skin and
//                  backdrop alike, while a light-blue or light-grey backdrop lies opposite to or
//                  across the skin's orange and reads 0;
//   cast           skin_off_hue + shared_cast / 2, the value the profiles judge: a skin just
//                  outside the band on a backdrop tinted the same way (a sepia print) adds up, a
//                  warm backdrop behind natural skin counts half (bg.colour judges backdrops).
// A face with less than 4 C*ab (a grey photo, colour.is_colour's case) has no hue to judge: skipped.
#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>

#include "checks/check.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

// The hue band of natural skin in CIELAB, every tone from the lightest to the darkest (the 879 US
// Congress portraits and the 45 shared portraits span 26-63 degrees from their 2nd to their 98th
// percentile; a sepia or olive-toned print reads 63-150). Not a limit: the profile judges how far outside it the skin lies.
constexpr double skin_hue_min_deg = 25.0, skin_hue_max_deg = 60.0;
// Below this chroma the face is grey: colour.is_colour's minimum in both profiles.
constexpr double grey_chroma = 4.0;

constexpr double deg = CV_PI / 180.0;

// Distance from (a, b) to the ray from the origin at hue `h_deg`.
double distance_to_ray(double a, double b, double h_deg) {
  const double ux = std::cos(h_deg * deg), uy = std::sin(h_deg * deg);
  const double along = a * ux + b * uy;
  return along <= 0 ? std::hypot(a, b) : std::abs(-a * uy + b * ux);
}

}  // namespace

extern const Check colour_cast{
    .id = "colour.cast",
    .title = {"teint naturel, sans dominante de couleur", "natural skin tone, no colour cast"},
    .description =
        "Median CIELAB hue and chroma of the face, the chroma that lies outside the 25-60 degree hue "
        "band of natural skin, the backdrop's chroma along the skin's hue (a cast tints both), and "
        "their sum with the backdrop's counted half.",
    .needs = Needs::single_face,
    .values = {{"cast", "C*ab",
                {"dominante de couleur (écart de la peau + moitié de la dominante commune au fond)",
                 "colour cast (skin off natural hues + half the cast shared with the background)"},
                Shown::chroma},
               {"skin_hue", "deg",
                {"teinte de la peau (angle de teinte CIELAB, en degrés)", "skin hue (CIELAB hue angle, in degrees)"},
                Shown::number},
               {"skin_chroma", "C*ab", {"saturation de la peau", "skin saturation"}, Shown::chroma},
               {"skin_off_hue", "C*ab",
                {"écart de la peau hors des teintes naturelles", "skin colour outside natural skin hues"},
                Shown::chroma},
               {"shared_cast", "C*ab",
                {"dominante commune à la peau et au fond", "cast shared by the skin and the background"},
                Shown::chroma}},
    .reasons = {{"grey photo: no skin colour to judge", "photo grise : pas de couleur de peau à juger"}},
    .measure = [](const FaceContext& ctx) {
      const LabStats skin = face_lab(ctx), back = background_lab(ctx);
      const double chroma = skin.chroma();
      if (chroma < grey_chroma) return Measurement::skipped("grey photo: no skin colour to judge");
      const double hue = std::atan2(skin.b, skin.a) / deg;
      const double off = hue >= skin_hue_min_deg && hue <= skin_hue_max_deg
                             ? 0.0
                             : std::min(distance_to_ray(skin.a, skin.b, skin_hue_min_deg),
                                        distance_to_ray(skin.a, skin.b, skin_hue_max_deg));
      // Too little backdrop to sample (a photo cropped to the face; bg.colour's 1 % of the photo):
      // nothing shared to measure.
      const bool backdrop = cv::countNonZero(ctx.face->background_mask) >= 0.01 * ctx.width() * ctx.height();
      const double shared = backdrop ? std::max(0.0, (back.a * skin.a + back.b * skin.b) / chroma) : 0.0;
      Measurement m;
      m.values = {{"cast", off + 0.5 * shared, "C*ab"},
                  {"skin_hue", hue, "deg"},
                  {"skin_chroma", chroma, "C*ab"},
                  {"skin_off_hue", off, "C*ab"},
                  {"shared_cast", shared, "C*ab"}};
      return m;
    }};

}  // namespace conforme
