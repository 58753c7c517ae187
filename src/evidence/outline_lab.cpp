#include "evidence/outline_lab.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace conforme {
namespace {

cv::Mat lab_of_rows(const cv::Mat& photo, int rows) {
  cv::Mat lab;
  cv::GaussianBlur(photo(cv::Rect(0, 0, photo.cols, rows)), lab, cv::Size(3, 3), 0);
  lab.convertTo(lab, CV_32F, 1.0 / 255.0);
  cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
  return lab;
}

}  // namespace

int outline_lab_rows(const Face& f) {
  const double s = f.reduced_scale;
  const int rows = f.reduced_bgr.rows;
  const int top = std::clamp(cvRound(f.crown_y * s), 0, rows - 1);
  return std::clamp(cvRound(f.landmarks[33].y * s), top + 1, rows);
}

cv::Mat outline_lab(const FaceContext& ctx, int rows) {
  const Face& f = *ctx.face;
  const int shared_rows = outline_lab_rows(f);
  if (rows > shared_rows) return lab_of_rows(f.reduced_bgr, rows);
  const cv::Mat& shared = f.on_demand.outline_lab.get([&] { return lab_of_rows(f.reduced_bgr, shared_rows); });
  return shared.rowRange(0, rows);
}

}  // namespace conforme
