#include "evidence/hot_spots.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "evidence/glasses_evidence.hpp"
#include "face/face_crop.hpp"
#include "face/geometry.hpp"

namespace conforme {
namespace {

// The forehead above the brows that is read, in inter-eye distances: below the hairline of
// nearly every adult (the brow-to-hairline height is 0.7-0.9 of the eye spacing).
constexpr double forehead_height = 0.45;
// A hot pixel is lighter than the skin's median by this share of the way to pure white
// (L* 100) ...
constexpr double way_to_white = 0.75;
// ... and keeps at most this share of the skin's median chroma (plus a small floor for grey
// skin tones): a specular reflection has the colour of the light, not of the skin.
constexpr double chroma_kept = 0.5;
constexpr double chroma_floor = 3.0;
// ... and stands out of the skin around it, half an eye spacing across, by this much L*: a
// reflection is a patch of light on the skin, where a key light brightening one whole side of
// the face, or a pale hat brim or fringe at the forehead's edge, is not.
constexpr double above_surround = 6.0;
constexpr double surround_width = 0.5;
// A hot spot has a clipped core: at least `clipped_core` crop pixels whose three channels all
// reach `clipped_level` (the level glasses.reflection counts as a reflection). The sheen of
// the nose's ridge or of a forehead under a studio key light stays below it.
constexpr int clipped_level = 240;
constexpr int clipped_core = 2;
// The width of the skin region's rim, in inter-eye distances (see find_hot_spots).
constexpr double edge_rim = 0.08;
// Hot spots smaller than this, in inter-eye distances squared, are specks (a pore, JPEG
// ringing), not a reflection a reviewer sees.
constexpr double smallest_spot = 0.0016;  // 0.04 x 0.04

// The hull of landmarks `first`..`last`, grown by `grow` crop pixels, filled with `value`.
void fill_hull(cv::Mat& mask, const UprightFace& f, int first, int last, float grow, uchar value) {
  std::vector<cv::Point2f> pts(f.landmarks.begin() + first, f.landmarks.begin() + last + 1);
  cv::Point2f c(0, 0);
  for (const auto& p : pts) c += p;
  c *= 1.0f / static_cast<float>(pts.size());
  std::vector<cv::Point> grown;
  for (const auto& p : pts) {
    const cv::Point2f d = p - c;
    const float n = std::max(1e-3f, std::hypot(d.x, d.y));
    grown.emplace_back(cvRound(p.x + d.x / n * grow), cvRound(p.y + d.y / n * grow));
  }
  std::vector<cv::Point> hull;
  cv::convexHull(grown, hull);
  cv::fillConvexPoly(mask, hull, cv::Scalar(value));
}

// The bare skin of the face on the crop: from the base of the nose up to `forehead_height`
// above the brows, within the jaw line and kept clear of the outline (hair, background), less
// the eyes, the brows and, when frames are found, the lenses (glasses.reflection judges those).
// `outline_region` receives the region before the eyes, brows, lower face and lenses are taken out.
cv::Mat skin_mask(const UprightFace& f, bool glasses, cv::Mat& outline_region) {
  std::vector<cv::Point> outline;
  for (int i = 0; i <= 16; ++i) outline.emplace_back(cvRound(f.landmarks[i].x), cvRound(f.landmarks[i].y));
  // The brows raised by the forehead's height and drawn in towards the mid-line, clear of the
  // temples, where hair and the background begin.
  for (int i = 26; i >= 17; --i)
    outline.emplace_back(cvRound(f.eye_mid.x + 0.8f * (f.landmarks[i].x - f.eye_mid.x)),
                         cvRound(f.landmarks[i].y - f.u(forehead_height)));
  std::vector<cv::Point> hull;
  cv::convexHull(outline, hull);
  cv::Mat mask = cv::Mat::zeros(f.bgr.size(), CV_8U);
  cv::fillConvexPoly(mask, hull, cv::Scalar(255));
  const int edge = 2 * cvRound(f.u(0.08)) + 1;
  cv::erode(mask, mask, cv::getStructuringElement(cv::MORPH_RECT, {edge, edge}));
  outline_region = mask.clone();
  fill_hull(mask, f, 36, 41, f.u(0.10), 0);  // eyes: whites and catch-lights
  fill_hull(mask, f, 42, 47, f.u(0.10), 0);
  fill_hull(mask, f, 17, 21, f.u(0.05), 0);  // brows
  fill_hull(mask, f, 22, 26, f.u(0.05), 0);
  // Below the nose lie the moustache, the mouth (teeth, lip gloss) and the beard, whose white
  // hairs are as light as a reflection: the skin read ends at the base of the nose.
  const int nose_base = std::clamp(cvRound(f.landmarks[33].y + f.u(0.02)), 0, mask.rows);
  mask(cv::Rect(0, nose_base, mask.cols, mask.rows - nose_base)) = 0;
  if (glasses) {
    for (int first : {36, 42}) {
      const cv::Point2f eye = eye_centre(f.landmarks, first);
      cv::ellipse(mask, eye + cv::Point2f(0, f.u(0.06)), cv::Size(cvRound(f.u(0.46)), cvRound(f.u(0.34))), 0, 0, 360,
                  cv::Scalar(0), cv::FILLED);
    }
    // The bridge between the lenses.
    cv::rectangle(mask, cv::Rect(cvRound(f.eye_mid.x - f.u(0.2)), cvRound(f.eye_mid.y - f.u(0.2)), cvRound(f.u(0.4)),
                                 cvRound(f.u(0.35))),
                  cv::Scalar(0), cv::FILLED);
  }
  return mask;
}

}  // namespace

HotSpots find_hot_spots(const FaceContext& ctx, bool with_outlines) {
  const UprightFace f = upright_face(ctx, hot_spot_ied_px, -1.15, -1.0, 1.15, 1.25);
  const bool glasses = glasses_found(ctx);
  cv::Mat region;
  const cv::Mat skin = skin_mask(f, glasses, region);
  HotSpots h;
  const int pixels = cv::countNonZero(skin);
  if (pixels == 0) return h;

  cv::Mat lab;  // 8-bit: L* x 255/100, a* + 128, b* + 128
  cv::cvtColor(f.bgr, lab, cv::COLOR_BGR2Lab);
  // Medians of the skin's lightness and chroma from their histograms.
  // C*ab of every 8-bit (a*, b*) pair, computed once.
  static const std::vector<uchar> chroma_of = [] {
    std::vector<uchar> t(256 * 256);
    for (int a = 0; a < 256; ++a)
      for (int b = 0; b < 256; ++b) t[static_cast<std::size_t>(a * 256 + b)] = cv::saturate_cast<uchar>(std::hypot(a - 128.0, b - 128.0));
    return t;
  }();
  std::array<int, 256> l_hist{}, c_hist{};
  cv::Mat chroma(lab.size(), CV_8U);
  for (int y = 0; y < lab.rows; ++y) {
    const auto* p = lab.ptr<cv::Vec3b>(y);
    const auto* m = skin.ptr<uchar>(y);
    auto* c = chroma.ptr<uchar>(y);
    for (int x = 0; x < lab.cols; ++x) {
      c[x] = chroma_of[p[x][1] * 256 + p[x][2]];
      if (m[x]) ++l_hist[p[x][0]], ++c_hist[c[x]];
    }
  }
  auto median = [pixels](const std::array<int, 256>& hist) {
    int seen = 0, v = 0;
    while (v < 255 && (seen += hist[static_cast<std::size_t>(v)]) * 2 < pixels) ++v;
    return v;
  };
  const double skin_l = median(l_hist) * 100.0 / 255.0, skin_c = median(c_hist);
  h.skin_lightness = skin_l;

  const double hot_l = (skin_l + way_to_white * (100.0 - skin_l)) * 255.0 / 100.0;
  const double hot_c = chroma_kept * skin_c + chroma_floor;
  cv::Mat l_smooth, hot = cv::Mat::zeros(skin.size(), CV_8U);
  cv::extractChannel(lab, l_smooth, 0);
  cv::Mat l_channel = l_smooth.clone();
  cv::blur(l_smooth, l_smooth, {3, 3});
  // Candidates first: most faces have none, and then nothing more is computed.
  int peak = 0, candidates = 0;
  for (int y = 0; y < lab.rows; ++y) {
    const auto* p = lab.ptr<cv::Vec3b>(y);
    const auto* m = skin.ptr<uchar>(y);
    const auto* c = chroma.ptr<uchar>(y);
    const auto* s = l_smooth.ptr<uchar>(y);
    auto* o = hot.ptr<uchar>(y);
    for (int x = 0; x < lab.cols; ++x) {
      if (!m[x]) continue;
      peak = std::max(peak, int(s[x]));
      if (p[x][0] >= hot_l && c[x] <= hot_c) o[x] = 255, ++candidates;
    }
  }
  h.peak_excess = std::max(0.0, peak * 100.0 / 255.0 - skin_l);
  if (candidates == 0) return h;

  // The surround: the skin's mean L* half an eye spacing across, the rest of the crop left out;
  // a smooth quantity, taken on the crop halved.
  cv::Mat l_skin, weight, surround;
  l_channel.convertTo(l_skin, CV_32F);
  skin.convertTo(weight, CV_32F, 1.0 / 255.0);
  l_skin = l_skin.mul(weight);
  const cv::Size half((lab.cols + 1) / 2, (lab.rows + 1) / 2);
  cv::resize(l_skin, l_skin, half, 0, 0, cv::INTER_AREA);
  cv::resize(weight, weight, half, 0, 0, cv::INTER_AREA);
  const int across = 2 * cvRound(f.u(surround_width) / 4) + 1;
  cv::blur(l_skin, l_skin, {across, across});
  cv::blur(weight, weight, {across, across});
  cv::divide(l_skin, cv::max(weight, 1e-3), surround);
  const float margin = static_cast<float>(above_surround * 255.0 / 100.0);
  for (int y = 0; y < lab.rows; ++y) {
    const auto* s = l_smooth.ptr<uchar>(y);
    const auto* around = surround.ptr<float>(y / 2);
    auto* o = hot.ptr<uchar>(y);
    for (int x = 0; x < lab.cols; ++x)
      if (o[x] && s[x] < around[x / 2] + margin) o[x] = 0;
  }

  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(hot, labels, stats, centroids, 8, CV_32S);
  const double smallest = smallest_spot * f.ied * f.ied;
  // The rim of the face's outline: a spot lying mostly on it is the hair, a hat brim or the
  // backdrop met at the edge of the region read, not light on the skin.
  cv::Mat inner;
  const int rim = 2 * cvRound(f.u(edge_rim)) + 1;
  cv::erode(region, inner, cv::getStructuringElement(cv::MORPH_RECT, {rim, rim}));
  std::vector<int> on_rim(static_cast<std::size_t>(n), 0), clipped(static_cast<std::size_t>(n), 0);
  for (int y = 0; y < labels.rows; ++y) {
    const auto* l = labels.ptr<int>(y);
    const auto* in = inner.ptr<uchar>(y);
    const auto* p = f.bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < labels.cols; ++x) {
      if (!l[x]) continue;
      if (!in[x]) ++on_rim[static_cast<std::size_t>(l[x])];
      if (std::min({p[x][0], p[x][1], p[x][2]}) >= clipped_level) ++clipped[static_cast<std::size_t>(l[x])];
    }
  }
  std::vector<std::pair<int, int>> spots;  // area, label
  int hot_pixels = 0;
  for (int i = 1; i < n; ++i) {
    const int area = stats.at<int>(i, cv::CC_STAT_AREA);
    if (area < smallest || on_rim[static_cast<std::size_t>(i)] * 2 > area ||
        clipped[static_cast<std::size_t>(i)] < clipped_core)
      continue;
    hot_pixels += area;
    spots.emplace_back(area, i);
  }
  std::sort(spots.rbegin(), spots.rend());
  h.share = static_cast<double>(hot_pixels) / pixels;
  h.largest = spots.empty() ? 0.0 : static_cast<double>(spots.front().first) / pixels;
  if (with_outlines) {
    cv::Matx23d to_photo;
    cv::invertAffineTransform(f.to_crop, to_photo);
    for (const auto& [area, label] : spots) {
      std::vector<std::vector<cv::Point>> contours;
      cv::findContours(labels == label, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
      for (const auto& contour : contours) {
        std::vector<cv::Point2d> in(contour.begin(), contour.end()), mapped;
        cv::transform(in, mapped, to_photo);
        std::vector<cv::Point> out;
        for (const auto& p : mapped) out.emplace_back(cvRound(p.x), cvRound(p.y));
        h.outlines.push_back(std::move(out));
      }
    }
  }
  return h;
}

}  // namespace conforme
