// eyes.red — no red eyes (ANTS photo guidance; ISO/IEC 19794-5 §7.2.9: no red-eye effect). A
// flash reflected by the retina turns the pupil red: the share of pixels in the pupil disc of each
// eye that are far redder than the face's own cheeks, on an upright crop at 128 px between the eyes.
#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "checks/eyes_hidden.hpp"
#include "evidence/glasses_evidence.hpp"
#include "face/face_crop.hpp"

namespace conforme {
namespace {

// Red: a* at least 10 above the cheeks' median, and red well above green (R > 1.8 G), which a pink
// caruncle or lid rim does not reach. Measured against the face's own skin, not a fixed a*, so
// that a warm print (the whole face red-brown, cheeks at a* 27-34) does not read as red eyes and a
// dark maroon pupil (a* 25-31 on cheeks at 15) does: margins of 8, 10 and 12 above the cheeks
// refuse the same 2 of 2,279 real photos without red eyes and catch 39, 39 and 38 of 40 real
// red-eye faces (EVALUATION.md §41).
constexpr float red_above_cheek_a = 10.0f;
constexpr float red_over_green = 1.8f;
// Without cheeks in the crop to compare with, an ordinary cheek (a* 22), so that a* >= 32 counts.
constexpr float usual_cheek_a = 22.0f;

// The pupil disc: about the eye centre, a fifth of the eye's width in radius (the iris spans
// about 40 % of the eye's width), clipped to the eye opening so lids and lashes are out.
cv::Mat pupil_disc(const UprightFace& f, int first) {
  cv::Point2f centre(0, 0);
  std::vector<cv::Point> opening;
  for (int i = first; i < first + 6; ++i) {
    centre += f.landmarks[i];
    opening.emplace_back(cvRound(f.landmarks[i].x), cvRound(f.landmarks[i].y));
  }
  centre *= 1.0f / 6.0f;
  const double width = cv::norm(f.landmarks[first + 3] - f.landmarks[first]);
  cv::Mat disc = cv::Mat::zeros(f.bgr.size(), CV_8U), eye = disc.clone();
  cv::circle(disc, centre, std::max(1, cvRound(0.2 * width)), cv::Scalar(255), cv::FILLED);
  cv::fillConvexPoly(eye, opening, cv::Scalar(255));
  return disc & eye;
}

double red_share(const UprightFace& f, const cv::Mat& lab, const cv::Mat& disc, float red_min_a) {
  int red = 0, all = 0;
  for (int y = 0; y < disc.rows; ++y)
    for (int x = 0; x < disc.cols; ++x) {
      if (!disc.at<uchar>(y, x)) continue;
      ++all;
      const cv::Vec3b p = f.bgr.at<cv::Vec3b>(y, x);
      if (lab.at<cv::Vec3f>(y, x)[1] >= red_min_a && p[2] > red_over_green * p[1]) ++red;
    }
  return all ? static_cast<double>(red) / all : 0.0;
}

}  // namespace

extern const Check eyes_red{
    .id = "eyes.red",
    .title = {"yeux rouges", "red eyes"},
    .description =
        "Share of red pixels (a* at least 10 above the cheeks' median a*, and R > 1.8 G) in the pupil disc of "
        "the redder eye, at 128 px between the eyes. Not measured behind dark lenses.",
    .needs = Needs::single_face,
    .values = {{"red_share", "share",
                {"part de la pupille rouge", "share of the pupil that is red"},
                Shown::percent}},
    .reasons = {eyes_hidden_reason},
    .measure = [](const FaceContext& ctx) {
      if (eyes_hidden(ctx)) return eyes_hidden_skipped();
      const UprightFace f = upright_face(ctx, 128.0, -0.85, -0.3, 0.85, 0.3);
      cv::Mat lab;
      f.bgr.convertTo(lab, CV_32F, 1.0 / 255.0);
      cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
      const LabStats& cheek = cheek_lab(ctx);
      const float red_min_a = static_cast<float>(cheek.pixels ? cheek.a : usual_cheek_a) + red_above_cheek_a;
      const double share =
          std::max(red_share(f, lab, pupil_disc(f, 36), red_min_a), red_share(f, lab, pupil_disc(f, 42), red_min_a));
      Measurement m;
      m.values = {{"red_share", share, "share"}};
      return m;
    }};

}  // namespace conforme
