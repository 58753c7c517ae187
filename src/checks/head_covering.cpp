// head.covering — "tête nue, pas de barrettes, ni de bandeau dans les cheveux" (service-public.fr F10619). Two
// measures on an upright crop at 64 px between the eyes: the brim or band of a hat, cap or
// headband is a long horizontal edge across the forehead, stronger than a hairline or a fringe;
// scarves, bandanas and hair accessories are colours that neither skin nor hair has: saturated,
// or off the orange hues of skin and hair, in the head region above the eyebrows. A third, learned:
// the project's head-covering network (evidence/head_covering_net.hpp, models/head-covering-net.md)
// on the upright head crop from above the crown to the nose, reduced to 64 x 64 — it sees hats
// whose brim is soft or whose colour is a hair colour, which the two measures miss.
#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "evidence/head_covering_net.hpp"
#include "face/face_crop.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

constexpr double work_ied_px = 64.0;
// Skin and hair hues (CIELAB hue angle, degrees) span reds-oranges-yellows; their chroma stays
// below about 35 (red hair included). Beyond either, a colour is worn, not grown.
constexpr double skin_hair_hue_min = 20.0, skin_hair_hue_max = 100.0;
constexpr double worn_chroma = 40.0;   // saturated whatever the hue
constexpr double tinted_chroma = 12.0;  // off the skin and hair hues, from this chroma
constexpr double backdrop_delta_e = 15.0;  // this close to the backdrop's median colour is backdrop
// The two hue bounds as directions in the a*b* plane (a*, b*).
const cv::Vec2d hue_min_dir(std::cos(skin_hair_hue_min * CV_PI / 180.0), std::sin(skin_hair_hue_min * CV_PI / 180.0));
const cv::Vec2d hue_max_dir(std::cos(skin_hair_hue_max * CV_PI / 180.0), std::sin(skin_hair_hue_max * CV_PI / 180.0));

}  // namespace

extern const Check head_covering{
    .id = "head.covering",
    .title = {"tête nue", "bare head"},
    .description =
        "Strongest horizontal edge across the forehead above the eyebrows (grey/px at 64 px between the eyes); "
        "the share of the head region above the eyebrows coloured as neither skin nor hair; the probability that "
        "the head is covered, from the head-covering network on the upright head crop (above the crown to the nose) "
        "reduced to 64 x 64.",
    .needs = Needs::single_face,
    .values = {{"forehead_band", "grey/px",
                {"bord horizontal marqué sur le front", "strong horizontal edge across the forehead"},
                Shown::grey_levels},
               {"accessory_colour", "share",
                {"part du haut de la tête ni peau ni cheveux",
                 "share of the top of the head neither skin nor hair"},
                Shown::percent},
               {"net_probability", "probability",
                {"probabilité d'une coiffure (chapeau, casquette, foulard, bandeau) selon le réseau de détection",
                 "probability of a head covering (hat, cap, scarf, headband) from the detection network"},
                Shown::percent}},
    .measure = [](const FaceContext& ctx) {
      const UprightFace f = upright_face(ctx, work_ied_px, -1.3, -2.0, 1.3, 0.2);
      const float brow = std::min({f.landmarks[19].y, f.landmarks[24].y, f.landmarks[21].y, f.landmarks[22].y});

      // Forehead, between the temples, from just above the brows to one inter-eye distance above:
      // a brim or band crosses it; skin does not, and a hairline or fringe is ragged.
      cv::Mat smooth, gy;
      cv::GaussianBlur(f.gray, smooth, cv::Size(3, 3), 0);
      cv::Sobel(smooth, gy, CV_32F, 0, 1);
      gy *= 1.0 / 8.0;  // Sobel's gain on a ramp of one grey level per pixel
      const cv::Rect forehead = cv::Rect(cvRound(f.eye_mid.x - f.u(0.55)), cvRound(brow - f.u(1.0)),
                                         cvRound(f.u(1.1)), cvRound(f.u(0.9))) & f.bounds();
      double band = 0;
      for (int y = forehead.y; y < forehead.br().y; ++y)
        band = std::max(band, std::abs(cv::mean(gy(cv::Rect(forehead.x, y, forehead.width, 1)))[0]));

      // The head above the brows, within the head's width plus some hair, less the background
      // sampled by Face::background_mask.
      cv::Mat background;
      cv::warpAffine(ctx.face->background_mask, background, cv::Mat(f.to_crop), f.bgr.size(), cv::INTER_NEAREST,
                     cv::BORDER_CONSTANT, cv::Scalar(0));
      const cv::Rect head = cv::Rect(cvRound(f.landmarks[0].x - f.u(0.2)), 0,
                                     cvRound(f.landmarks[16].x - f.landmarks[0].x + f.u(0.4)),
                                     std::max(1, cvRound(brow - f.u(0.1)))) & f.bounds();
      cv::Mat lab;
      f.bgr(head).convertTo(lab, CV_32F, 1.0 / 255.0);
      cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
      // The backdrop shows between hair and the head ellipse: its colour is not worn. Its median
      // on the reduced photo is as good as on every pixel.
      const LabStats backdrop = background_lab(ctx);
      int worn = 0, counted = 0;
      for (int y = 0; y < lab.rows; ++y)
        for (int x = 0; x < lab.cols; ++x) {
          if (background.at<uchar>(head.y + y, head.x + x)) continue;
          const cv::Vec3f p = lab.at<cv::Vec3f>(y, x);
          // Distances compared squared, and the hue taken only when the chroma alone does not
          // decide: the same answers without a square root or an arctangent per pixel.
          const double dl = p[0] - backdrop.lightness, da = p[1] - backdrop.a, db = p[2] - backdrop.b;
          if (backdrop.pixels && dl * dl + da * da + db * db < backdrop_delta_e * backdrop_delta_e) continue;
          ++counted;
          const double chroma2 = double(p[1]) * p[1] + double(p[2]) * p[2];
          if (chroma2 >= worn_chroma * worn_chroma) {
            ++worn;
          } else if (chroma2 >= tinted_chroma * tinted_chroma) {
            // The hue lies between the two bounds when (a, b) is on the inner side of both bound
            // directions (the span is under 180 degrees): two products instead of an arctangent.
            const bool skin_or_hair = hue_min_dir[0] * p[2] - hue_min_dir[1] * p[1] >= 0 &&
                                      p[1] * hue_max_dir[1] - p[2] * hue_max_dir[0] >= 0;
            if (!skin_or_hair) ++worn;
          }
        }
      Measurement m;
      m.values = {{"forehead_band", band, "grey/px"},
                  {"accessory_colour", counted ? static_cast<double>(worn) / counted : 0.0, "share"},
                  {"net_probability", crop_net_probability(head_covering_net, head_covering_net_input(ctx)),
                   "probability"}};
      return m;
    }};

}  // namespace conforme
