// sheet.copies_identical (Ville de Saint-Paul page): a planche holds copies of one photo. A different copy may
// be another person, or the same person with another expression or background, so the measure is
// the worst local difference, not a mean over the whole photo that a changed mouth would barely move.
#include <algorithm>
#include <cmath>
#include <optional>

#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/imgproc.hpp>

#include "core/area_resize.hpp"
#include "core/shrink.hpp"
#include "sheet/sheet.hpp"

namespace conforme {
namespace {

// Copies are compared at 4 px/mm (140 x 180 px for 35 x 45 mm): print and scan detail finer than
// that is noise here, and the comparison stays cheap.
const cv::Size compare_size(140, 180);
constexpr double blur_sigma_px = 1.5;  // sensor noise, JPEG blocks and half-pixel misregistration
constexpr int max_shift_px = 8;        // 2 mm: the splitter's box error plus the print's registration
constexpr int block_px = 12;           // 3 mm: a mouth corner, an eye
constexpr double min_gain = 0.5, max_gain = 2.0;  // contrast matching between copies

// Blurred colour copy at the comparison size, 0..1 per channel: colour counts, since a light
// blue and a light grey background have the same grey level.
cv::Mat prepare(const cv::Mat& copy) {
  cv::Mat bgr = copy, out;
  if (copy.channels() == 1) cv::cvtColor(copy, bgr, cv::COLOR_GRAY2BGR);
  const cv::Mat resized = area_resize(bgr, compare_size);  // cv::resize's INTER_AREA, quicker
  resized.convertTo(out, CV_32FC3, 1.0 / 255);
  cv::GaussianBlur(out, out, cv::Size(0, 0), blur_sigma_px);
  return out;
}

// The first copy, made once for its comparison with every other (the same numbers as made for
// each): its centre, the compared area, in colour and in grey; the grey centre at half size (the
// coarse search's template) and less its mean (the fine search's); each channel's mean and
// spread (the level matching's).
struct Reference {
  cv::Mat colour, grey, grey_half, centred;
  cv::Scalar mean, spread;
};
const cv::Rect centre(max_shift_px, max_shift_px, compare_size.width - 2 * max_shift_px,
                      compare_size.height - 2 * max_shift_px);
Reference make_reference(const cv::Mat& prepared) {
  Reference r;
  r.colour = prepared(centre);
  cv::Mat grey;
  cv::cvtColor(prepared, grey, cv::COLOR_BGR2GRAY);
  r.grey = grey(centre);
  r.centred = r.grey - cv::mean(r.grey)[0];
  r.grey_half = halve(r.grey);
  cv::meanStdDev(r.colour, r.mean, r.spread);
  return r;
}

// Each channel of `moving` scaled and offset to the mean and spread of the reference: the lamp
// of a scanner dims one side of the sheet, which is not a difference between the copies.
cv::Mat match_levels(const cv::Mat& moving, const Reference& reference) {
  cv::Scalar mean_m, sd_m;
  cv::meanStdDev(moving, mean_m, sd_m);
  // One cv::transform with a diagonal matrix: the float products and sums of convertTo on each
  // channel (gain x + offset; the zero terms add nothing), without splitting the view, which
  // cv::split does row by row (0.1 ms).
  cv::Matx34f levels = cv::Matx34f::zeros();
  for (int c = 0; c < 3; ++c) {
    // A lamp changes the contrast by a third at most; a blank cell (a copy missing) has none,
    // and must not be stretched into, nor squash another copy into, looking like a photo.
    const double gain = std::clamp(sd_m[c] > 1e-3 ? reference.spread[c] / sd_m[c] : 1.0, min_gain, max_gain);
    levels(c, c) = float(gain);
    levels(c, 3) = float(reference.mean[c] - gain * mean_m[c]);
  }
  cv::Mat out;
  cv::transform(moving, out, levels);
  return out;
}

// Sums over the window of `copy` at `at` (the template's size) that normalised correlation with
// a zero-mean template needs: of the window's pixels, of their squares, and of their products
// with the template. One pass, four lanes at a time (cv::meanStdDev and Mat::dot walk a view
// row by row, a call per row, and took 18 us a shift).
struct WindowSums {
  double sum = 0, squares = 0, products = 0;
};
WindowSums window_sums(const cv::Mat& copy, cv::Point at, const cv::Mat& centred) {
  WindowSums total;
  const int n = centred.cols;
  for (int r = 0; r < centred.rows; ++r) {
    const float* w = copy.ptr<float>(at.y + r) + at.x;
    const float* t = centred.ptr<float>(r);
    cv::v_float32x4 s = cv::v_setzero_f32(), q = s, p = s;
    int x = 0;
    for (; x + 4 <= n; x += 4) {
      const cv::v_float32x4 v = cv::v_load(w + x);
      s = s + v;
      q = q + v * v;
      p = p + cv::v_load(t + x) * v;
    }
    double row_sum = cv::v_reduce_sum(s), row_squares = cv::v_reduce_sum(q), row_products = cv::v_reduce_sum(p);
    for (; x < n; ++x) {
      row_sum += w[x];
      row_squares += double(w[x]) * w[x];
      row_products += double(t[x]) * w[x];
    }
    total.sum += row_sum;
    total.squares += row_squares;
    total.products += row_products;
  }
  return total;
}

// Normalised correlation of `reference` with the window of `copy` at `at`, up to a factor the
// same for every window (the template's own norm); nullopt when the window leaves the copy.
std::optional<double> correlation(const cv::Mat& copy, cv::Point at, const Reference& ref) {
  const cv::Mat& reference = ref.grey;
  if (at.x < 0 || at.y < 0 || at.x + reference.cols > copy.cols || at.y + reference.rows > copy.rows)
    return std::nullopt;
  const double pixels = double(reference.total());
  const WindowSums w = window_sums(copy, at, ref.centred);
  const double mean = w.sum / pixels, spread = std::sqrt(std::max(0.0, w.squares / pixels - mean * mean));
  // sum(T' (I - mean I)) = sum(T' I), T' having zero mean; the norms cancel between shifts
  // except the window's own.
  return w.products / std::max(1e-9, spread);
}

// Where `reference` (the first copy's centre) lies best in `copy`, by normalised correlation
// (cv::TM_CCOEFF_NORMED), coarse to fine: every shift at half size, where the blurred copies lose
// nothing the alignment needs, then the best of the nine full-size shifts around it, correlated
// directly (cv::matchTemplate would go through a DFT for each), then to a fraction of a pixel by
// a parabola through the best shift's neighbours along each axis. Boxes found a tenth of a
// millimetre apart put identical copies half a pixel apart here, and a sharp edge (a dark suit
// on a white background) half a pixel off differs by 0.04 in its window.
// requires: copy 32-bit float, one channel.
cv::Point2d best_shift(const cv::Mat& copy, const Reference& ref) {
  const cv::Mat& reference = ref.grey;
  const cv::Mat copy_half = halve(copy);
  cv::Mat scores;
  cv::matchTemplate(copy_half, ref.grey_half(cv::Rect(0, 0, reference.cols / 2, reference.rows / 2)), scores,
                    cv::TM_CCOEFF_NORMED);
  cv::Point coarse;
  cv::minMaxLoc(scores, nullptr, nullptr, nullptr, &coarse);
  cv::Point best(2 * coarse.x, 2 * coarse.y);
  double best_score = -1e30;
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) {
      const cv::Point at(2 * coarse.x + dx, 2 * coarse.y + dy);
      const auto score = correlation(copy, at, ref);
      if (score && *score > best_score) {
        best_score = *score;
        best = at;
      }
    }
  auto fraction = [&](cv::Point step) {
    const auto before = correlation(copy, best - step, ref), after = correlation(copy, best + step, ref);
    if (!before || !after) return 0.0;
    const double curvature = *before - 2 * best_score + *after;
    return curvature < 0 ? std::clamp(0.5 * (*before - *after) / curvature, -0.5, 0.5) : 0.0;
  };
  return {best.x + fraction({1, 0}), best.y + fraction({0, 1})};
}

// Worst block difference between `copy` and the reference after the best small translation.
double pair_difference(const Reference& reference, const cv::Mat& copy) {
  cv::Mat copy_grey;
  cv::cvtColor(copy, copy_grey, cv::COLOR_BGR2GRAY);
  const cv::Point2d best = best_shift(copy_grey, reference);
  // The window at the fractional shift, bilinearly (the copies are blurred well beyond a pixel).
  cv::Mat window;
  cv::getRectSubPix(copy, centre.size(),
                    cv::Point2f(float(best.x + (centre.width - 1) / 2.0), float(best.y + (centre.height - 1) / 2.0)),
                    window, CV_32F);
  const cv::Mat aligned = match_levels(window, reference);
  cv::Mat difference, per_pixel, block_mean;
  cv::absdiff(aligned, reference.colour, difference);
  cv::transform(difference, per_pixel, cv::Matx13f(1.f / 3, 1.f / 3, 1.f / 3));
  cv::blur(per_pixel, block_mean, cv::Size(block_px, block_px));
  const int half = block_px / 2;  // only windows wholly inside the compared area
  double worst = 0;
  cv::minMaxLoc(block_mean(cv::Rect(half, half, block_mean.cols - 2 * half, block_mean.rows - 2 * half)), nullptr,
                &worst);
  return worst;
}

}  // namespace

