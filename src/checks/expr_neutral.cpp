// expr.neutral — "expression neutre" (service-public.fr F10619): no smile. A smile lifts the mouth corners above
// the lip line, widens the mouth relative to the eyes and most often shows the teeth. The lift is
// taken from the upper inner lip (landmark 62): the lower one (66) slips into a goatee although
// the lips touch (F000479: 66 lies 0.17-0.20 inter-eye distances below the corners, 62 at -0.02).
// Beside these, the project's expression network (evidence/expr_net.hpp, models/expression-net.md)
// reads the whole face and gives the probability that the expression is not neutral: anger, fear,
// disgust, sadness and surprise as well as smiles, which move no mouth corner upwards. The smile
// network (evidence/smile_net.hpp, models/smile-net.md) reads the mouth crop at twice the
// expression network's resolution (36 against 18 px between the eyes) and sees smiles with the
// lips closed, which the other measures miss most.
#include <opencv2/core.hpp>

#include "checks/check.hpp"
#include "evidence/expr_net.hpp"
#include "evidence/mouth_evidence.hpp"
#include "evidence/smile_net.hpp"

namespace conforme {

extern const Check expr_neutral{
    .id = "expr.neutral",
    .title = {"expression neutre", "neutral expression"},
    .description =
        "Mouth-corner lift above the upper inner lip centre and mouth width, both divided by the inter-eye distance, "
        "and the teeth-coloured area between the inner lips in squared mouth widths; probability that the expression "
        "is not neutral, from the expression network on the upright face reduced to 48 x 48 grey; probability of a "
        "smile, lips closed or not, from the smile network on the upright mouth crop reduced to 64 x 46.",
    .needs = Needs::single_face,
    .values = {{"corner_lift", "ratio",
                {"relèvement des coins de la bouche (sur l'écart entre les yeux)",
                 "lift of the mouth corners (over the eye distance)"},
                Shown::number},
               {"mouth_width", "ratio",
                {"largeur de la bouche (sur l'écart entre les yeux)", "mouth width (over the eye distance)"},
                Shown::number},
               {"teeth_share", "ratio",
                {"dents visibles entre les lèvres (surface sur le carré de la largeur de la bouche)",
                 "teeth visible between the lips (area over the squared mouth width)"},
                Shown::number},
               {"non_neutral_probability", "probability",
                {"probabilité que l'expression ne soit pas neutre selon le réseau de détection",
                 "probability that the expression is not neutral from the detection network"},
                Shown::percent},
               {"smile_probability", "probability",
                {"probabilité d'un sourire (lèvres closes ou non) selon le réseau de détection",
                 "probability of a smile (lips closed or not) from the detection network"},
                Shown::percent}},
    .measure = [](const FaceContext& ctx) {
      const auto& p = ctx.face->upright_landmarks;  // head tilt removed
      const double lip_centre_y = p[62].y;
      const double corner_y = (p[48].y + p[54].y) / 2.0;
      const double ied = ctx.face->inter_eye_px;
      Measurement m;
      m.values = {{"corner_lift", (lip_centre_y - corner_y) / ied, "ratio"},
                  {"mouth_width", cv::norm(p[54] - p[48]) / ied, "ratio"},
                  {"teeth_share", teeth_share(ctx), "ratio"},
                  {"non_neutral_probability", non_neutral_probability(expr_class_probabilities(expr_net_input(ctx))),
                   "probability"},
                  {"smile_probability", crop_net_probability(smile_net, mouth_net_input(ctx)), "probability"}};
      return m;
    }};

}  // namespace conforme
