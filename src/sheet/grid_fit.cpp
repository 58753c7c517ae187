// Fits a regular grid to one axis of border evidence: copies of equal size at equal pitch, as
// every planche layout is printed. Every grid in the search range is scored, so the answer does
// not depend on which peaks a peak-picker happened to keep.
#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/imgproc.hpp>

#include "sheet/sheet_detail.hpp"

namespace conforme::sheet_detail {
namespace {

// 1.25 mm at the working scale. A border's evidence spreads about two pixels either side, so a
// narrower gutter would let one copy's missing top (white background on white paper) borrow the
// bottom border of the copy above. Copies closer than that are not supported.
constexpr int min_gutter_px = 5;

// The best few grids of one count, no two alike: the best-scoring grid may run along a strong
// edge inside every copy (a lapel, a shirt's edge) that the copies' true borders only equal, and
// only the validation on the image tells them apart.
class Leaders {
 public:
  explicit Leaders(int keep) : keep_(keep) {}
  bool would_take(double score) const { return int(grids_.size()) < keep_ || score > grids_.back().score; }
  void consider(const AxisGrid& g) {
    if (!would_take(g.score)) return;
    auto alike = std::find_if(grids_.begin(), grids_.end(), [&](const AxisGrid& h) {
      return std::abs(h.size - g.size) <= 3 && std::abs(h.origin - g.origin) <= 3 && std::abs(h.pitch - g.pitch) <= 3;
    });
    if (alike != grids_.end()) {
      if (g.score <= alike->score) return;
      *alike = g;
    } else if (int(grids_.size()) < keep_) {
      grids_.push_back(g);
    } else {
      grids_.back() = g;
    }
    std::sort(grids_.begin(), grids_.end(), [](const AxisGrid& a, const AxisGrid& b) { return a.score > b.score; });
  }
  const std::vector<AxisGrid>& grids() const { return grids_; }

 private:
  int keep_;
  std::vector<AxisGrid> grids_;
};

// The largest of v[0..n), n >= 1, as eight running maxima in two 4-lane registers: a single
// running maximum waits for each comparison before the next (the compiler may not reorder a
// floating-point reduction), and that wait was 90 % of the grid search. The maximum of a set
// does not depend on the order it is taken in, so the result is the same.
float largest(const float* v, int n) {
  float top = v[0];
  int i = 0;
  if (n >= 8) {
    cv::v_float32x4 a = cv::v_load(v), b = cv::v_load(v + 4);
    for (i = 8; i + 8 <= n; i += 8) {
      a = cv::v_max(a, cv::v_load(v + i));
      b = cv::v_max(b, cv::v_load(v + i + 4));
    }
    top = cv::v_reduce_max(cv::v_max(a, b));
  }
  for (; i < n; ++i) top = top > v[i] ? top : v[i];
  return top;
}

}  // namespace

std::vector<AxisGrid> fit_axis(const std::vector<float>& starts, const std::vector<float>& ends,
                               const AxisSearch& search, double tau_start, double tau_end) {
  const int n = int(starts.size());
  std::vector<Leaders> best(search.max_count + 1, Leaders(search.keep));
  if (n < 3 || ends.size() != starts.size()) return {};
  // A border may sit a pixel off its peak (a pitch rounded to whole working pixels); a light
  // smoothing keeps most of the peak there without making a plateau that blurs the size.
  auto gain = [n](const std::vector<float>& evidence, double tau) {
    cv::Mat soft;
    cv::GaussianBlur(cv::Mat(evidence).reshape(1, 1), soft, cv::Size(3, 1), 0, 0, cv::BORDER_REPLICATE);
    std::vector<float> g(n);
    for (int i = 0; i < n; ++i) g[i] = soft.at<float>(0, i) - float(tau);
    return g;
  };
  const std::vector<float> start_gain = gain(starts, tau_start), end_gain = gain(ends, tau_end);

  std::vector<float> pair(n), sum(n);
  for (int size = std::max(2, search.min_size); size <= std::min(n - 1, search.max_size); ++size) {
    // Without evidence for a border (a white background against white paper), the nominal
    // 35:45 size is the best guess; the penalty only breaks near-ties.
    const double prior =
        search.nominal_size > 0 ? 10 * (tau_start + tau_end) / 2 * std::abs(size / search.nominal_size - 1) : 0;
    const int last_origin = n - 1 - size;
    for (int o = 0; o <= last_origin; ++o) pair[o] = start_gain[o] + end_gain[o + size];
    // Only the best origin of each (count, size, pitch) can lead. Its score comes from a
    // branch-free maximum (largest()); where it lies is looked up only for the rare grid that
    // beats the leaders (this search is the splitter's largest cost).
    auto consider = [&](int count, int pitch, const std::vector<float>& score, int origins) {
      const float top = largest(score.data(), origins + 1);
      if (!best[count].would_take(top - prior)) return;
      const int at = int(std::find(score.begin(), score.begin() + origins + 1, top) - score.begin());
      best[count].consider({count, size, pitch, at, top - prior});
    };
    consider(1, size, pair, last_origin);
    // Gutters of at least min_gutter_px, or one border's peak would count for two.
    for (int pitch = size + min_gutter_px; pitch <= size + search.max_gutter; ++pitch) {
      std::copy(pair.begin(), pair.begin() + last_origin + 1, sum.begin());
      for (int count = 2; count <= search.max_count; ++count) {
        const int shift = (count - 1) * pitch, origins = last_origin - shift;
        if (origins < 0) break;
        for (int o = 0; o <= origins; ++o) sum[o] += pair[o + shift];
        consider(count, pitch, sum, origins);
      }
    }
  }
  std::vector<AxisGrid> all;
  for (const Leaders& leaders : best) all.insert(all.end(), leaders.grids().begin(), leaders.grids().end());
  return all;
}

}  // namespace conforme::sheet_detail
