// eyes.open — both eyes open and visible (ANTS). Two kinds of evidence: the eye aspect ratio of
// Soukupová & Čech (2016), the eyelid opening over the eye width from the 68 landmarks (about 0.3
// for an open eye, under 0.15 for a closed one), and the project's eye-state network
// (evidence/eye_state_net.hpp, models/eye-state-net.md) on each eye's upright crop, which sees a
// closed lid where dlib's landmarks draw an open eye on it. Seen through a spectacle frame (the
// frame score of evidence/glasses_evidence.hpp found one) the network reads open eyes as closed
// several times as often (EVALUATION.md §9.1), so its probability is then reported under another
// name, which the profiles judge apart. Behind dark lenses (little skin showing in the lens area)
// the eyes are not visible: not measured, rather than read as closed (EVALUATION.md §26).
#include <algorithm>

#include <opencv2/core.hpp>

#include "checks/check.hpp"
#include "checks/eyes_hidden.hpp"
#include "evidence/eye_state_net.hpp"
#include "evidence/glasses_evidence.hpp"
#include "face/face_crop.hpp"

namespace conforme {
namespace {

double eye_aspect_ratio(const std::array<cv::Point2f, 68>& lm, int first) {
  const auto& p = lm;
  const double width = cv::norm(p[first] - p[first + 3]);
  const double opening = cv::norm(p[first + 1] - p[first + 5]) + cv::norm(p[first + 2] - p[first + 4]);
  return width > 0 ? opening / (2.0 * width) : 0.0;
}

}  // namespace

extern const Check eyes_open{
    .id = "eyes.open",
    .title = {"yeux ouverts", "eyes open"},
    .description =
        "Eye aspect ratio (eyelid opening / eye width) of the less open eye and of each eye, from the landmarks; "
        "probability that an eye is closed, the higher of the two, from the eye-state network on each eye's "
        "upright crop reduced to 32 x 32: closed_probability when no spectacle frame is found, "
        "closed_probability_glasses when one is (frame score of the glasses evidence >= 8); each eye's own "
        "probability (left_closed_probability, right_closed_probability: the eyes on the image left and right), "
        "reported and not judged. Not measured behind "
        "dark lenses (under 10 % of the lens area around the eyes shows skin).",
    .needs = Needs::single_face,
    .values = {{"min_ear", "ratio",
                {"ouverture de l'œil le moins ouvert (hauteur sur largeur)",
                 "opening of the less open eye (height over width)"},
                Shown::number},
               {"left_ear", "ratio",
                {"ouverture de l'œil à gauche sur l'image", "opening of the eye on the image left"},
                Shown::number},
               {"right_ear", "ratio",
                {"ouverture de l'œil à droite sur l'image", "opening of the eye on the image right"},
                Shown::number},
               {"closed_probability", "probability",
                {"probabilité qu'un œil soit fermé selon le réseau de détection (le plus élevé des deux yeux)",
                 "probability that an eye is closed from the detection network (the higher of the two eyes)"},
                Shown::percent},
               {"closed_probability_glasses", "probability",
                {"probabilité qu'un œil soit fermé, vu à travers des lunettes, selon le réseau de détection (le plus "
                 "élevé des deux yeux)",
                 "probability that an eye is closed, seen through glasses, from the detection network (the higher of "
                 "the two eyes)"},
                Shown::percent, "closed_probability"},
               // Each eye's own reading, reported for the reviewer (which eye), not judged.
               {"left_closed_probability", "probability",
                {"probabilité que l'œil à gauche sur l'image soit fermé selon le réseau de détection",
                 "probability that the eye on the image left is closed from the detection network"},
                Shown::percent},
               {"right_closed_probability", "probability",
                {"probabilité que l'œil à droite sur l'image soit fermé selon le réseau de détection",
                 "probability that the eye on the image right is closed from the detection network"},
                Shown::percent}},
    .reasons = {eyes_hidden_reason},
    .measure = [](const FaceContext& ctx) {
      if (eyes_hidden(ctx)) return eyes_hidden_skipped();
      const double left = eye_aspect_ratio(ctx.face->landmarks, 36);
      const double right = eye_aspect_ratio(ctx.face->landmarks, 42);
      const auto crop = cut_crop(ctx, ctx.face->evidence.eye_region, eye_region);
      const auto closed = eye_closed_probabilities(*crop);
      Measurement m;
      m.values = {{"min_ear", std::min(left, right), "ratio"},
                  {"left_ear", left, "ratio"},
                  {"right_ear", right, "ratio"},
                  {glasses_found(ctx) ? "closed_probability_glasses" : "closed_probability",
                   std::max(closed[0], closed[1]), "probability"},
                  {"left_closed_probability", closed[0], "probability"},
                  {"right_closed_probability", closed[1], "probability"}};
      return m;
    }};

}  // namespace conforme
