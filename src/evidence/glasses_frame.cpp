#include "evidence/glasses_frame.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "face/image_stats.hpp"

namespace conforme {
namespace {

// Half the window summed about a rim's strongest point, inter-eye distances: heavy frames are
// 0.04-0.07 inter-eye distances wide; a wider window takes in the shadows below the lens.
constexpr double frame_ink_half_window = 0.035;
// The columns read: across the eye's centre, and down from just below the lower lid to where the
// lower rim of the largest lenses lies (inter-eye distances).
constexpr double frame_half_width = 0.2, frame_below_lid = 0.06, frame_lowest = 0.6;

}  // namespace

std::array<EyeFrameRim, 2> glasses_frame_rims(const UprightFace& f) {
  std::array<EyeFrameRim, 2> rims;
  const int half_window = std::max(1, cvRound(f.u(frame_ink_half_window)));
  const double ied = std::max(1.0, f.ied);
  std::vector<float> ch[3], inks, rows;
  std::vector<double> departure;
  for (int k = 0; k < 2; ++k) {
    const int first = k == 0 ? 36 : 42;
    cv::Point2f eye(0, 0);
    for (int i = first; i < first + 6; ++i) eye += f.landmarks[i];
    eye *= 1.0f / 6.0f;
    const float lid = std::max(f.landmarks[first + 4].y, f.landmarks[first + 5].y);
    const int y0 = cvRound(lid + f.u(frame_below_lid)), y1 = cvRound(eye.y + f.u(frame_lowest));
    const cv::Rect area =
        cv::Rect(cvRound(eye.x - f.u(frame_half_width)), y0, cvRound(f.u(2 * frame_half_width)) + 1, y1 - y0) &
        f.bounds();
    EyeFrameRim& rim = rims[k];
    rim.from = rim.to = eye;
    if (area.width < 1 || area.height < 3) continue;
    // CIELAB (L* 0-100) of the small area only, smoothed over JPEG grain.
    cv::Mat lab;
    f.bgr(area).convertTo(lab, CV_32F, 1.0 / 255.0);
    cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
    cv::GaussianBlur(lab, lab, cv::Size(3, 3), 0);
    inks.clear();
    rows.clear();
    for (int x = 0; x < area.width; x += 2) {
      for (auto& c : ch) c.clear();
      for (int y = 0; y < area.height; ++y) {
        const cv::Vec3f& p = lab.at<cv::Vec3f>(y, x);
        for (int c = 0; c < 3; ++c) ch[c].push_back(p[c]);
      }
      cv::Vec3f skin;
      for (int c = 0; c < 3; ++c) {
        std::vector<float> copy = ch[c];
        skin[c] = median_in_place(copy);
      }
      departure.assign(area.height, 0.0);
      int strongest = 0;
      for (int y = 0; y < area.height; ++y) {
        departure[y] = cv::norm(lab.at<cv::Vec3f>(y, x) - skin);
        if (departure[y] > departure[strongest]) strongest = y;
      }
      double ink = 0;
      for (int y = std::max(0, strongest - half_window); y <= std::min(area.height - 1, strongest + half_window); ++y)
        ink += departure[y] / 100.0;
      inks.push_back(float(ink / ied));
      rows.push_back(float(area.y + strongest));
    }
    rim.ink = median_in_place(inks);
    const float row = median_in_place(rows);
    rim.from = {float(area.x), row};
    rim.to = {float(area.br().x - 1), row};
  }
  return rims;
}

}  // namespace conforme
