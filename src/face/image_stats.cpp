#include "face/image_stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/area_resize.hpp"

namespace conforme {

double LabStats::chroma() const { return std::hypot(a, b); }

double luminance(double lightness) {
  const double f = (lightness + 16.0) / 116.0;
  return lightness > 8.0 ? f * f * f : lightness / 903.3;
}

float median_in_place(std::vector<float>& v) {
  const std::size_t rank = v.size() / 2;
  auto select = [&](std::vector<float>::iterator end, std::size_t at) {
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(at);
    std::nth_element(v.begin(), mid, end);
    return *mid;
  };
  // Large lists (median_lab's up to 20,000 samples) are first counted into 1,024 bins of equal
  // width between their least and greatest values; only the bin holding the rank is then ordered.
  // The bin of a value never decreases as the value grows, so the element found is the one
  // std::nth_element finds over the whole list, in a quarter of its time.
  constexpr std::size_t whole_list_below = 256;
  if (v.size() < whole_list_below) return select(v.end(), rank);
  float least = v[0], greatest = v[0];
  for (const float x : v) {
    if (std::isnan(x)) return select(v.end(), rank);
    least = std::min(least, x);
    greatest = std::max(greatest, x);
  }
  if (!(greatest > least) || !std::isfinite(greatest - least)) return select(v.end(), rank);
  constexpr int bins = 1024;
  const float scale = (bins - 1) / (greatest - least);
  auto bin = [&](float x) { return std::min(static_cast<int>((x - least) * scale), bins - 1); };
  std::array<std::size_t, bins> count{};
  for (const float x : v) ++count[static_cast<std::size_t>(bin(x))];
  std::size_t below = 0;
  int holding = 0;
  while (below + count[static_cast<std::size_t>(holding)] <= rank) below += count[static_cast<std::size_t>(holding++)];
  const auto end = std::partition(v.begin(), v.end(), [&](float x) { return bin(x) == holding; });
  return select(end, rank - below);
}

LabColour lab_median_in_place(std::array<std::vector<float>, 3>& channels) {
  return {median_in_place(channels[0]), median_in_place(channels[1]), median_in_place(channels[2])};
}

namespace {
double median(std::vector<float>& v) { return v.empty() ? 0.0 : median_in_place(v); }
}  // namespace

void prepare_colour_tables() {
  cv::Mat lab;
  cv::cvtColor(cv::Mat(1, 1, CV_8UC3, cv::Scalar::all(128)), lab, cv::COLOR_BGR2Lab);
}

LabStats median_lab(const cv::Mat& bgr, const cv::Mat& mask) {
  const int count = cv::countNonZero(mask);
  LabStats stats;
  if (count == 0) return stats;
  // Rounded up: rounded down, a step of 1.9 became 1 and read 3.6 times the samples.
  const int step = std::max(1, static_cast<int>(std::ceil(std::sqrt(count / 20000.0))));
  std::vector<cv::Vec3b> samples;
  samples.reserve(static_cast<std::size_t>(count / (step * step) + 16));
  for (int y = 0; y < bgr.rows; y += step) {
    const auto* m = mask.ptr<uchar>(y);
    const auto* p = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgr.cols; x += step)
      if (m[x]) samples.push_back(p[x]);
  }
  cv::Mat row(1, static_cast<int>(samples.size()), CV_8UC3, samples.data()), row_f, lab;
  row.convertTo(row_f, CV_32F, 1.0 / 255.0);
  cv::cvtColor(row_f, lab, cv::COLOR_BGR2Lab);  // float input gives L* 0..100, a*, b* signed
  std::vector<float> l(samples.size()), a(samples.size()), b(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto v = lab.at<cv::Vec3f>(0, static_cast<int>(i));
    l[i] = v[0];
    a[i] = v[1];
    b[i] = v[2];
  }
  stats.lightness = median(l);
  stats.a = median(a);
  stats.b = median(b);
  stats.pixels = static_cast<std::size_t>(count);
  return stats;
}

LabStats face_lab(const FaceContext& ctx) {
  const Face& f = *ctx.face;
  return f.evidence.face_lab ? *f.evidence.face_lab : median_lab(f.reduced_bgr, f.reduced_face_mask);
}

LabStats background_lab(const FaceContext& ctx) {
  const Face& f = *ctx.face;
  return f.evidence.background_lab ? *f.evidence.background_lab
                                   : median_lab(f.reduced_bgr, f.reduced_background_mask);
}

cv::Rect face_region(const FaceContext& ctx, double grow) {
  std::vector<cv::Point2f> pts(ctx.face->landmarks.begin(), ctx.face->landmarks.end());
  cv::Rect r = cv::boundingRect(pts);
  const int gx = cvRound(r.width * grow), gy = cvRound(r.height * grow);
  r = cv::Rect(r.x - gx, r.y - gy, r.width + 2 * gx, r.height + 2 * gy);
  return r & cv::Rect(0, 0, ctx.width(), ctx.height());
}

cv::Mat canonical_face_gray(const FaceContext& ctx) {
  const cv::Rect r = face_region(ctx);
  const double scale = canonical_ied_px / std::max(1.0, ctx.face->inter_eye_px);
  if (scale < 1.0) return area_resize(ctx.gray(r), cv::Size(), scale, scale);
  cv::Mat crop;
  cv::resize(ctx.gray(r), crop, cv::Size(), scale, scale, cv::INTER_LINEAR);
  return crop;
}

}  // namespace conforme
