// face.occlusion — the face uncovered: no mask, scarf or hand over the nose, mouth or chin. The
// French texts ask for « expression neutre et bouche fermée » (town-hall pages) and ICAO Doc 9303
// part 3 for the full face visible, neither of which can be seen through a mask. Evidence: the
// project's occlusion network (evidence/occlusion_net.hpp, models/occlusion-net.md) on the upright
// mouth crop, from the nose tip to below the chin at 128 px between the eyes, reduced to 64 x 46.
#include "checks/check.hpp"
#include "evidence/mouth_net.hpp"
#include "evidence/occlusion_net.hpp"

namespace conforme {

extern const Check face_occlusion{
    .id = "face.occlusion",
    .title = {"visage découvert", "face uncovered"},
    .description =
        "Probability that the lower face (nose tip, mouth, chin) is covered, from the occlusion network on the "
        "upright mouth crop reduced to 64 x 46.",
    .needs = Needs::single_face,
    .values = {{"net_probability", "probability",
                {"probabilité d'un masque ou d'un objet sur le bas du visage selon le réseau de détection",
                 "probability of a mask or object over the lower face from the detection network"},
                Shown::percent}},
    .measure = [](const FaceContext& ctx) {
      Measurement m;
      m.values = {{"net_probability", crop_net_probability(occlusion_net, mouth_net_input(ctx)),
                   "probability"}};
      return m;
    }};

}  // namespace conforme
