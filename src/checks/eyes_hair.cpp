// eyes.hair — no hair over the eyes: service-public.fr F10619 asks « Le visage doit être dégagé.
// Les yeux doivent être parfaitement visibles et ouverts. »; ICAO Doc 9303 part 3, no hair
// obscuring the eyes. Evidence: evidence/hair_eyes.hpp, each eye's columns hair-like both above
// the brow and on the lid; the more covered eye. Calibrated on CelebA photos labelled by eye
// (non-commercial research data, EVALUATION.md §14.2): a review warning in both profiles.
#include <algorithm>

#include "checks/check.hpp"
#include "checks/eyes_hidden.hpp"
#include "evidence/hair_eyes.hpp"

namespace conforme {

extern const Check eyes_hair{
    .id = "eyes.hair",
    .title = {"yeux dégagés (pas de cheveux devant)", "eyes clear of hair"},
    .description =
        "Per eye, on the upright eye crop at 128 px between the eyes, the mean over its columns (corner to corner) "
        "of the lesser of two hair-like shares: the forehead just above the brow and the lid between brow and eye; "
        "hair-like is far darker than the face's median colour or nearer the top of the head's colour than the "
        "face's. The more covered eye. Not measured behind dark lenses.",
    .needs = Needs::single_face,
    .values = {{"covered_share", "ratio",
                {"part de cheveux devant l'œil le plus couvert", "hair share over the more covered eye"},
                Shown::percent},
               {"left_share", "ratio",
                {"part de cheveux devant l'œil à gauche sur l'image", "hair share over the eye on the image left"},
                Shown::percent},
               {"right_share", "ratio",
                {"part de cheveux devant l'œil à droite sur l'image", "hair share over the eye on the image right"},
                Shown::percent}},
    .reasons = {eyes_hidden_reason},
    .measure = [](const FaceContext& ctx) {
      if (eyes_hidden(ctx)) return eyes_hidden_skipped();
      const HairOverEyes h = hair_over_eyes(ctx);
      Measurement m;
      m.values = {{"covered_share", std::max(h.covered[0], h.covered[1]), "ratio"},
                  {"left_share", h.covered[0], "ratio"},
                  {"right_share", h.covered[1], "ratio"}};
      return m;
    }};

}  // namespace conforme