std::vector<double> differences_to_first(const std::vector<cv::Mat>& copies) {
  std::vector<double> differences(copies.size(), 0.0);
  if (copies.size() < 2) return differences;
  const Reference reference = make_reference(prepare(copies.front()));
  for (std::size_t i = 1; i < copies.size(); ++i) differences[i] = pair_difference(reference, prepare(copies[i]));
  return differences;
}

std::vector<double> differences_to_first(const ReducedImage& reduced, const std::vector<cv::RotatedRect>& boxes) {
  if (boxes.empty()) return {};
  // Every copy is resampled onto one grid, its box filling it exactly: cut to their own rounded
  // sizes, two copies a hundredth of a pixel apart in width could differ by a whole pixel, a
  // stretch that shows at every edge once they are scaled to the comparison size.
  const double k = 1.0 / reduced.factor;
  cv::Size2d mean_size;
  for (const cv::RotatedRect& box : boxes) mean_size += cv::Size2d(box.size) * (k / double(boxes.size()));
  const cv::Size size(std::max(1, int(std::lround(mean_size.width))), std::max(1, int(std::lround(mean_size.height))));
  const double u0 = (size.width - 1) / 2.0, v0 = (size.height - 1) / 2.0;
  std::vector<cv::Mat> copies;
  copies.reserve(boxes.size());
  for (const cv::RotatedRect& box : boxes) {
    // Copy pixel (u, v) -> reduced image: the box centre (pixel centres on integers, so image x
    // is reduced (x + 0.5) * k - 0.5) plus (u, v) from the grid's centre, scaled to the box and
    // turned by its angle.
    const double a = box.angle * CV_PI / 180, c = std::cos(a), s = std::sin(a);
    const double sx = box.size.width * k / size.width, sy = box.size.height * k / size.height;
    const double cx = (box.center.x + 0.5) * k - 0.5, cy = (box.center.y + 0.5) * k - 0.5;
    const cv::Matx23d copy_to_reduced(c * sx, -s * sy, cx - c * sx * u0 + s * sy * v0,  //
                                      s * sx, c * sy, cy - s * sx * u0 - c * sy * v0);
    cv::Mat copy;
    cv::warpAffine(reduced.bgr, copy, copy_to_reduced, size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                   cv::BORDER_REPLICATE);
    copies.push_back(copy);
  }
  return differences_to_first(copies);
}

double copies_difference(const std::vector<cv::Mat>& copies) {
  const std::vector<double> differences = differences_to_first(copies);
  return differences.empty() ? 0.0 : *std::max_element(differences.begin(), differences.end());
}

}  // namespace conforme
