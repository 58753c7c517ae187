// Fits a grid to one axis of border evidence: copies of equal size, each gap between two of them
// free from 0 (copies touching) to the largest gutter, as planches are really printed (labs
// centre the grid with equal gutters; booths and home-printing apps do not always). Every size
// is tried, and for each the best placement of 1..4 copies is found exactly (dynamic
// programming), so the answer does not depend on which peaks a peak-picker happened to keep.
#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "sheet/sheet_detail.hpp"

namespace conforme::sheet_detail {
namespace {

// The best few grids of one count, no two alike: the best-scoring grid may run along a strong
// edge inside every copy (a lapel, a shirt's edge) that the copies' true borders only equal, and
// only the validation on the image tells them apart.
class Leaders {
 public:
  explicit Leaders(int keep) : keep_(keep) {}
  bool would_take(double score) const { return int(grids_.size()) < keep_ || score > grids_.back().score; }
  void consider(AxisGrid g) {
    if (!would_take(g.score)) return;
    auto alike = std::find_if(grids_.begin(), grids_.end(), [&](const AxisGrid& h) {
      if (std::abs(h.size - g.size) > 3 || h.count() != g.count()) return false;
      for (int i = 0; i < g.count(); ++i)
        if (std::abs(h.start(i) - g.start(i)) > 3) return false;
      return true;
    });
    if (alike != grids_.end()) {
      if (g.score <= alike->score) return;
      *alike = std::move(g);
    } else if (int(grids_.size()) < keep_) {
      grids_.push_back(std::move(g));
    } else {
      grids_.back() = std::move(g);
    }
    std::sort(grids_.begin(), grids_.end(), [](const AxisGrid& a, const AxisGrid& b) { return a.score > b.score; });
  }
  const std::vector<AxisGrid>& grids() const { return grids_; }

 private:
  int keep_;
  std::vector<AxisGrid> grids_;
};

constexpr double touch_cost_in_noise = 1;

}  // namespace

std::vector<AxisGrid> fit_axis(const std::vector<float>& starts, const std::vector<float>& ends,
                               const AxisSearch& search, double tau_start, double tau_end) {
  const int n = int(starts.size());
  std::vector<Leaders> best(search.max_count + 1, Leaders(search.keep));
  if (n < 3 || ends.size() != starts.size()) return {};
  // A border may sit a pixel off its peak; a light smoothing keeps most of the peak there
  // without making a plateau that blurs the size.
  auto gain = [n](const std::vector<float>& evidence, double tau) {
    cv::Mat soft;
    cv::GaussianBlur(cv::Mat(evidence).reshape(1, 1), soft, cv::Size(3, 1), 0, 0, cv::BORDER_REPLICATE);
    std::vector<float> g(n);
    for (int i = 0; i < n; ++i) g[i] = soft.at<float>(0, i) - float(tau);
    return g;
  };
  const std::vector<float> start_gain = gain(starts, tau_start), end_gain = gain(ends, tau_end);
  const int max_count = search.max_count;
  // score[k][o]: the best sum for k + 1 copies, the last at o; from[k][o]: where copy k - 1 then is.
  std::vector<std::vector<float>> score(max_count, std::vector<float>(n));
  std::vector<std::vector<int>> from(max_count, std::vector<int>(n, -1));
  // The sliding window's candidates, decreasing scores, in [head, size()): a plain vector, as a
  // std::deque allocates blocks as it goes.
  std::vector<int> window;
  std::size_t head = 0;
  // not_paper[x]: the cost of the gutter pixels before x; a gap [a, b) costs not_paper[b] - not_paper[a].
  std::vector<float> not_paper(n + 1, 0.f);
  if (int(search.paper.size()) == n)
    for (int x = 0; x < n; ++x) not_paper[x + 1] = not_paper[x] + float(search.gutter_cost * (1 - search.paper[x]));
  std::vector<float> carried(n);
  // Two copies touching share a border that shows only a cut line or the photos' own edges: it
  // must show something, or every copy could be split into smaller touching "copies".
  const float touch_cost = float(touch_cost_in_noise * (tau_start + tau_end) / 2);
  for (int size = std::max(2, search.min_size); size <= std::min(n - 1, search.max_size); ++size) {
    // Without evidence for a border (a white background against white paper), the nominal
    // 35:45 size is the best guess; the penalty only breaks near-ties.
    const double prior =
        search.nominal_size > 0 ? 10 * (tau_start + tau_end) / 2 * std::abs(size / search.nominal_size - 1) : 0;
    const int last = n - 1 - size;
    for (int o = 0; o <= last; ++o) score[0][o] = start_gain[o] + end_gain[o + size];
    for (int k = 1; k < max_count; ++k) {
      // Copy k at o follows copy k - 1 at o' in [o - size - max_gutter, o - size]: the best o'
      // is a sliding-window maximum (a queue of candidates, decreasing scores).
      window.clear();
      head = 0;
      int next_in = 0;
      // The gap from o' + size to o costs not_paper[o] - not_paper[o' + size]: the part of o' is
      // carried with it.
      // The pixel at each end of a gap is the blur of the border step, never flat paper: only the
      // gap's inside is charged (touching copies have none).
      for (int o = 0; o <= last; ++o) carried[o] = score[k - 1][o] + not_paper[std::min(n, o + size + 1)];
      for (int o = 0; o <= last; ++o) {
        const int hi = o - size, lo = o - size - search.max_gutter;
        // Gaps under touching_px are copies touching; they pay touch_cost and are looked at
        // apart from the window of real gutters.
        for (; next_in <= hi - std::max(touching_px, search.min_gutter); ++next_in) {
          while (window.size() > head && carried[window.back()] <= carried[next_in]) window.pop_back();
          window.push_back(next_in);
        }
        while (window.size() > head && window[head] < lo) ++head;
        float previous = -1e30f;
        int at = -1;
        if (window.size() > head) previous = carried[window[head]], at = window[head];
        for (int t = std::max(0, hi - touching_px + 1); search.min_gutter == 0 && t <= hi; ++t)
          if (carried[t] - touch_cost > previous) previous = carried[t] - touch_cost, at = t;
        if (at < 0) {
          score[k][o] = -1e30f;
          from[k][o] = -1;
        } else {
          score[k][o] = score[0][o] + previous - (o - at - size >= touching_px ? not_paper[o - 1] : not_paper[std::min(n, at + size + 1)]);
          from[k][o] = at;
        }
      }
    }
    for (int k = 0; k < max_count; ++k) {
      // The best and the next distinct placements of the last copy.
      int first_best = -1;
      for (int pass = 0; pass < 2; ++pass) {
        int at = -1;
        for (int o = 0; o <= last; ++o) {
          if (pass == 1 && std::abs(o - first_best) <= 3) continue;
          if (score[k][o] > -1e29f && (at < 0 || score[k][o] > score[k][at])) at = o;
        }
        if (at < 0) break;
        if (pass == 0) first_best = at;
        const double total = score[k][at] - prior;
        if (!best[k + 1].would_take(total)) break;
        AxisGrid g;
        g.size = size;
        g.score = total;
        g.starts.resize(k + 1);
        for (int j = k, o = at; j >= 0; o = from[j][o], --j) g.starts[j] = o;
        best[k + 1].consider(std::move(g));
      }
    }
  }
  std::vector<AxisGrid> all;
  for (const Leaders& leaders : best) all.insert(all.end(), leaders.grids().begin(), leaders.grids().end());
  return all;
}

}  // namespace conforme::sheet_detail
