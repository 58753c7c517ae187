// glasses — "sans lunettes" (service-public.fr F10619). Frame evidence around and between the eyes, on an upright
// face crop with 128 px between the eye centres (see glasses_evidence.hpp for the method).
#include "checks/check.hpp"
#include "checks/glasses_evidence.hpp"

namespace conforme {

extern const Check glasses{
    "glasses",
    "Spectacle-frame evidence: vertical-gradient strength of the strongest row across the nose bridge and "
    "along the rims below the eyes, and their geometric mean, at 128 px between the eyes.",
    Needs::single_face, {{"frame_score", "grey/px"}, {"bridge_edge", "grey/px"}, {"rim_edge", "grey/px"}},
    [](const FaceContext& ctx) {
      const GlassesEvidence e = glasses_evidence(*glasses_crop(ctx));
      Measurement m;
      m.values = {{"frame_score", e.frame_score(), "grey/px"},
                  {"bridge_edge", e.bridge_edge, "grey/px"},
                  {"rim_edge", e.rim_edge, "grey/px"}};
      return m;
    }};

}  // namespace conforme
