#include "face/face_crop.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/shrink.hpp"

namespace conforme {
namespace {

cv::Point2f apply(const cv::Matx23d& m, cv::Point2f p) {
  return {static_cast<float>(m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2)),
          static_cast<float>(m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2))};
}

}  // namespace

std::array<cv::Point2f, 4> crop_corners_in_photo(const cv::Matx23d& to_crop, cv::Size size) {
  cv::Matx23d back;
  cv::invertAffineTransform(to_crop, back);
  const auto w = static_cast<float>(size.width), h = static_cast<float>(size.height);
  return {apply(back, {0, 0}), apply(back, {w, 0}), apply(back, {w, h}), apply(back, {0, h})};
}

UprightFace upright_face(const FaceContext& ctx, double ied_px, double left, double top, double right,
                         double bottom) {
  const Face& face = *ctx.face;
  UprightFace f;
  f.ied = ied_px;
  const double scale = ied_px / std::max(1.0, face.inter_eye_px);
  const cv::Point2f origin(static_cast<float>(-left * ied_px), static_cast<float>(-top * ied_px));
  cv::Mat m = cv::getRotationMatrix2D(face.eye_mid, face.pose.roll_deg, scale);
  m.at<double>(0, 2) += origin.x - face.eye_mid.x;
  m.at<double>(1, 2) += origin.y - face.eye_mid.y;
  f.to_crop = cv::Matx23d(m);
  const cv::Size size(std::max(1, cvRound((right - left) * ied_px)), std::max(1, cvRound((bottom - top) * ied_px)));

  // Bilinear sampling aliases when shrinking more than twofold: the photo is first halved by 2 x 2
  // means until what is left to the bilinear warp is a shrink of less than two (core/shrink.hpp:
  // the cheap path of area averaging). The face's reduced photo (Face::reduced_bgr, cut once by
  // derive_geometry) is such a halving of the whole photo: when it is not smaller than the level
  // needed, the halving goes on from it; otherwise only the photo area under the crop is halved.
  cv::Mat source = ctx.bgr;
  cv::Matx23d warp = f.to_crop;
  if (scale < 0.5) {
    double level = 1.0;  // source pixels per photo pixel
    cv::Mat from = ctx.bgr;
    if (!face.reduced_bgr.empty() && face.reduced_scale < 1.0 && scale < face.reduced_scale) {
      from = face.reduced_bgr;
      level = face.reduced_scale;
    }
    // Photo pixel p = from pixel q / level + offset: a mean of 2 x 2 pixels sits at their centre,
    // half a pixel in from the first.
    const double offset = (1.0 / level - 1.0) / 2.0;
    const auto corners = crop_corners_in_photo(f.to_crop, size);
    std::vector<cv::Point2f> in_from;
    for (const auto& c : corners)
      in_from.emplace_back(static_cast<float>((c.x - offset) * level), static_cast<float>((c.y - offset) * level));
    const cv::Rect area = cv::boundingRect(in_from) & cv::Rect(0, 0, from.cols, from.rows);
    if (!area.empty()) {
      double pre = level;
      source = from(area);
      while (scale < 0.5 * pre) {
        source = halve(source);
        pre /= 2;
      }
      // source pixel s -> from pixel q = s * (level / pre) + (level / pre - 1) / 2 + area origin
      // -> photo pixel p = q / level + offset.
      const double k = level / pre, shift = (k - 1.0) / 2.0;
      for (int r = 0; r < 2; ++r) {
        const double ox = (area.x + shift) / level + offset, oy = (area.y + shift) / level + offset;
        warp(r, 2) = f.to_crop(r, 0) * ox + f.to_crop(r, 1) * oy + f.to_crop(r, 2);
        warp(r, 0) = f.to_crop(r, 0) / pre;
        warp(r, 1) = f.to_crop(r, 1) / pre;
      }
    }
  }
  cv::warpAffine(source, f.bgr, cv::Mat(warp), size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::cvtColor(f.bgr, f.gray, cv::COLOR_BGR2GRAY);
  for (std::size_t i = 0; i < f.landmarks.size(); ++i) f.landmarks[i] = apply(f.to_crop, face.landmarks[i]);
  f.eye_left = apply(f.to_crop, face.eye_left);
  f.eye_right = apply(f.to_crop, face.eye_right);
  f.eye_mid = apply(f.to_crop, face.eye_mid);
  return f;
}

}  // namespace conforme
