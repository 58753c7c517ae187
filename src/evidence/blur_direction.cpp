#include "evidence/blur_direction.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/area_resize.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

// Mean gradient structure tensor (gx^2, gx gy, gy^2) of a float image, Sobel 3 x 3.
cv::Matx22d blur_direction_tensor(const cv::Mat& f) {
  cv::Mat gx, gy;
  cv::Sobel(f, gx, CV_32F, 1, 0, 3);
  cv::Sobel(f, gy, CV_32F, 0, 1, 3);
  const double n = static_cast<double>(f.total());
  const double xx = gx.dot(gx) / n, xy = gx.dot(gy) / n, yy = gy.dot(gy) / n;
  return {xx, xy, xy, yy};
}

}  // namespace

BlurDirection blur_direction(const cv::Mat& grey) {
  CV_Assert(grey.type() == CV_8UC1 && grey.cols >= 8 && grey.rows >= 8);
  cv::Mat f, coarse;
  grey.convertTo(f, CV_32F);
  cv::GaussianBlur(f, coarse, cv::Size(0, 0), blur_direction_coarse_sigma);
  const cv::Matx22d all = blur_direction_tensor(f);
  const cv::Matx22d b = blur_direction_tensor(coarse);
  const cv::Matx22d fine = all - b;
  BlurDirection out;
  const double det_b = b(0, 0) * b(1, 1) - b(0, 1) * b(1, 0);
  if (det_b <= 1e-9) return out;  // a flat image: nothing to tell
  // Generalised eigenvalues of (fine, b): the eigenvalues of b^-1 fine, real since both are
  // symmetric and b positive definite.
  const cv::Matx22d m = b.inv() * fine;
  const double tr = m(0, 0) + m(1, 1), det = m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0);
  const double disc = std::sqrt(std::max(0.0, tr * tr / 4 - det));
  const double most = tr / 2 + disc, least = tr / 2 - disc;
  out.fine_most = std::max(0.0, most);
  out.fine_least = std::max(0.0, least);
  out.ratio = out.fine_most > 1e-9 ? std::clamp(out.fine_least / out.fine_most, 0.0, 1.0) : 1.0;
  // The eigenvector of `least`: (m01, least - m00), or (least - m11, m10).
  cv::Vec2d u(m(0, 1), least - m(0, 0));
  if (std::hypot(u[0], u[1]) < 1e-12) u = cv::Vec2d(least - m(1, 1), m(1, 0));
  if (std::hypot(u[0], u[1]) < 1e-12) u = cv::Vec2d(1, 0);
  // Image rows grow downwards: the angle counter-clockwise as seen is atan2(-y, x).
  double deg = std::atan2(-u[1], u[0]) * 180.0 / CV_PI;
  if (deg < 0) deg += 180.0;
  if (deg >= 180.0) deg -= 180.0;
  out.direction_deg = deg;
  return out;
}

BlurDirection blur_direction(const FaceContext& ctx) {
  const cv::Rect r = face_region(ctx);
  const double scale = std::min(1.0, blur_direction_working_ied / std::max(1.0, ctx.face->inter_eye_px));
  const cv::Mat crop = scale < 1.0 ? area_resize(ctx.gray(r), cv::Size(), scale, scale) : ctx.gray(r);
  return blur_direction(crop);
}

}  // namespace conforme
