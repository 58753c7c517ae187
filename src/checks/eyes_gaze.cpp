// eyes.gaze — eyes looking at the camera (ICAO Doc 9303 part 3; ISO/IEC 19794-5 §7.2.3: eyes
// looking directly at the camera; service-public.fr F10619: face the lens). In each eye opening
// drawn by the landmarks, the darkest iris-sized disc is the iris (evidence/gaze.hpp); its offset
// from the middle of the eye's corners, over the eye's width, says where the eye looks: about 0
// at the camera and, by the eye's geometry (an eyeball about 12 mm in radius, an eye about 30 mm
// wide), about 0.4 x the sine of a glance's angle aside. Both eyes move together, so their mean
// is judged.
#include <cmath>

#include "checks/check.hpp"
#include "checks/eyes_hidden.hpp"
#include "evidence/gaze.hpp"

namespace conforme {

extern const Check eyes_gaze{
    .id = "eyes.gaze",
    .title = {"regard vers l'objectif", "eyes looking at the camera"},
    .description =
        "Iris centre in each eye opening (the darkest disc of 0.08 inter-eye distance in radius within the "
        "landmarks' eye outline, at 128 px between the eyes) and its offset from the middle of the eye's corners "
        "over the eye's width, along the corner line; the mean of the two eyes (of the one readable eye) is judged. "
        "Not measured behind dark lenses.",
    .needs = Needs::single_face,
    .values = {{"offset", "ratio",
                {"décalage de l'iris dans l'œil (largeurs d'œil, moyenne des deux yeux)",
                 "offset of the iris within the eye (eye widths, mean of the two eyes)"},
                Shown::number},
               {"left_offset", "ratio",
                {"décalage de l'iris de l'œil à gauche sur l'image", "iris offset of the eye on the image left"},
                Shown::number},
               {"right_offset", "ratio",
                {"décalage de l'iris de l'œil à droite sur l'image", "iris offset of the eye on the image right"},
                Shown::number},
               {"vertical", "ratio",
                {"décalage vertical de l'iris (largeurs d'œil, moyenne des deux yeux)",
                 "vertical offset of the iris (eye widths, mean of the two eyes)"},
                Shown::number},
               {"iris_contrast", "ratio",
                {"contraste de l'iris sur le blanc de l'œil (le moins net des deux yeux)",
                 "contrast of the iris against the white of the eye (the fainter eye)"},
                Shown::number}},
    .reasons = {{"eyes too small or too closed to find the irises",
                 "yeux trop petits ou trop fermés pour trouver les iris"},
                eyes_hidden_reason},
    .measure = [](const FaceContext& ctx) {
      if (eyes_hidden(ctx)) return eyes_hidden_skipped();
      const auto eyes = find_gaze(ctx);
      if (!eyes[0].found && !eyes[1].found)
        return Measurement::skipped("eyes too small or too closed to find the irises");
      const int n = eyes[0].found + eyes[1].found;
      double offset = 0, vertical = 0, contrast = 1;
      for (const auto& e : eyes)
        if (e.found) {
          offset += e.offset / n;
          vertical += e.vertical / n;
          contrast = std::min(contrast, e.contrast);
        }
      Measurement m;  // an eye not read takes the other's offset, so every value is reported
      m.values = {{"offset", offset, "ratio"},
                  {"left_offset", eyes[0].found ? eyes[0].offset : offset, "ratio"},
                  {"right_offset", eyes[1].found ? eyes[1].offset : offset, "ratio"},
                  {"vertical", vertical, "ratio"},
                  {"iris_contrast", contrast, "ratio"}};
      return m;
    }};

}  // namespace conforme
