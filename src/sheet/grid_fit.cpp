// Fits a regular grid to one axis of border evidence: copies of equal size at equal pitch, as
// every planche layout is printed. Every grid in the search range is scored, so the answer does
// not depend on which peaks a peak-picker happened to keep.
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "sheet/sheet_detail.hpp"

namespace conforme::sheet_detail {
namespace {

// 1.25 mm at the working scale. A border's evidence spreads about two pixels either side, so a
// narrower gutter would let one copy's missing top (white background on white paper) borrow the
// bottom border of the copy above. Copies closer than that are not supported.
constexpr int min_gutter_px = 5;

}  // namespace

std::vector<AxisGrid> fit_axis(const std::vector<float>& starts, const std::vector<float>& ends,
                               const AxisSearch& search, double tau_start, double tau_end) {
  const int n = int(starts.size());
  std::vector<AxisGrid> best(search.max_count + 1);
  if (n < 3 || ends.size() != starts.size()) return best;
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
    auto consider = [&](int count, int pitch, int o, double score) {
      if (score > best[count].score || best[count].count == 0) best[count] = {count, size, pitch, o, score};
    };
    for (int o = 0; o <= last_origin; ++o) consider(1, size, o, pair[o] - prior);
    // Gutters of at least min_gutter_px, or one border's peak would count for two.
    for (int pitch = size + min_gutter_px; pitch <= size + search.max_gutter; ++pitch) {
      std::copy(pair.begin(), pair.begin() + last_origin + 1, sum.begin());
      for (int count = 2; count <= search.max_count; ++count) {
        const int shift = (count - 1) * pitch, origins = last_origin - shift;
        if (origins < 0) break;
        for (int o = 0; o <= origins; ++o) {
          sum[o] += pair[o + shift];
          consider(count, pitch, o, sum[o] - prior);
        }
      }
    }
  }
  return best;
}

}  // namespace conforme::sheet_detail
