// Where the copy borders are: the sheet at a working scale, its rotation, and profiles of
// straight-edge evidence. A copy's border is a straight step along its whole side even when its
// light background is as bright as the gutter next to it, so edges are trusted more than
// brightness (Ville de Saint-Paul page: the whole sheet is what CERT staff receive).
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/area_resize.hpp"

#include "sheet/sheet_detail.hpp"

namespace conforme::sheet_detail {
namespace {

// Borders are located at about 100 dpi (4 px/mm): a 35 mm copy is 138 px wide, a 2 mm gutter
// 8 px, and a 600 dpi sheet shrinks 36-fold. Without a dpi, a long side of at most 640 px gives
// a 10x15 cm sheet about the same scale.
constexpr double work_dpi = 100;
constexpr int work_long_side = 640;
constexpr double assumed_sheet_long_mm = 150;
// The reduced image keeps this many pixels per work pixel: the copies compared on it must keep
// detail finer than the comparison's 4 px/mm.
constexpr double min_reduced_per_work_px = 1.5;
// Edges within this many degrees of the axes are taken as copy edges (CERT scans: up to 3).
constexpr double max_skew_deg = 5;
// Refitted copy edges agree on the sheet's angle within this (a 45 mm side at the working
// scale is fitted to about a tenth of a degree; a strip's long paper edge to less).
constexpr double agree_deg = 0.3;
// Paper is the lightest large area of a sheet; "light" allows for a lamp that dims one side of
// a scan by a third.
constexpr double light_share_of_white = 0.6;

// The mean of each 3 x 3 block spread over 2 x 2 pixels: what cv::resize's INTER_AREA gives at
// exactly two thirds (the work image from the reduced image at 300 and 600 dpi), whose general
// path takes 1.7 ms for a 600 dpi sheet. Along each axis, out 2k = (2 in 3k + in 3k+1) / 3 and
// out 2k+1 = (in 3k+1 + 2 in 3k+2) / 3; integer sums over 9, rounded (no ties: x / 9 is never a half).
// requires: grey 8-bit, 3/2 of size exactly.
cv::Mat two_thirds(const cv::Mat& grey, cv::Size size) {
  cv::Mat out(size, CV_8U);
  std::vector<int> h0(size.width), h1(size.width), h2(size.width);
  auto horizontal = [&](const uchar* in, std::vector<int>& h) {
    for (int k = 0; 2 * k < size.width; ++k) {
      h[2 * k] = 2 * in[3 * k] + in[3 * k + 1];
      h[2 * k + 1] = in[3 * k + 1] + 2 * in[3 * k + 2];
    }
  };
  for (int k = 0; 2 * k < size.height; ++k) {
    horizontal(grey.ptr<uchar>(3 * k), h0);
    horizontal(grey.ptr<uchar>(3 * k + 1), h1);
    horizontal(grey.ptr<uchar>(3 * k + 2), h2);
    uchar* top = out.ptr<uchar>(2 * k);
    uchar* bottom = out.ptr<uchar>(2 * k + 1);
    for (int x = 0; x < size.width; ++x) {
      top[x] = uchar((2 * (2 * h0[x] + h1[x]) + 9) / 18);
      bottom[x] = uchar((2 * (h1[x] + 2 * h2[x]) + 9) / 18);
    }
  }
  return out;
}

// The means down each column of max(-e, 0) (falls) and of max(e, 0) (rises): what
// cv::reduce(cv::max(-e, 0), REDUCE_AVG) gives, to the bit (float sums row after row, then
// times 1 / rows in float), in one pass without the two temporary images per profile.
void column_means(const cv::Mat& evidence, std::vector<float>& falls, std::vector<float>& rises) {
  const int n = evidence.cols;
  falls.assign(n, 0.f);
  rises.assign(n, 0.f);
  float* fall = falls.data();
  float* rise = rises.data();
  for (int y = 0; y < evidence.rows; ++y) {
    const float* e = evidence.ptr<float>(y);
    for (int x = 0; x < n; ++x) {
      fall[x] += e[x] < 0 ? -e[x] : 0.f;
      rise[x] += e[x] > 0 ? e[x] : 0.f;
    }
  }
  const float scale = float(1.0 / evidence.rows);
  for (int x = 0; x < n; ++x) {
    fall[x] *= scale;
    rise[x] *= scale;
  }
}

// The same along each row, to the bit of cv::reduce's order there: two running sums taking
// alternate pixels from the third on, then the second added to the first. Four rows at a time,
// whose sixteen sums do not wait on each other.
void row_means(const cv::Mat& evidence, std::vector<float>& falls, std::vector<float>& rises) {
  const int n = evidence.cols, rows = evidence.rows;
  falls.assign(rows, 0.f);
  rises.assign(rows, 0.f);
  const float scale = float(1.0 / n);
  auto fall = [](float v) { return v < 0 ? -v : 0.f; };
  auto rise = [](float v) { return v > 0 ? v : 0.f; };
  constexpr int group = 4;
  int y = 0;
  for (; y < rows; y += group) {
    const int count = std::min(group, rows - y);
    const float* e[group];
    for (int k = 0; k < group; ++k) e[k] = evidence.ptr<float>(y + std::min(k, count - 1));
    float f0[group], f1[group], r0[group], r1[group];
    for (int k = 0; k < group; ++k) {
      f0[k] = fall(e[k][0]);
      f1[k] = n > 1 ? fall(e[k][1]) : 0.f;
      r0[k] = rise(e[k][0]);
      r1[k] = n > 1 ? rise(e[k][1]) : 0.f;
    }
    int i = 2;
    for (; i <= n - 4; i += 4)
      for (int k = 0; k < group; ++k) {
        f0[k] += fall(e[k][i]);
        f1[k] += fall(e[k][i + 1]);
        f0[k] += fall(e[k][i + 2]);
        f1[k] += fall(e[k][i + 3]);
        r0[k] += rise(e[k][i]);
        r1[k] += rise(e[k][i + 1]);
        r0[k] += rise(e[k][i + 2]);
        r1[k] += rise(e[k][i + 3]);
      }
    for (; i < n; ++i)
      for (int k = 0; k < group; ++k) {
        f0[k] += fall(e[k][i]);
        r0[k] += rise(e[k][i]);
      }
    for (int k = 0; k < count; ++k) {
      falls[y + k] = (f0[k] + f1[k]) * scale;
      rises[y + k] = (r0[k] + r1[k]) * scale;
    }
  }
}

}  // namespace

double WorkImage::mm() const {
  return px_per_mm > 0 ? px_per_mm : std::max(grey.cols, grey.rows) / assumed_sheet_long_mm;
}

int work_factor(cv::Size image, std::optional<double> dpi) {
  const int long_side = std::max(image.width, image.height);
  return std::max(1, dpi ? int(std::lround(*dpi / work_dpi)) : (long_side + work_long_side - 1) / work_long_side);
}

ReducedImage reduce_for_layout(const cv::Mat& bgr, std::optional<double> dpi) {
  // Halving averages exact 2x2 blocks in cv::resize's vectorised INTER_AREA path, several times
  // quicker on a 600 dpi sheet than any other block size; a last odd row or column is dropped.
  const int target = std::min(work_factor(bgr.size(), dpi), work_factor(bgr.size(), std::nullopt));
  ReducedImage reduced{bgr, 1, bgr.size()};
  while (2 * reduced.factor * min_reduced_per_work_px <= target && reduced.bgr.cols >= 2 && reduced.bgr.rows >= 2) {
    const cv::Size half(reduced.bgr.cols / 2, reduced.bgr.rows / 2);
    cv::Mat next;
    cv::resize(reduced.bgr(cv::Rect(0, 0, 2 * half.width, 2 * half.height)), next, half, 0, 0, cv::INTER_AREA);
    reduced.bgr = next;
    reduced.factor *= 2;
  }
  return reduced;
}

WorkImage make_work_image(const ReducedImage& reduced, std::optional<double> dpi) {
  // A work pixel is a whole factor x factor block of the image, so work coordinates map to the
  // image exactly; the block is averaged from the reduced image (INTER_AREA weighs the reduced
  // pixels it cuts in proportion), and columns and rows short of a block are dropped, which
  // moves nothing.
  const int factor = work_factor(reduced.image, dpi), r = reduced.factor;
  auto work_length = [&](int image_length, int reduced_length) {
    int n = image_length / factor;
    while (n > 1 && ((n * factor) % r != 0 || n * factor / r > reduced_length)) --n;
    return std::max(1, n);
  };
  const cv::Size size(work_length(reduced.image.width, reduced.bgr.cols),
                      work_length(reduced.image.height, reduced.bgr.rows));
  const cv::Size source(std::max(1, size.width * factor / r), std::max(1, size.height * factor / r));
  WorkImage work;
  cv::Mat grey;
  cv::cvtColor(reduced.bgr(cv::Rect(cv::Point(0, 0), source)), grey, cv::COLOR_BGR2GRAY);
  if (grey.size() == size)
    work.grey = grey;
  else if (2 * source.width == 3 * size.width && 2 * source.height == 3 * size.height)
    work.grey = two_thirds(grey, size);
  else
    work.grey = area_resize(grey, size);  // cv::resize's INTER_AREA, quicker
  work.scale = 1.0 / factor;
  if (dpi) work.px_per_mm = *dpi / 25.4 * work.scale;
  return work;
}

double estimate_skew(const cv::Mat& grey, double min_line_px) {
  cv::Mat blurred, edges, half, half_edges;
  cv::GaussianBlur(grey, blurred, cv::Size(5, 5), 1.2);
  cv::Canny(blurred, edges, 20, 50);
  // Lines are found at half the working scale (a quarter of the votes to cast), then refitted
  // at full working scale. Standard Hough, not the probabilistic one, whose segments follow the
  // pixel staircase of a line tilted by a degree or two; only lines within max_skew_deg of the
  // axes. A line's normal angle theta is 0 for a vertical line and 90 degrees for a horizontal one.
  cv::pyrDown(blurred, half);
  cv::Canny(half, half_edges, 20, 50);
  const double step = CV_PI / 360, window = max_skew_deg * CV_PI / 180;
  const int votes = std::max(10, int(min_line_px / 2));
  std::vector<cv::Vec3f> lines, found;
  for (auto [lo, hi] :
       {std::pair{0.0, window}, std::pair{CV_PI - window, CV_PI}, std::pair{CV_PI / 2 - window, CV_PI / 2 + window}}) {
    cv::HoughLines(half_edges, found, 1, step, votes, 0, 0, lo, hi);
    lines.insert(lines.end(), found.begin(), found.end());
  }
  if (lines.empty()) return 0;
  std::sort(lines.begin(), lines.end(), [](const cv::Vec3f& a, const cv::Vec3f& b) { return a[2] > b[2]; });
  lines.resize(std::min<std::size_t>(lines.size(), 16));

  // The accumulator is flat within about 1/length radians, so each strong line is refitted to
  // the edge pixels within 2 px of it (least squares: that band already drops the content).
  // Only the band along each line is read, row by row (raster order, as cv::findNonZero lists
  // the points): the whole edge map, once per line, cost more than finding the lines.
  std::vector<std::pair<double, double>> angle_weight;
  std::vector<cv::Point2f> near;
  for (const auto& line : lines) {
    const double c = std::cos(line[1]), s = std::sin(line[1]);
    const double rho = 2 * line[0] + 0.5 * (c + s);  // pyrDown: x = 2 x_half + 0.5
    near.clear();
    for (int y = 0; y < edges.rows; ++y) {
      int x_first = 0, x_last = edges.cols - 1;
      if (std::abs(c) > 1e-9) {  // the x where |x c + y s - rho| <= 2, with a pixel to spare
        const double a = (rho - 2.0 - y * s) / c, b = (rho + 2.0 - y * s) / c;
        // Clamped before the conversion: a nearly horizontal line (c about 4e-8 for a float
        // theta of pi / 2) puts a and b billions of pixels away, beyond int.
        const double limit = edges.cols + 1.0;
        x_first = std::max(x_first, int(std::clamp(std::floor(std::min(a, b)) - 1, -limit, limit)));
        x_last = std::min(x_last, int(std::clamp(std::ceil(std::max(a, b)) + 1, -limit, limit)));
      }
      const uchar* row = edges.ptr<uchar>(y);
      for (int x = x_first; x <= x_last; ++x)
        if (row[x] && std::abs(x * c + y * s - rho) <= 2.0) near.emplace_back(float(x), float(y));
    }
    if (near.size() < 10) continue;
    cv::Vec4f fit;
    cv::fitLine(near, fit, cv::DIST_L2, 0, 0.01, 0.01);
    double a = std::atan2(-fit[1], fit[0]) * 180 / CV_PI;  // counter-clockwise, y points down
    a = std::fmod(a + 405.0, 90.0) - 45.0;                 // deviation from the nearest axis
    if (std::abs(a) <= max_skew_deg) angle_weight.emplace_back(a, double(near.size()));
  }
  if (angle_weight.empty()) return 0;
  // A sheet is rigid: its copies' borders and the paper's edges all lie at one angle, while a
  // "line" through content (hair and faces of a strip's copies crossed at a slant, each within
  // 2 px of it somewhere) lies at any angle. On a strip such lines outnumber the few real edges,
  // and a median of all of them was pulled a degree or more off. So the lines are grouped by
  // angle: the group of the most edge pixels within agree_deg of one of them wins, and its
  // weighted median is the skew (long copy edges outvote a straight line in a photo).
  std::sort(angle_weight.begin(), angle_weight.end());
  std::size_t best_first = 0, best_last = 0;
  double best_support = -1;
  for (std::size_t i = 0, first = 0, last = 0; i < angle_weight.size(); ++i) {
    while (angle_weight[first].first < angle_weight[i].first - agree_deg) ++first;
    while (last + 1 < angle_weight.size() && angle_weight[last + 1].first <= angle_weight[i].first + agree_deg) ++last;
    double support = 0;
    for (std::size_t j = first; j <= last; ++j) support += angle_weight[j].second;
    if (support > best_support) best_support = support, best_first = first, best_last = last;
  }
  double seen = 0;
  for (std::size_t j = best_first; j <= best_last; ++j)
    if ((seen += angle_weight[j].second) >= best_support / 2) return angle_weight[j].first;
  return angle_weight[best_last].first;
}

cv::Mat deskew(const cv::Mat& grey, double skew_deg) {
  if (skew_deg == 0) return grey;
  const cv::Point2f centre((grey.cols - 1) / 2.0f, (grey.rows - 1) / 2.0f);
  cv::Mat out;
  cv::warpAffine(grey, out, cv::getRotationMatrix2D(centre, -skew_deg, 1.0), grey.size(), cv::INTER_LINEAR,
                 cv::BORDER_REPLICATE);
  return out;
}

BorderProfiles border_profiles(const cv::Mat& deskewed, int line_px) {
  cv::Mat smooth, gx, gy, along;
  deskewed.convertTo(smooth, CV_32F);
  cv::GaussianBlur(smooth, smooth, cv::Size(0, 0), 1.0);  // sensor noise and JPEG blocks
  cv::Sobel(smooth, gx, CV_32F, 1, 0, 3, 1.0 / 8);        // grey levels per pixel
  cv::Sobel(smooth, gy, CV_32F, 0, 1, 3, 1.0 / 8);
  BorderProfiles p;
  cv::boxFilter(gx, along, -1, cv::Size(1, line_px));
  column_means(along, p.column_starts, p.column_ends);
  cv::boxFilter(gy, along, -1, cv::Size(line_px, 1));
  row_means(along, p.row_starts, p.row_ends);
  return p;
}

cv::Rect paper_region(const cv::Mat& deskewed) {
  cv::Mat light, labels;
  cv::compare(deskewed, light_share_of_white * percentile(deskewed, 0.98), light, cv::CMP_GE);
  // Labels only, then the areas and the largest one's box here: cv::connectedComponentsWithStats
  // (same labels) also takes every component's centroid and box, and took 1.2 ms where the
  // labelling takes 0.26. Ties go to the lower label, as before.
  const int count = cv::connectedComponents(light, labels, 8, CV_32S);
  // Areas counted by runs: the paper's label fills most rows, and one counter bumped per pixel
  // would wait on its own last bump.
  std::vector<int> area(count, 0);
  for (int y = 0; y < labels.rows; ++y) {
    const int* row = labels.ptr<int>(y);
    int x = 0;
    while (x < labels.cols) {
      const int label = row[x], start = x;
      while (x < labels.cols && row[x] == label) ++x;
      area[label] += x - start;
    }
  }
  int largest = 0;
  for (int i = 1; i < count; ++i)
    if (largest == 0 || area[i] > area[largest]) largest = i;
  if (largest == 0) return {0, 0, deskewed.cols, deskewed.rows};
  int left = labels.cols, right = -1, top = labels.rows, bottom = -1;
  for (int y = 0; y < labels.rows; ++y) {
    const int* row = labels.ptr<int>(y);
    const int* first = std::find(row, row + labels.cols, largest);
    if (first == row + labels.cols) continue;
    int last = labels.cols - 1;
    while (row[last] != largest) --last;
    left = std::min(left, int(first - row));
    right = std::max(right, last);
    top = std::min(top, y);
    bottom = y;
  }
  return {left, top, right - left + 1, bottom - top + 1};
}

cv::Mat paper_mask(const cv::Mat& deskewed) {
  // "Flat" allows for sensor noise at the working scale. No extra blur: a 1.5 mm gutter is 6
  // working pixels, and a blurred border step would leave none of it flat.
  constexpr double flat_grey_per_px = 4.0;
  cv::Mat gx, gy, magnitude, flat, light;
  cv::Sobel(deskewed, gx, CV_32F, 1, 0, 3, 1.0 / 8);
  cv::Sobel(deskewed, gy, CV_32F, 0, 1, 3, 1.0 / 8);
  cv::magnitude(gx, gy, magnitude);
  cv::compare(magnitude, flat_grey_per_px, flat, cv::CMP_LE);
  cv::compare(deskewed, paper_light_level(deskewed), light, cv::CMP_GE);
  return flat & light;
}

cv::Mat off_paper(const cv::Mat& deskewed, const cv::Mat& paper_pixels, std::optional<cv::Vec3d>* level) {
  cv::Mat labels;
  const int count = cv::connectedComponents(paper_pixels, labels, 8, CV_32S);
  if (count < 2) return deskewed;
  std::vector<int> area(count, 0);
  for (int y = 0; y < labels.rows; ++y) {
    const int* row = labels.ptr<int>(y);
    for (int x = 0; x < labels.cols; ++x) ++area[row[x]];
  }
  const int largest = int(std::max_element(area.begin() + 1, area.end()) - area.begin());
  // Least squares of grey = a + b x + c y over every other pixel of the region, twice: the
  // second time without the pixels more than 8 grey levels off the first fit (cut marks, a
  // light picture joined to the paper).
  std::vector<cv::Vec3f> points;
  for (int y = 0; y < labels.rows; y += 2) {
    const int* row = labels.ptr<int>(y);
    const uchar* grey = deskewed.ptr<uchar>(y);
    for (int x = 0; x < labels.cols; x += 2)
      if (row[x] == largest) points.emplace_back(float(x), float(y), float(grey[x]));
  }
  if (points.size() < 50) return deskewed;
  cv::Vec3d plane(0, 0, 0);
  for (int pass = 0; pass < 2; ++pass) {
    cv::Matx33d ata = cv::Matx33d::zeros();
    cv::Vec3d atb(0, 0, 0);
    for (const cv::Vec3f& p : points) {
      const cv::Vec3d row(1, p[0], p[1]);
      if (pass == 1 && std::abs(plane.dot(row) - p[2]) > 8) continue;
      ata += row * row.t();
      atb += row * double(p[2]);
    }
    if (!cv::solve(ata, atb, plane, cv::DECOMP_CHOLESKY)) return deskewed;
  }
  if (level) *level = plane;
  cv::Mat out(deskewed.size(), CV_8U);
  for (int y = 0; y < deskewed.rows; ++y) {
    const uchar* grey = deskewed.ptr<uchar>(y);
    uchar* o = out.ptr<uchar>(y);
    const double start = plane[0] + plane[2] * y;
    for (int x = 0; x < deskewed.cols; ++x)
      o[x] = cv::saturate_cast<uchar>(255 - std::abs(grey[x] - (start + plane[1] * x)));
  }
  return out;
}

double paper_light_level(const cv::Mat& grey8) { return light_share_of_white * percentile(grey8, 0.98); }

int largest_inner_region(const cv::Mat& mask) {
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  int largest = 0;
  for (int k = 1; k < n; ++k) {
    const int x = stats.at<int>(k, cv::CC_STAT_LEFT), y = stats.at<int>(k, cv::CC_STAT_TOP);
    if (x == 0 || y == 0 || x + stats.at<int>(k, cv::CC_STAT_WIDTH) == mask.cols ||
        y + stats.at<int>(k, cv::CC_STAT_HEIGHT) == mask.rows)
      continue;
    largest = std::max(largest, stats.at<int>(k, cv::CC_STAT_AREA));
  }
  return largest;
}

double percentile(const cv::Mat& grey8, double q) {
  // Counted here rather than by cv::calcHist (a float histogram, 0.25 ms on a work image): four
  // histograms filled in turn, so that runs of one grey level (paper) do not bump one counter
  // back to back. The counts, and so the level, are the same.
  std::array<std::array<int, 256>, 4> counts{};
  for (int y = 0; y < grey8.rows; ++y) {
    const uchar* row = grey8.ptr<uchar>(y);
    int x = 0;
    for (; x + 4 <= grey8.cols; x += 4) {
      ++counts[0][row[x]];
      ++counts[1][row[x + 1]];
      ++counts[2][row[x + 2]];
      ++counts[3][row[x + 3]];
    }
    for (; x < grey8.cols; ++x) ++counts[0][row[x]];
  }
  const double wanted = q * grey8.total();
  double seen = 0;
  for (int level = 0; level < 256; ++level)
    if ((seen += counts[0][level] + counts[1][level] + counts[2][level] + counts[3][level]) >= wanted) return level;
  return 255;
}

}  // namespace conforme::sheet_detail
