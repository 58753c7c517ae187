#include "evidence/glasses_evidence.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "evidence/glasses_net.hpp"

namespace conforme {
namespace {

// Sobel's gain on a ramp of one grey level per pixel.
constexpr double sobel_gain = 8.0;

// Centre of the eye whose six landmarks start at `first`, in crop pixels.
cv::Point2f upright_eye_centre(const UprightFace& f, int first) {
  cv::Point2f c(0, 0);
  for (int i = first; i < first + 6; ++i) c += f.landmarks[i];
  return c * (1.0f / 6.0f);
}

// The lens ellipse lens_shares reads about the eye whose landmarks start at `first`: centre
// and half-axes in crop pixels (lens_mask's ellipse).
struct LensEllipse {
  cv::Point2f centre;
  cv::Size half_axes;
};
LensEllipse lens_ellipse(const UprightFace& f, int first) {
  return {upright_eye_centre(f, first) + cv::Point2f(0, f.u(0.06)), cv::Size(cvRound(f.u(0.36)), cvRound(f.u(0.24)))};
}

// The cheek patch below the eye whose landmarks start at `first` (cheek_mask's), clipped to the crop.
cv::Rect cheek_rect(const UprightFace& f, int first) {
  const cv::Point2f eye = upright_eye_centre(f, first);
  return cv::Rect(cvRound(eye.x - f.u(0.18)), cvRound(eye.y + f.u(0.65)), cvRound(f.u(0.36)), cvRound(f.u(0.25))) &
         f.bounds();
}

}  // namespace

double GlassesEvidence::frame_score() const { return std::sqrt(std::max(0.0, bridge_edge * rim_edge)); }

std::shared_ptr<const UprightFace> glasses_crop(const FaceContext& ctx) {
  return cut_crop(ctx, ctx.face->evidence.eye_region, eye_region);
}

const GlassesEvidence& glasses_evidence(const FaceContext& ctx) {
  return ctx.face->on_demand.glasses.get([&] { return glasses_evidence(*glasses_crop(ctx)); });
}

bool glasses_found(const FaceContext& ctx) {
  return glasses_evidence(ctx).frame_score() >= glasses_present_frame_score;
}

double glasses_net_probability(const FaceContext& ctx) {
  return ctx.face->on_demand.glasses_net_probability.get(
      [&] { return crop_net_probability(glasses_net, crop_net_input(glasses_net, *glasses_crop(ctx))); });
}

bool lenses_found(const FaceContext& ctx) {
  return glasses_found(ctx) || glasses_net_probability(ctx) >= glasses_present_net_probability || dark_lenses(ctx);
}

GlassesEvidence glasses_evidence(const UprightFace& f) {
  // Skin pores and JPEG grain are not frames: smooth over about 2 % of the inter-eye distance.
  cv::Mat smooth, gy;
  cv::GaussianBlur(f.gray, smooth, cv::Size(5, 5), 0);
  cv::Sobel(smooth, gy, CV_32F, 0, 1);
  gy = cv::abs(gy) * (1.0 / sobel_gain);
  GlassesEvidence e;

  // Nose bridge: between the inner eye corners, from just under the inner ends of the eyebrows
  // (a frown line or the brows themselves are not a bridge) to below the eye line.
  const float brow = std::max(f.landmarks[21].y, f.landmarks[22].y);
  const int top = cvRound(std::max(f.eye_mid.y - f.u(0.30), brow + f.u(0.05)));
  const int bottom = cvRound(f.eye_mid.y + f.u(0.125));
  const cv::Rect bridge = cv::Rect(cvRound(f.eye_mid.x - f.u(0.15)), top, cvRound(f.u(0.30)), bottom - top) & f.bounds();
  for (int y = bridge.y; y < bridge.br().y; ++y)
    e.bridge_edge = std::max(e.bridge_edge, cv::mean(gy(cv::Rect(bridge.x, y, bridge.width, 1)))[0]);

  // Rims: below each lower eyelid, where a lens edge or frame runs across the cheek bone.
  for (int first : {36, 42}) {
    const cv::Point2f eye = upright_eye_centre(f, first);
    const float lid = std::max(f.landmarks[first + 4].y, f.landmarks[first + 5].y);
    const int y0 = cvRound(lid + f.u(0.08)), y1 = cvRound(eye.y + f.u(0.55));
    const cv::Rect band = cv::Rect(cvRound(eye.x - f.u(0.35)), y0, cvRound(f.u(0.70)), std::max(1, y1 - y0)) & f.bounds();
    if (band.empty()) continue;
    cv::Mat strongest;
    cv::reduce(gy(band), strongest, 0, cv::REDUCE_MAX);
    e.rim_edge += cv::mean(strongest)[0] / 2.0;
  }
  return e;
}

cv::Mat lens_mask(const UprightFace& f) {
  cv::Mat mask = cv::Mat::zeros(f.bgr.size(), CV_8U);
  for (int first : {36, 42}) {
    const cv::Point2f eye = upright_eye_centre(f, first);
    cv::ellipse(mask, eye + cv::Point2f(0, f.u(0.06)), cv::Size(cvRound(f.u(0.36)), cvRound(f.u(0.24))), 0, 0, 360,
                cv::Scalar(255), cv::FILLED);
    std::vector<cv::Point> opening;
    for (int i = first; i < first + 6; ++i) opening.emplace_back(cvRound(f.landmarks[i].x), cvRound(f.landmarks[i].y));
    cv::fillConvexPoly(mask, opening, cv::Scalar(0));
    // The lids and lashes around the opening are as dark as a tint.
    cv::polylines(mask, opening, true, cv::Scalar(0), std::max(1, cvRound(f.u(0.08))));
  }
  // Above the lowest eyebrow point lies hair, not skin.
  const float brow = std::max({f.landmarks[19].y, f.landmarks[24].y, f.landmarks[21].y, f.landmarks[22].y});
  const int brow_row = std::clamp(cvRound(brow + f.u(0.04)), 0, mask.rows);
  mask(cv::Rect(0, 0, mask.cols, brow_row)) = 0;
  return mask;
}

LensShares lens_shares(const UprightFace& f, const LabColour& cheek) {
  // The whole ellipse of lens_mask, eye opening and brows included: on dark sunglasses the eye and
  // brow landmarks often sit on the lens itself, and what lens_mask leaves out of it is then lens.
  cv::Mat mask = cv::Mat::zeros(f.bgr.size(), CV_8U);
  for (int first : {36, 42}) {
    const LensEllipse e = lens_ellipse(f, first);
    cv::ellipse(mask, e.centre, e.half_axes, 0, 0, 360, cv::Scalar(255), cv::FILLED);
  }
  const cv::Rect box = cv::boundingRect(mask);
  if (box.empty()) return {};
  cv::Mat bgr_f, lab;
  f.bgr(box).convertTo(bgr_f, CV_32F, 1.0 / 255.0);
  cv::cvtColor(bgr_f, lab, cv::COLOR_BGR2Lab);  // float input: L* 0..100, a* and b* signed
  const float limit2 = static_cast<float>(lens_skin_delta_e * lens_skin_delta_e);
  const float dark_below = static_cast<float>(dark_lens_lightness) * cheek.l;
  int lens = 0, skin = 0, dark = 0;
  for (int y = 0; y < box.height; ++y) {
    const auto* m = mask.ptr<uchar>(box.y + y) + box.x;
    const auto* p = lab.ptr<cv::Vec3f>(y);
    for (int x = 0; x < box.width; ++x) {
      if (!m[x]) continue;
      ++lens;
      skin += lab_distance2(p[x], cheek) < limit2;
      dark += p[x][0] < dark_below;
    }
  }
  if (lens == 0) return {};
  return {static_cast<double>(skin) / lens, static_cast<double>(dark) / lens};
}

const LabStats& cheek_lab(const FaceContext& ctx) {
  return ctx.face->on_demand.cheek_lab.get([&] {
    const auto crop = glasses_crop(ctx);
    return median_lab(crop->bgr, cheek_mask(*crop));
  });
}

namespace {

const LensShares& lens_shares(const FaceContext& ctx) {
  return ctx.face->on_demand.lens_shares.get([&] {
    const LabStats& cheek = cheek_lab(ctx);
    if (cheek.pixels == 0) return LensShares{};  // no cheek in the crop: nothing to compare the lenses with
    return lens_shares(*glasses_crop(ctx), LabColour{static_cast<float>(cheek.lightness), static_cast<float>(cheek.a),
                                                     static_cast<float>(cheek.b)});
  });
}

}  // namespace

double lens_skin_share(const FaceContext& ctx) { return lens_shares(ctx).skin; }

double lens_dark_share(const FaceContext& ctx) { return lens_shares(ctx).dark; }

bool lens_area_mostly_dark(const FaceContext& ctx) { return lens_dark_share(ctx) >= dark_lenses_share; }

bool dark_lenses(const FaceContext& ctx) {
  return lens_skin_share(ctx) < eyes_hidden_lens_skin && lens_area_mostly_dark(ctx);
}

cv::Mat under_eye_mask(const UprightFace& f) {
  cv::Mat mask = cv::Mat::zeros(f.bgr.size(), CV_8U);
  for (int first : {36, 42}) {
    const cv::Point2f eye = upright_eye_centre(f, first);
    const float lid = std::max(f.landmarks[first + 4].y, f.landmarks[first + 5].y);
    const cv::Rect band =
        cv::Rect(cvRound(eye.x - f.u(0.22)), cvRound(lid + f.u(0.06)), cvRound(f.u(0.44)), cvRound(f.u(0.14))) &
        f.bounds();
    mask(band) = 255;
  }
  return mask;
}

cv::Mat cheek_mask(const UprightFace& f) {
  cv::Mat mask = cv::Mat::zeros(f.bgr.size(), CV_8U);
  for (int first : {36, 42}) mask(cheek_rect(f, first)) = 255;
  return mask;
}

LensSkinRegions lens_skin_regions(const UprightFace& f) {
  LensSkinRegions r;
  for (int i : {0, 1}) {
    const int first = i == 0 ? 36 : 42;
    const LensEllipse e = lens_ellipse(f, first);
    std::vector<cv::Point> poly;
    cv::ellipse2Poly(cv::Point(cvRound(e.centre.x), cvRound(e.centre.y)), e.half_axes, 0, 0, 360, 10, poly);
    for (const cv::Point& p : poly) r.lenses[i].emplace_back(p);
    const cv::Rect c = cheek_rect(f, first);
    r.cheeks[i] = {cv::Point2f(c.tl()), cv::Point2f(float(c.br().x), float(c.y)), cv::Point2f(c.br()),
                   cv::Point2f(float(c.x), float(c.br().y))};
  }
  return r;
}

}  // namespace conforme
