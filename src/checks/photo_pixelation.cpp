// photo.pixelation — an enlarged small photo: enough pixels, but the detail of a much smaller image.
// ICAO Doc 9303 part 3 (and ISO/IEC 19794-5 §8.4.1) ask for at least 90 px between the eye
// centres; photo.resolution counts the pixels, this check says how many of them carry detail. The
// French rule (service-public.fr, fiche F10619) asks for a photo "nette" and of good quality.
//
// Two ways of enlarging, two measures, the larger factor kept:
// - smooth (bilinear, bicubic, Lanczos): an enlarged image holds no detail above 1/f of the pixel
//   grid's frequency range. The eye band (brows, eyes, nose) is sent through down-then-up round
//   trips at factors k = 1.25 ... 6 (more on large photos); the share of its detail (the round
//   trip's loss at the factor that brings the eyes 18 px apart) already lost at
//   factor k grows with k. The factor where that share reaches `lost_share` is the photo's cut-off:
//   about 1.15-1.8 on native photos (real portraits, sharp or soft), 2-3.5 on photos enlarged 2-4
//   times; divided by the native cut-off `native_cutoff`. The band is read at the photo's own
//   resolution (evidence/detail_band.hpp: the whole band up to 144 px between the eyes, its centre
//   beyond). Reducing the band first, as this check once did, softens it: an enlargement then read
//   10-25 % less detail than its source held, and a photo enlarged twice from 100-120 px of detail
//   was refused.
// - nearest neighbour: blocks of repeated pixels, so a share (1 - 1/f) of the column-to-column (and
//   row-to-row) differences are nearly nil beside their neighbours. Counted at full resolution;
//   JPEG's 8 px block edges are left out of the count and of the neighbours, so a coarse JPEG is
//   not read as blocks.
// effective_inter_eye = inter_eye / upscale: the eye distance the photo's detail is worth.
#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "checks/check.hpp"
#include "core/area_resize.hpp"
#include "evidence/detail_band.hpp"

