// photo.posterization — a photo with too few tone levels: smooth areas (cheeks, forehead) show flat
// bands with visible steps, and the face's histogram is a comb. service-public.fr (fiche F10619)
// asks for a photo "nette" and of good quality; ISO/IEC 19794-5:2005 §7.4.2 and ICAO Doc 9303 part
// 3 for a portrait without visible artefacts.
//
// Measured on the face (the outline of the jaw and the brows, the brows raised half an eye distance
// for the forehead) at full resolution: a resized copy would fill the comb's gaps. For the blue and
// green channels and the grey, the histogram is compared with its own 9-level running mean; the
// share of the face's pixels lying off that mean (sum of |h - mean| over the levels), less what
// counting alone leaves off it (sqrt(2 mean / pi) a level for Poisson counts), is the banding
// share: about 0 for a photograph's smooth tones, 0.1-0.9 for a comb of 4-32 levels, even after a
// JPEG at quality 75-95 or an enlargement. The largest of the three is reported.
// - The face is sampled on a regular grid of at most `posterization_max_samples` pixels, so a large
//   photo's histogram shows the same counting noise as a small one's: at 100,000 face pixels a
//   native histogram's own fine shape (a collar, a patch of skin) stands out of it.
// - Levels 0-1 and 254-255 are left out (clipped tones pile there on any photo), and so are the
//   levels within the running mean's reach of them.
// - Red is left out: skin's red lies near the top of the range, where native histograms peak
//   sharply (the most frequent false comb on the US Congress portraits); a posterized photo's comb
//   shows in green, blue or grey as well.
// Coarse JPEG (quality 45 and under) combs the histogram too, by quantising block means:
// jpeg.quality refuses those photos on its own (EVALUATION.md §22).
#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/core.hpp>

#include "checks/check.hpp"
#include "face/geometry.hpp"

namespace conforme {
namespace {

constexpr double posterization_max_samples = 20000;  // face pixels read, at most
constexpr double posterization_forehead = 0.5;       // brows raised by this many eye distances
constexpr int posterization_window = 9;              // running mean's width, levels
constexpr double posterization_min_count = 8;        // a level is read where the mean holds this many
constexpr int posterization_min_levels = 12;         // fewer levels read: nothing to tell (0)

using PosterizationHist = std::array<double, 256>;

// Banding share of one channel's histogram (see the file's comment).
double posterization_banding(PosterizationHist h) {
  h[0] = h[1] = h[254] = h[255] = 0;
  constexpr int half = posterization_window / 2;
  double off = 0, noise = 0, total = 0;
  int levels = 0;
  for (int i = 6; i <= 249; ++i) {
    double sum = 0;
    for (int j = i - half; j <= i + half; ++j) sum += h[j];
    const double mean = sum / posterization_window;
    if (mean < posterization_min_count) continue;
    ++levels;
    off += std::abs(h[i] - mean);
    noise += std::sqrt(2.0 * mean / CV_PI);
    total += h[i];
  }
  if (levels < posterization_min_levels || total <= 0) return 0.0;
  return (off - noise) / total;
}

}  // namespace

extern const Check photo_posterization{
    .id = "photo.posterization",
    .title = {"postérisation (tons en paliers)", "posterization (banded tones)"},
    .description =
        "Share of the face's pixels bunched into tone steps: how far the face's blue, green and grey histograms "
        "stand off their own 9-level running mean, beyond counting noise (a comb of few tone levels), the "
        "largest of the three, at full resolution.",
    .needs = Needs::single_face,
    .values = {{"banding", "ratio",
                {"part des pixels du visage entassés en paliers de teinte",
                 "share of the face's pixels bunched into tone steps"},
                Shown::percent}},
    .reasons = {{"face too small to measure", "visage trop petit pour être mesuré"}},
    .measure = [](const FaceContext& ctx) {
      const Face& f = *ctx.face;
      const cv::Mat mask = make_face_mask(f.landmarks, ctx.bgr.size(), posterization_forehead * f.inter_eye_px);
      const int n = cv::countNonZero(mask);
      if (n < 2000) return Measurement::skipped("face too small to measure");
      const int step = std::max(1, static_cast<int>(std::ceil(std::sqrt(n / posterization_max_samples))));
      PosterizationHist blue{}, green{}, grey{};
      for (int y = 0; y < ctx.bgr.rows; y += step) {
        const uchar* m = mask.ptr<uchar>(y);
        const cv::Vec3b* p = ctx.bgr.ptr<cv::Vec3b>(y);
        const uchar* g = ctx.gray.ptr<uchar>(y);
        for (int x = 0; x < ctx.bgr.cols; x += step)
          if (m[x]) {
            ++blue[p[x][0]];
            ++green[p[x][1]];
            ++grey[g[x]];
          }
      }
      const double banding = std::max({posterization_banding(blue), posterization_banding(green),
                                       posterization_banding(grey)});
      Measurement m;
      m.values = {{"banding", banding, "ratio"}};
      return m;
    }};

}  // namespace conforme
