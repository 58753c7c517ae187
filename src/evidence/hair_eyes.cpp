#include "evidence/hair_eyes.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "face/face_crop.hpp"
#include "face/image_stats.hpp"

namespace conforme {
namespace {

struct HairEyesLab {
  double L = 0, a = 0, b = 0;
};

double hair_eyes_distance(const HairEyesLab& p, const HairEyesLab& q) {
  return std::sqrt((p.L - q.L) * (p.L - q.L) + (p.a - q.a) * (p.a - q.a) + (p.b - q.b) * (p.b - q.b));
}

// Median CIELAB of the top of the head: from 0.15 to 0.5 inter-eye distances below the estimated
// skull top (face/geometry.hpp, estimate_crown), 0.5 to either side of the mid-line, on the
// reduced photo: the hair on top of the head, or the scalp when there is none.
std::optional<LabStats> hair_eyes_top_of_head(const Face& f) {
  const double s = f.reduced_scale, ied = f.inter_eye_px;
  const cv::Rect want(cvRound((f.midline_x - 0.5 * ied) * s), cvRound((f.crown_y + 0.15 * ied) * s),
                      std::max(1, cvRound(ied * s)), std::max(1, cvRound(0.35 * ied * s)));
  const cv::Rect r = want & cv::Rect(0, 0, f.reduced_bgr.cols, f.reduced_bgr.rows);
  if (r.area() < want.area() / 2) return std::nullopt;
  const LabStats lab = median_lab(f.reduced_bgr(r), cv::Mat(r.size(), CV_8U, cv::Scalar(255)));
  if (lab.pixels == 0) return std::nullopt;
  return lab;
}

}  // namespace

HairOverEyes hair_over_eyes(const FaceContext& ctx) {
  const Face& f = *ctx.face;
  const auto crop = cut_crop(ctx, f.evidence.eye_region, eye_region);
  const UprightFace& c = *crop;
  const LabStats skin_stats = face_lab(ctx);
  const HairEyesLab skin{skin_stats.lightness, skin_stats.a, skin_stats.b};
  const auto top = hair_eyes_top_of_head(f);
  HairEyesLab hair{};
  HairOverEyes out;
  if (top) {
    hair = {top->lightness, top->a, top->b};
    out.hair_colour_known = hair_eyes_distance(hair, skin) > 15.0;
  }
  const double skin_y = luminance(skin.L);

  // Hair-like: far darker than the face (a luminance under 0.35 of its median's: darker than the
  // lid's own shadow), or, when the top of the head differs from the skin, nearer the hair's
  // colour than the skin's and over 15 CIELAB units from the skin.
  const auto hair_like = [&](const cv::Vec3f& p) {
    const HairEyesLab q{p[0], p[1], p[2]};
    if (luminance(q.L) < 0.35 * skin_y) return true;
    if (!out.hair_colour_known) return false;
    const double to_skin = hair_eyes_distance(q, skin);
    return to_skin > 15.0 && hair_eyes_distance(q, hair) < to_skin;
  };
  // y on a polyline of landmarks at column x (linear between the points, flat beyond the ends).
  const auto y_at = [](std::vector<cv::Point2f> pts, float x) {
    std::sort(pts.begin(), pts.end(), [](const cv::Point2f& a, const cv::Point2f& b) { return a.x < b.x; });
    if (x <= pts.front().x) return pts.front().y;
    for (std::size_t i = 1; i < pts.size(); ++i)
      if (x <= pts[i].x) {
        const float t = pts[i].x > pts[i - 1].x ? (x - pts[i - 1].x) / (pts[i].x - pts[i - 1].x) : 0.0f;
        return pts[i - 1].y + t * (pts[i].y - pts[i - 1].y);
      }
    return pts.back().y;
  };

  cv::Matx23d to_photo;
  cv::invertAffineTransform(c.to_crop, to_photo);
  const float u = c.u(1.0);
  for (int e = 0; e < 2; ++e) {
    const int brow0 = e == 0 ? 17 : 22, eye0 = e == 0 ? 36 : 42;
    std::vector<cv::Point2f> brow, lid;
    for (int i = 0; i < 5; ++i) brow.push_back(c.landmarks[brow0 + i]);
    for (int i = 0; i < 4; ++i) lid.push_back(c.landmarks[eye0 + i]);  // corner, upper lid, corner
    float x0 = lid[0].x, x1 = lid[0].x;
    for (const auto& p : lid) x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
    // Each column across the eye, from corner to corner: the forehead just above the brow (0.30 to
    // 0.10 inter-eye distances above it) and the lid between the brow and the eye (0.08 below the
    // brow to 0.04 above the upper lid). Hair over the eye covers both; a fringe ending above the
    // eye covers only the first, the shadow of a deep-set eye only the second.
    double sum = 0;
    int columns = 0;
    const int first = std::max(0, static_cast<int>(std::floor(x0))), last = std::min(c.bgr.cols - 1, static_cast<int>(std::ceil(x1)));
    const int top = std::max(0, cvFloor(std::min({brow[0].y, brow[2].y, brow[4].y}) - 0.35f * u));
    const int bottom = std::min(c.bgr.rows, cvCeil(std::max({lid[1].y, lid[2].y, lid[0].y, lid[3].y})) + 1);
    if (last <= first || bottom <= top) continue;
    const cv::Rect box(first, top, last - first + 1, bottom - top);
    cv::Mat patch, lab;
    c.bgr(box).convertTo(patch, CV_32F, 1.0 / 255.0);
    cv::cvtColor(patch, lab, cv::COLOR_BGR2Lab);
    const auto share = [&](int x, int y0, int y1) {  // share of hair-like pixels of column x, rows [y0, y1)
      y0 = std::clamp(y0, box.y, box.br().y), y1 = std::clamp(y1, box.y, box.br().y);
      if (y1 <= y0) return -1.0;
      int n = 0;
      for (int y = y0; y < y1; ++y) n += hair_like(lab.at<cv::Vec3f>(y - box.y, x - box.x));
      return static_cast<double>(n) / (y1 - y0);
    };
    for (int x = first; x <= last; x += 2) {
      const float by = y_at(brow, static_cast<float>(x)), ly = y_at(lid, static_cast<float>(x));
      const double forehead = std::max(0.0, share(x, cvRound(by - 0.30f * u), cvRound(by - 0.10f * u)));
      const double lid_share = share(x, cvRound(by + 0.08f * u), cvRound(ly - 0.04f * u));
      sum += std::min(forehead, lid_share < 0 ? 1.0 : lid_share);  // no lid left between brow and eye: the forehead decides
      ++columns;
    }
    out.covered[e] = columns ? sum / columns : 0.0;
    // The outline drawn: from 0.30 above the brow down to the upper lid, corner to corner.
    std::vector<cv::Point2f> outline;
    for (int k = 0; k <= 4; ++k) {
      const float x = x0 + (x1 - x0) * k / 4.0f;
      outline.emplace_back(x, y_at(brow, x) - 0.30f * u);
    }
    for (int k = 4; k >= 0; --k) {
      const float x = x0 + (x1 - x0) * k / 4.0f;
      outline.emplace_back(x, y_at(lid, x));
    }
    for (const auto& p : outline) out.outline[e].push_back(cv::Point2f(to_photo * cv::Vec3d(p.x, p.y, 1.0)));
  }
  return out;
}

}  // namespace conforme
