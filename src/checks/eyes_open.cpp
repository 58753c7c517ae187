// eyes.open — both eyes open and visible (ANTS). Eye aspect ratio of Soukupová & Čech (2016):
// the eyelid opening over the eye width, about 0.3 for an open eye and under 0.15 for a closed one.
#include <algorithm>

#include <opencv2/core.hpp>

#include "checks/check.hpp"

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
    .description = "Eye aspect ratio (eyelid opening / eye width) of the less open eye, and of each eye.",
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
                Shown::number}},
    .measure = [](const FaceContext& ctx) {
      const double left = eye_aspect_ratio(ctx.face->landmarks, 36);
      const double right = eye_aspect_ratio(ctx.face->landmarks, 42);
      Measurement m;
      m.values = {{"min_ear", std::min(left, right), "ratio"},
                  {"left_ear", left, "ratio"},
                  {"right_ear", right, "ratio"}};
      return m;
    }};

}  // namespace conforme
