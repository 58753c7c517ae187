#include "core/area_resize.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/imgproc.hpp>

namespace conforme {
namespace {

// Each destination pixel's source pixels along one axis: the first, how many, and their weights
// (weights[offset + k]), as OpenCV's computeResizeAreaTab sets them for `scale` source pixels per
// destination pixel: a partly covered pixel at each end of the cell, whole ones between.
struct Cells {
  std::vector<int> first, count, offset;
  std::vector<float> weights;
};

Cells area_cells(int source, int destination, double scale) {
  Cells cells;
  for (int d = 0; d < destination; ++d) {
    const double from = d * scale, to = from + scale, width = std::min(scale, source - from);
    int s1 = int(std::ceil(from)), s2 = int(std::floor(to));
    s2 = std::min(s2, source - 1);
    s1 = std::min(s1, s2);
    cells.offset.push_back(int(cells.weights.size()));
    cells.first.push_back(s1 - from > 1e-3 ? s1 - 1 : s1);
    if (s1 - from > 1e-3) cells.weights.push_back(float((s1 - from) / width));
    for (int s = s1; s < s2; ++s) cells.weights.push_back(float(1.0 / width));
    if (to - s2 > 1e-3) cells.weights.push_back(float(std::min(std::min(to - s2, 1.), width) / width));
    cells.count.push_back(int(cells.weights.size()) - cells.offset.back());
  }
  return cells;
}

template <typename T, int cn>
void area_resize_(const cv::Mat& src, cv::Mat& dst, double scale_x, double scale_y) {
  const Cells across = area_cells(src.cols, dst.cols, scale_x), down = area_cells(src.rows, dst.rows, scale_y);
  const int width = dst.cols * cn;
  // Horizontally every destination pixel gets the same number of taps, the widest cell's: the
  // extra ones weigh 0 and read a pixel of the row, and adding 0 to a sum changes nothing.
  // Stored tap by tap (tap k of pixel d at k * dst.cols + d), so four pixels' tap k are adjacent.
  const int taps = *std::max_element(across.count.begin(), across.count.end());
  std::vector<int> tap_at(std::size_t(taps) * dst.cols);
  std::vector<float> tap_weight(tap_at.size(), 0.f);
  for (int k = 0; k < taps; ++k)
    for (int d = 0; d < dst.cols; ++d) {
      tap_at[k * dst.cols + d] = std::min(across.first[d] + k, src.cols - 1) * cn;
      if (k < across.count[d]) tap_weight[k * dst.cols + d] = across.weights[across.offset[d] + k];
    }
  // One float past the end of each row: a 3-channel pixel is read and written as 4 floats.
  std::vector<float> row(std::size_t(src.cols) * cn + 1), spread(width + 1);
  // The sums stay in float until the end; convertTo rounds them as cv::saturate_cast does.
  cv::Mat sums(dst.size(), CV_32FC(cn));
  int spread_row = -1;  // the source row `spread` holds: a row shared by two cells is spread once
  auto spread_out = [&](int y) {
    const T* s = src.ptr<T>(y);
    for (int i = 0; i < src.cols * cn; ++i) row[i] = float(s[i]);
    int d = 0;
    if constexpr (cn == 3) {
      // The three channels at once, in one 4-float register (the 4th lane is overwritten by the
      // next pixel). OpenCV starts from a zeroed buffer: 0 + the first term is the term.
      for (; d < dst.cols; ++d) {
        cv::v_float32x4 sum = cv::v_load(&row[tap_at[d]]) * cv::v_setall_f32(tap_weight[d]);
        for (int k = 1; k < taps; ++k)
          sum = sum + cv::v_load(&row[tap_at[k * dst.cols + d]]) * cv::v_setall_f32(tap_weight[k * dst.cols + d]);
        cv::v_store(&spread[d * 3], sum);
      }
    } else {
      // Four destination pixels at once, one per lane: each lane does that pixel's products and
      // sums in OpenCV's order.
      for (; d + 4 <= dst.cols; d += 4) {
        cv::v_float32x4 sum = cv::v_lut(row.data(), &tap_at[d]) * cv::v_load(&tap_weight[d]);
        for (int k = 1; k < taps; ++k)
          sum = sum + cv::v_lut(row.data(), &tap_at[k * dst.cols + d]) * cv::v_load(&tap_weight[k * dst.cols + d]);
        cv::v_store(&spread[d], sum);
      }
      for (; d < dst.cols; ++d) {
        float sum = row[tap_at[d]] * tap_weight[d];
        for (int k = 1; k < taps; ++k) sum = sum + row[tap_at[k * dst.cols + d]] * tap_weight[k * dst.cols + d];
        spread[d] = sum;
      }
    }
    spread_row = y;
  };
  for (int y = 0; y < dst.rows; ++y) {
    const float* beta = down.weights.data() + down.offset[y];
    float* sum = sums.ptr<float>(y);
    for (int k = 0; k < down.count[y]; ++k) {
      if (down.first[y] + k != spread_row) spread_out(down.first[y] + k);
      if (k == 0)
        for (int i = 0; i < width; ++i) sum[i] = beta[k] * spread[i];
      else
        for (int i = 0; i < width; ++i) sum[i] += beta[k] * spread[i];
    }
  }
  sums.convertTo(dst, dst.type());
}

}  // namespace

cv::Mat area_resize(const cv::Mat& src, cv::Size size, double fx, double fy) {
  // cv::resize's own arithmetic: the target size, the scales, and its choice of path (whole-number
  // factors along both axes take its fast path, which rounds differently; enlarging is not
  // averaging).
  cv::Size to = size;
  double inv_x = fx, inv_y = fy;
  if (to.empty()) {
    to = cv::Size(cv::saturate_cast<int>(src.cols * fx), cv::saturate_cast<int>(src.rows * fy));
  } else {
    inv_x = double(to.width) / src.cols;
    inv_y = double(to.height) / src.rows;
  }
  const double scale_x = 1.0 / inv_x, scale_y = 1.0 / inv_y;
  const bool whole = std::abs(scale_x - cv::saturate_cast<int>(scale_x)) < DBL_EPSILON &&
                     std::abs(scale_y - cv::saturate_cast<int>(scale_y)) < DBL_EPSILON;
  const int type = src.type();
  if (whole || scale_x < 1 || scale_y < 1 || src.empty() || to.empty() ||
      (type != CV_8UC1 && type != CV_8UC3 && type != CV_32FC1 && type != CV_32FC3)) {
    cv::Mat dst;
    cv::resize(src, dst, size, fx, fy, cv::INTER_AREA);
    return dst;
  }
  cv::Mat dst(to, type);
  switch (type) {
    case CV_8UC1: area_resize_<uchar, 1>(src, dst, scale_x, scale_y); break;
    case CV_8UC3: area_resize_<uchar, 3>(src, dst, scale_x, scale_y); break;
    case CV_32FC1: area_resize_<float, 1>(src, dst, scale_x, scale_y); break;
    default: area_resize_<float, 3>(src, dst, scale_x, scale_y); break;
  }
  return dst;
}

}  // namespace conforme
