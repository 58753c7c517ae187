// glasses.reflection — ICAO Doc 9303 part 3 and ISO/IEC 19794-5 §7.2.11: no lighting artefacts
// (flash reflections) on glasses. Measured only where frames are found (glasses_evidence.hpp):
// the share of the lens area whose pixels are clipped to white, as a reflected light is. The eye
// opening is outside the lens area, so the catch-lights every studio portrait has do not count.
#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "evidence/glasses_evidence.hpp"

namespace conforme {
namespace {

// A pixel whose three channels are all this bright is saturated white: no skin tone or lens
// colour reaches it under correct exposure (light.exposure counts the same level as clipped).
constexpr int clipped_level = 240;

}  // namespace

extern const Check glasses_reflection{
    .id = "glasses.reflection",
    .title = {"reflets sur les verres", "reflections on the lenses"},
    .description =
        "When frames are found: share of the lens area (around the eyes, eye openings excluded) clipped to white "
        "in all three channels; 0 without glasses.",
    .needs = Needs::single_face,
    .values = {{"glare_share", "share",
                {"part des verres couverte de reflets", "share of the lenses covered by reflections"},
                Shown::percent},
               {"glasses_found", "flag", {"lunettes détectées", "glasses found"}, Shown::flag}},
    .measure = [](const FaceContext& ctx) {
      const bool found = glasses_found(ctx);
      double glare = 0;
      if (found) {
        const auto crop = glasses_crop(ctx);
        const UprightFace& face = *crop;
        const cv::Mat lenses = lens_mask(face);
        cv::Mat clipped;
        cv::inRange(face.bgr, cv::Scalar::all(clipped_level), cv::Scalar::all(255), clipped);
        glare = cv::countNonZero(clipped & lenses) / std::max(1.0, double(cv::countNonZero(lenses)));
      }
      Measurement m;
      m.values = {{"glare_share", glare, "share"}, {"glasses_found", found ? 1.0 : 0.0, "flag"}};
      return m;
    }};

}  // namespace conforme
