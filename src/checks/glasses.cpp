// glasses — "sans lunettes" (service-public.fr F10619). Two kinds of evidence on the upright eye
// crop (128 px between the eye centres): the hand-made frame score (glasses_evidence.hpp) and the
// project's glasses network (evidence/glasses_net.hpp, models/glasses-net.md). The frame score
// finds drawn and thick frames; the network also finds thin and rimless ones at low resolution.
// A third, the share of the lens ellipses showing skin, finds the dark sunglasses both miss: the
// network never saw any, and a lens as dark as its frame leaves no frame edge (EVALUATION.md §26).
// The same share read only where the lens area is mostly dark (dark_lens_skin; 1 elsewhere) tells
// dark lenses from bare eyes whose make-up or foundation hides the skin's colour but not its
// lightness (EVALUATION.md §26.3): profiles may refuse on it and only review on the plain share.
#include "checks/check.hpp"
#include "evidence/glasses_evidence.hpp"

namespace conforme {

extern const Check glasses{
    .id = "glasses",
    .title = {"lunettes", "glasses"},
    .description =
        "Spectacle-frame evidence: vertical-gradient strength of the strongest row across the nose bridge and "
        "along the rims below the eyes, and their geometric mean, at 128 px between the eyes; and the glasses "
        "network's probability on the same crop reduced to 64 x 54; and the share of the ellipses a lens would cover "
        "about each eye whose colour lies within 15 Delta E of the cheeks' median; the same share where at least half "
        "of that area is darker than half the cheeks' lightness, 1 where it is not.",
    .needs = Needs::single_face,
    .values = {{"frame_score", "grey/px",
                {"indice de monture de lunettes", "spectacle-frame score"},
                Shown::grey_levels},
               {"bridge_edge", "grey/px",
                {"trace de monture sur le nez", "frame edge across the nose bridge"},
                Shown::grey_levels},
               {"rim_edge", "grey/px",
                {"trace de monture sous les yeux", "frame edge below the eyes"},
                Shown::grey_levels},
               {"net_probability", "probability",
                {"probabilité de lunettes selon le réseau de détection",
                 "probability of glasses from the detection network"},
                Shown::percent},
               {"lens_skin", "share",
                {"part de la zone des verres laissant voir la peau", "share of the lens area showing the skin"},
                Shown::percent},
               {"dark_lens_skin", "share",
                {"part de la zone des verres laissant voir la peau, si elle est surtout sombre",
                 "share of the lens area showing the skin, where that area is mostly dark"},
                Shown::percent}},
    .measure = [](const FaceContext& ctx) {
      const GlassesEvidence& e = glasses_evidence(ctx);
      Measurement m;
      m.values = {{"frame_score", e.frame_score(), "grey/px"},
                  {"bridge_edge", e.bridge_edge, "grey/px"},
                  {"rim_edge", e.rim_edge, "grey/px"},
                  {"net_probability", glasses_net_probability(ctx), "probability"},
                  {"lens_skin", lens_skin_share(ctx), "share"},
                  {"dark_lens_skin", lens_area_mostly_dark(ctx) ? lens_skin_share(ctx) : 1.0, "share"}};
      return m;
    }};

}  // namespace conforme
