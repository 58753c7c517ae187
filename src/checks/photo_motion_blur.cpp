// photo.motion_blur — a moved photo, told apart from a defocused one (issue 22 item 8). The French
// rule asks for a photo « nette » (service-public.fr, fiche F10619); ICAO Doc 9303 part 3 and
// ISO/IEC 19794-5 §7.3.3 (focus and depth of field; ISO/IEC 39794-5 likewise) ask for a face in
// focus, without motion blur. sharp.focus says how much detail the face holds; this check says
// whether the detail is missing along one direction only, the trace of a movement during the
// exposure. Evidence: evidence/blur_direction.hpp, the ratio of the least to the most fine detail
// over all directions on the face (landmarks' box, at most 96 px between the eyes).
#include "checks/check.hpp"
#include "evidence/blur_direction.hpp"

namespace conforme {

extern const Check photo_motion_blur{
    .id = "photo.motion_blur",
    .title = {"flou de bougé", "motion blur"},
    .description =
        "On the face at most 96 px between the eyes, the fine detail's share of the coarse detail (gradient "
        "structure tensors before and after a Gaussian blur of 1 px) in every direction: the least over the most, "
        "1 when detail is missing alike in every direction (sharp or out of focus), near 0 when it is missing along "
        "one direction (moved); and that direction.",
    .needs = Needs::single_face,
    .values = {{"directional_ratio", "ratio",
                {"détail fin dans la direction la plus floue, rapporté à la plus nette",
                 "fine detail in the blurriest direction, over the sharpest"},
                Shown::number},
               {"blur_direction", "deg",
                {"direction du flou (0° horizontale)", "direction of the blur (0° horizontal)"}, Shown::number}},
    .reasons = {{"face too small to measure", "visage trop petit pour être mesuré"}},
    .measure = [](const FaceContext& ctx) {
      if (ctx.face->inter_eye_px < 16) return Measurement::skipped("face too small to measure");
      const BlurDirection b = blur_direction(ctx);
      Measurement m;
      m.values = {{"directional_ratio", b.ratio, "ratio"}, {"blur_direction", b.direction_deg, "deg"}};
      return m;
    }};

}  // namespace conforme
