#pragma once
// The checks that read the eyes themselves (eyes.open, eyes.gaze, eyes.red, eyes.hair) do not
// measure them behind dark lenses: what they would read there is the lens (EVALUATION.md §26: on
// 279 selfies with dark sunglasses eyes.open refused 44 eyes as closed, eyes.red 15 as red,
// eyes.gaze and eyes.hair sent 47 and 86 to review). The glasses checks judge such photos.
#include "checks/words.hpp"
#include "core/face_context.hpp"
#include "core/measurement.hpp"
#include "evidence/glasses_evidence.hpp"

namespace conforme {

// The reason each of them gives, in a check's `reasons` and in Measurement::skipped.
inline constexpr ReasonWords eyes_hidden_reason{"eyes hidden behind dark lenses",
                                                "yeux cachés derrière des verres foncés"};

// Whether the lens area shows dark lenses (glasses_evidence.hpp, dark_lenses: almost no skin and
// mostly dark). Eye make-up, a shadow or foundation of another colour than the cheeks also hide the
// skin's colour around bare eyes, but leave most of it light, and those eyes are read
// (EVALUATION.md §26.2). requires: ctx.face.
inline bool eyes_hidden(const FaceContext& ctx) { return dark_lenses(ctx); }

inline Measurement eyes_hidden_skipped() { return Measurement::skipped(std::string(eyes_hidden_reason.en)); }

}  // namespace conforme
