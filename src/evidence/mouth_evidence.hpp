#pragma once
// Evidence of teeth between the lips, shared by expr.mouth_closed ("bouche fermée") and
// expr.neutral ("expression neutre", service-public.fr F10619): teeth show only through parted lips, and most
// smiles show them. Measured on the image rather than on the inner-lip landmarks alone, whose gap
// opens up under a moustache or a goatee although the lips touch (issue 6).
#include "core/face_context.hpp"

namespace conforme {

struct UprightFace;  // face/face_crop.hpp

// Teeth-coloured area between the inner lips, in squared mouth widths.
// Pixels are counted in the band between the inner-lip landmarks (60-67), widened by 0.03 mouth
// widths above and below, on an upright crop with 128 px between the eyes. A pixel is teeth when
// it is brighter than the lips' median L* and less than half as red (a*) as the lips: teeth are
// white to beige, lips red or pink; skin, lip lines and beard hair are darker than or as red as
// the lips, so a closed mouth measures about 0. The lips' colour is the median of the outer lip
// (landmarks 48-59) less the band.
// On the 45 hand-labelled portraits closed mouths measure 0-0.003 (0.003: G000551's moustache
// over the lips) and mouths showing teeth 0.008 and more, except B000490 (0.0035: the inner-lip
// landmarks lie on his upper lip, above the teeth); the 76 compliant generated photos measure 0.
// Measured on `mouth`, a mouth crop cut as mouth_region is (face/face_crop.hpp).
// ensures: a value >= 0 (0 when the mouth is not measurable).
double teeth_share(const UprightFace& mouth);
// The photo's, on its mouth crop: measured when a check first asks, then shared (Face::on_demand).
// requires: ctx.face. Thread-safe.
double teeth_share(const FaceContext& ctx);

}  // namespace conforme