namespace conforme {
namespace {

constexpr double lost_share = 0.05;    // share of the detail lost at the cut-off
// The cut-off native photos read: the median of the 720 US Congress portraits of the corpus's train
// and validation splits (tests/corpus/congress225; 2nd-98th percentile 1.13-1.85). Cut-offs are
// divided by it, so a native photo reads an enlargement of about 1 and its eye distance is its own.
constexpr double native_cutoff = 1.25;
constexpr int nn_window = 256;         // full-resolution window of the block measure, px

// Mean squared loss of a round trip through a copy `k` times smaller (area down, bicubic up).
// `g8` and `g` are the same image, 8-bit and float: the area reduction runs on the 8-bit copy
// (core/area_resize.hpp's quick path), the enlargement and the difference in float.
double round_trip_loss(const cv::Mat& g8, const cv::Mat& g, double k) {
  const cv::Size small(std::max(2, cvRound(g.cols / k)), std::max(2, cvRound(g.rows / k)));
  cv::Mat down, up;
  area_resize(g8, small).convertTo(down, CV_32F);
  cv::resize(down, up, g.size(), 0, 0, cv::INTER_CUBIC);
  return cv::norm(g, up, cv::NORM_L2SQR) / static_cast<double>(g.total());
}

// Cut-off factor of an 8-bit grey image: where the share of detail lost reaches lost_share, the
// detail being the loss at factor `reference`. The share grows with the factor, so the first grid
// step reaching it is found by bisection (4 round trips at most besides the reference, not 9) and
// the cut-off interpolated in its step. The grid stops at 3/4 of the reference: 6 when it is 8.
double smooth_factor(const cv::Mat& g8, double reference) {
  static constexpr std::array<double, 12> full_grid{1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0};
  std::size_t n = 1;
  while (n < full_grid.size() && full_grid[n] <= 0.75 * reference) ++n;
  cv::Mat g;
  g8.convertTo(g, CV_32F);
  const double total = round_trip_loss(g8, g, reference);
  if (total <= 1e-6 || n < 2) return 1.0;  // a flat crop: nothing to tell
  std::array<double, full_grid.size()> share{};
  share.fill(-1.0);
  share[0] = 0.0;  // no round trip, no loss
  auto at = [&](std::size_t i) {
    if (share[i] < 0) share[i] = round_trip_loss(g8, g, full_grid[i]) / total;
    return share[i];
  };
  if (at(n - 1) < lost_share) return full_grid[n - 1];
  std::size_t lo = 0, hi = n - 1;  // at(lo) < lost_share <= at(hi)
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    (at(mid) >= lost_share ? hi : lo) = mid;
  }
  const double t = (lost_share - at(lo)) / std::max(1e-9, at(hi) - at(lo));
  return full_grid[lo] + t * (full_grid[hi] - full_grid[lo]);
}

// Share of the differences between neighbouring columns (`energy[i]`: columns i and i+1, the
// first at photo column `offset`) under half the largest of their three neighbours on each side.
double dip_share(const std::vector<double>& energy, int offset) {
  const int n = static_cast<int>(energy.size()), w = 3;
  auto jpeg_edge = [&](int i) { return (offset + i) % 8 == 7; };
  int dips = 0, counted = 0;
  for (int i = w; i < n - w; ++i) {
    if (jpeg_edge(i)) continue;
    double neighbours = 0;
    for (int j = i - w; j <= i + w; ++j)
      if (j != i && !jpeg_edge(j)) neighbours = std::max(neighbours, energy[j]);
    ++counted;
    if (energy[i] < 0.5 * neighbours) ++dips;
  }
  return counted ? static_cast<double>(dips) / counted : 0.0;
}

// Enlargement factor read from repeated pixels: 1 / (1 - share of nil differences).
double block_factor(const cv::Mat& grey, cv::Rect r) {
  const cv::Mat g = grey(r);
  if (g.cols < 16 || g.rows < 16) return 1.0;
  cv::Mat dx, dy, cols, rows;
  cv::absdiff(g.colRange(1, g.cols), g.colRange(0, g.cols - 1), dx);
  cv::absdiff(g.rowRange(1, g.rows), g.rowRange(0, g.rows - 1), dy);
  cv::reduce(dx, cols, 0, cv::REDUCE_SUM, CV_64F);  // one sum per pair of neighbouring columns
  cv::reduce(dy, rows, 1, cv::REDUCE_SUM, CV_64F);  // one per pair of rows
  const double share = 0.5 * (dip_share(std::vector<double>(cols.begin<double>(), cols.end<double>()), r.x) +
                              dip_share(std::vector<double>(rows.begin<double>(), rows.end<double>()), r.y));
  return 1.0 / (1.0 - std::min(share, 0.9));
}

}  // namespace

extern const Check photo_pixelation{
    .id = "photo.pixelation",
    .title = {"pixelisation (photo agrandie)", "pixelation (enlarged photo)"},
    .description =
        "Enlargement factor of the face's detail (the spectral cut-off of the inner face and the share of "
        "repeated pixel columns and rows), and the distance between the eye centres that detail is worth.",
    .needs = Needs::single_face,
    .values = {{"effective_inter_eye", "px",
                {"distance entre les yeux que vaut le détail de la photo",
                 "distance between the eyes the photo's detail is worth"},
                Shown::pixels},
               {"upscale", "ratio",
                {"facteur d'agrandissement du détail", "enlargement factor of the detail"}, Shown::number}},
    .reasons = {{"face too small to measure", "visage trop petit pour être mesuré"}},
    .measure = [](const FaceContext& ctx) {
      const std::optional<DetailBand> band = detail_band(ctx);
      if (!band) return Measurement::skipped("face too small to measure");
      const double ied = ctx.face->inter_eye_px;
      const double factor = smooth_factor(ctx.gray(band->read), band->reference) / native_cutoff;
      const double smooth_effective = factor > 1.0 ? ied / factor : ied;

      const cv::Rect& box = band->eye_band;
      const cv::Point c(box.x + box.width / 2, box.y + box.height / 2);
      const cv::Rect window = cv::Rect(c.x - nn_window / 2, c.y - nn_window / 2, nn_window, nn_window) & box;
      const double block_effective = ied / block_factor(ctx.gray, window);

      const double effective = std::min({ied, smooth_effective, block_effective});
      Measurement m;
      m.values = {{"effective_inter_eye", effective, "px"}, {"upscale", ied / effective, "ratio"}};
      return m;
    }};

}  // namespace conforme
