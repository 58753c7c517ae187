#include "evidence/backdrop_field.hpp"

#include <algorithm>

namespace conforme {
namespace {

constexpr int field_samples = 2000;     // backdrop pixels fitted, at most (evenly spaced)
constexpr int field_min_samples = 40;
constexpr double field_outlier = 10.0;  // Delta E from the first fit beyond which a pixel is left out

// Least squares through the normal equations of the samples `keep` lets in: 6 x 6, so the fit
// costs a few microseconds whatever the number of samples.
bool solve_field(const std::vector<std::array<float, 9>>& samples, const std::vector<char>& keep, cv::Mat& coef) {
  cv::Matx<double, 6, 6> ata = cv::Matx<double, 6, 6>::zeros();
  cv::Matx<double, 6, 3> atb = cv::Matx<double, 6, 3>::zeros();
  int used = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (!keep[i]) continue;
    const auto& p = samples[i];
    for (int r = 0; r < 6; ++r) {
      for (int c = r; c < 6; ++c) ata(r, c) += double(p[r]) * p[c];  // the lower half mirrors it
      for (int k = 0; k < 3; ++k) atb(r, k) += double(p[r]) * p[6 + k];
    }
    ++used;
  }
  if (used < field_min_samples) return false;
  for (int r = 1; r < 6; ++r)
    for (int c = 0; c < r; ++c) ata(r, c) = ata(c, r);
  cv::Matx<double, 6, 3> x;
  if (!cv::solve(ata, atb, x, cv::DECOMP_SVD)) return false;
  cv::Mat(x).convertTo(coef, CV_32F);
  return true;
}

float residual2(const std::array<float, 9>& p, const cv::Mat& coef) {
  float d2 = 0;
  for (int k = 0; k < 3; ++k) {
    float v = -p[6 + k];
    for (int j = 0; j < 6; ++j) v += p[j] * coef.at<float>(j, k);
    d2 += v * v;
  }
  return d2;
}

}  // namespace

LabColour BackdropField::at(double x, double y) const {
  float t[6];
  terms(x, y, t);
  LabColour predicted;
  float* c[3] = {&predicted.l, &predicted.a, &predicted.b};
  for (int k = 0; k < 3; ++k) {
    *c[k] = 0;
    for (int j = 0; j < 6; ++j) *c[k] += t[j] * coef.at<float>(j, k);
  }
  return predicted;
}

BackdropField fit_backdrop(const cv::Mat& lab, const cv::Mat& mask, double cx, double cy, double unit,
                           double stands_out) {
  BackdropField field{cv::Mat(), 0, cx, cy, unit};
  const int rows = std::min(lab.rows, mask.rows);
  const int count = cv::countNonZero(mask(cv::Rect(0, 0, mask.cols, rows)));
  if (count < field_min_samples) return field;
  // Evenly spaced samples: terms (6) and L*, a*, b* (3).
  const int step = std::max(1, count / field_samples);
  std::vector<std::array<float, 9>> samples;
  samples.reserve(count / step + 1);
  int seen = 0;
  for (int y = 0; y < rows; ++y) {
    const uchar* m = mask.ptr<uchar>(y);
    const cv::Vec3f* p = lab.ptr<cv::Vec3f>(y);
    for (int x = 0; x < mask.cols; ++x)
      if (m[x] && seen++ % step == 0) {
        std::array<float, 9> s;
        field.terms(x, y, s.data());
        s[6] = p[x][0], s[7] = p[x][1], s[8] = p[x][2];
        samples.push_back(s);
      }
  }
  std::vector<char> keep(samples.size(), 1);
  if (!solve_field(samples, keep, field.coef)) return BackdropField{cv::Mat(), 0, cx, cy, unit};
  const float outlier2 = static_cast<float>(field_outlier * field_outlier);
  for (std::size_t i = 0; i < samples.size(); ++i) keep[i] = residual2(samples[i], field.coef) < outlier2;
  if (!solve_field(samples, keep, field.coef)) return BackdropField{cv::Mat(), 0, cx, cy, unit};
  const float off2 = static_cast<float>(stands_out * stands_out);
  int off = 0;
  for (const auto& p : samples) off += residual2(p, field.coef) >= off2;
  field.off = static_cast<double>(off) / samples.size();
  return field;
}

bool row_median(const cv::Vec3f* row, int from, int to, LabColour& out, std::array<std::vector<float>, 3>& scratch) {
  if (to - from < 2) return false;
  for (auto& s : scratch) s.clear();
  for (int x = from; x < to; ++x)
    for (int c = 0; c < 3; ++c) scratch[c].push_back(row[x][c]);
  out = lab_median_in_place(scratch);
  return true;
}

}  // namespace conforme
