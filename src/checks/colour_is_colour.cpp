// colour.is_colour — the photo is in colour ("en couleur", Ville de Meaux page; "de préférence", Ville de Saint-Paul page).
// Skin always carries some chroma; a grey or toned-down print carries almost none.
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "core/area_resize.hpp"
#include "face/image_stats.hpp"

namespace conforme {

extern const Check colour_is_colour{
    .id = "colour.is_colour",
    .title = {"photo en couleur", "colour photo"},
    .description = "Median CIELAB chroma of the face and mean chroma of the whole photo.",
    .needs = Needs::single_face,
    .values = {{"face_chroma", "C*ab",
                {"saturation des couleurs du visage", "colour saturation of the face"},
                Shown::chroma},
               {"photo_chroma", "C*ab",
                {"saturation des couleurs de la photo", "colour saturation of the photo"},
                Shown::chroma}},
    .measure = [](const FaceContext& ctx) {
      cv::Mat small, lab;
      area_resize(ctx.face->reduced_bgr, cv::Size(64, 64)).convertTo(small, CV_32F, 1.0 / 255.0);
      cv::cvtColor(small, lab, cv::COLOR_BGR2Lab);
      double sum = 0;
      for (int y = 0; y < lab.rows; ++y)
        for (int x = 0; x < lab.cols; ++x) {
          const auto v = lab.at<cv::Vec3f>(y, x);
          sum += std::hypot(v[1], v[2]);
        }
      Measurement m;
      m.values = {{"face_chroma", face_lab(ctx).chroma(), "C*ab"},
                  {"photo_chroma", sum / (lab.rows * lab.cols), "C*ab"}};
      return m;
    }};

}  // namespace conforme
