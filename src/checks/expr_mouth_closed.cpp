// expr.mouth_closed — "bouche fermée" (service-public.fr F10619): the inner lips touch. Teeth between the lips are
// the evidence judged first: the inner-lip landmarks part under a moustache or a goatee although
// the lips touch (F000479, G000551: landmark gap 0.10-0.29), so their gap only catches a mouth
// opened wider than such a fit error. A third, learned: the project's mouth network
// (evidence/mouth_net.hpp, models/mouth-net.md) on the upright mouth crop reduced to 64 x 46 — it
// sees slightly parted lips without teeth, which neither landmark measure catches.
#include <algorithm>

#include <opencv2/core.hpp>

#include "checks/check.hpp"
#include "evidence/mouth_evidence.hpp"
#include "evidence/mouth_net.hpp"

namespace conforme {

extern const Check expr_mouth_closed{
    .id = "expr.mouth_closed",
    .title = {"bouche fermée", "mouth closed"},
    .description =
        "Teeth-coloured area between the inner lips in squared mouth widths, and the mean gap between the inner "
        "lips (landmarks 61-67, 62-66, 63-65) divided by mouth width; the probability that the mouth is open, from "
        "the mouth network on the upright mouth crop reduced to 64 x 46.",
    .needs = Needs::single_face,
    .values = {{"teeth_share", "ratio",
                {"dents visibles entre les lèvres (surface sur le carré de la largeur de la bouche)",
                 "teeth visible between the lips (area over the squared mouth width)"},
                Shown::number},
               {"gap_ratio", "ratio",
                {"écart entre les lèvres (sur la largeur de la bouche)",
                 "gap between the lips (over the mouth width)"},
                Shown::number},
               {"net_probability", "probability",
                {"probabilité d'une bouche ouverte (lèvres entrouvertes) selon le réseau de détection",
                 "probability of an open mouth (lips apart) from the detection network"},
                Shown::percent}},
    .measure = [](const FaceContext& ctx) {
      const auto& p = ctx.face->upright_landmarks;
      const double gap = ((p[67].y - p[61].y) + (p[66].y - p[62].y) + (p[65].y - p[63].y)) / 3.0;
      const double width = cv::norm(p[54] - p[48]);
      Measurement m;
      m.values = {{"teeth_share", teeth_share(ctx), "ratio"},
                  {"gap_ratio", width > 0 ? std::max(0.0, gap) / width : 0.0, "ratio"},
                  {"net_probability", crop_net_probability(mouth_net, mouth_net_input(ctx)), "probability"}};
      return m;
    }};

}  // namespace conforme
