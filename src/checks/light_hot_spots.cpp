// light.hot_spots — "sans ombre ni reflet" (service-public.fr F10619); ICAO Doc 9303 part 3: no
// hot spots or specular reflections on the face, evenly lit. Flash glare on the bare skin
// (forehead, nose, cheeks; eyes, brows and lenses left out, and below the nose the moustache,
// teeth and beard), found by evidence/hot_spots.hpp:
// pixels lighter than the skin's median by 3/4 of the way to white, keeping little of its
// colour and standing out of the skin around them, grouped into spots with a clipped core.
#include "checks/check.hpp"
#include "evidence/hot_spots.hpp"

namespace conforme {

extern const Check light_hot_spots{
    .id = "light.hot_spots",
    .title = {"reflets sur la peau", "hot spots on the skin"},
    .description =
        "On the bare skin from the nose's base to the forehead (eyes, brows and lenses left out), at 48 px between the eyes: the shares of the "
        "skin in whitish hot spots with a clipped core (lighter than the skin's median L* by 3/4 of the way to white, "
        "with under half its chroma, above the skin around them) and in the largest one, and the brightest skin's L* "
        "above the median.",
    .needs = Needs::single_face,
    .values = {{"largest_spot", "share",
                {"part de la peau couverte par le plus grand reflet", "share of the skin covered by the largest hot spot"},
                Shown::percent},
               {"spot_share", "share",
                {"part de la peau couverte de reflets", "share of the skin covered by hot spots"},
                Shown::percent},
               {"peak_excess", "L*",
                {"clarté du point le plus clair au-dessus de celle de la peau",
                 "lightness of the brightest point above the skin's"},
                Shown::lightness}},
    .measure = [](const FaceContext& ctx) {
      const HotSpots h = find_hot_spots(ctx);
      Measurement m;
      m.values = {{"largest_spot", h.largest, "share"},
                  {"spot_share", h.share, "share"},
                  {"peak_excess", h.peak_excess, "L*"}};
      return m;
    }};

}  // namespace conforme
