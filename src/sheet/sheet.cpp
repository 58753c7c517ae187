// Planche layout: the photo-or-sheet decision, then each copy's borders refined on the full
// image. The Ville de Saint-Paul page ("planche photo entière … non découpée") makes the sheet the normal input at
// CERT desks; every copy on it is then checked as a photo (SPEC, Inputs).
#include "sheet/sheet.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "sheet/sheet_detail.hpp"

namespace conforme {
namespace {

using namespace sheet_detail;

// A3's long side: no planche scan is larger.
constexpr double max_sheet_mm = 420;
// A single copy filling this share of the image is the photo itself, not a sheet.
constexpr double photo_fill_share = 0.75;
// A refined border is a step this much above the median of its search range, and this many
// grey levels per pixel: noise on flat paper stays under both.
constexpr double min_contrast = 3, min_strength = 0.4;
// Borders are sampled on their middle 80 %, away from the corners where cut marks are printed.
constexpr double sampled_share = 0.8;

// Work-pixel border (the step between pixels p-1 and p is at p - 0.5) to image pixels.
double to_full(double work_position, double scale) { return (work_position + 0.5) / scale - 0.5; }

// Where the search for each border of a copy must stop: the middle of the gutter on that side,
// where the neighbour's own border starts; image pixels, deskewed frame.
struct Limits {
  double left, right, top, bottom;
};

class CopyRefiner {
 public:
  CopyRefiner(const cv::Mat& bgr, const FoundGrid& grid)
      : bgr_(bgr),
        to_image_(
            cv::getRotationMatrix2D(cv::Point2f((bgr.cols - 1) / 2.0f, (bgr.rows - 1) / 2.0f), grid.skew_deg, 1.0)),
        scale_(grid.work.scale),
        skew_deg_(grid.skew_deg) {}

  // Sides come first: shoulders reach them, so they are clear on ID photos. Top and bottom must
  // then agree with the 35:45 aspect (within photo.size_mm's tolerance); when they do not, or
  // one shows no step (a white background on white paper, or the paper's own edge taken for the
  // top), the clearer one is kept and the other is looked for where the aspect puts it, and
  // placed there if no step is found.
  cv::RotatedRect refine(const cv::Rect& cell, const Limits& limits) const {
    double left = to_full(cell.x - 0.5, scale_), right = to_full(cell.br().x - 0.5, scale_);
    double top = to_full(cell.y - 0.5, scale_), bottom = to_full(cell.br().y - 0.5, scale_);
    const double window = 2.5 / scale_ + 2;  // the coarse grid is good to a working pixel or two
    const double coarse_width = right - left;
    const auto l = step(true, left, window, limits.left, right, top, bottom);
    const auto r = step(true, right, window, left, limits.right, top, bottom);
    if (l) left = l->position;
    if (r) right = r->position;
    if (l && !r) right = left + coarse_width;
    if (r && !l) left = right - coarse_width;

    const double height = (right - left) / copy_aspect, reach = aspect_tolerance * height;
    const auto t = step(false, top, window, limits.top, bottom, left, right);
    const auto b = step(false, bottom, window, top, limits.bottom, left, right);
    if (t && b && std::abs((b->position - t->position) / height - 1) <= aspect_tolerance) {
      top = t->position;
      bottom = b->position;
    } else if (b && (!t || b->strength >= t->strength)) {
      bottom = b->position;
      const auto again = step(false, bottom - height, reach, limits.top, bottom, left, right);
      top = again ? again->position : bottom - height;
    } else if (t) {
      top = t->position;
      const auto again = step(false, top + height, reach, top, limits.bottom, left, right);
      bottom = again ? again->position : top + height;
    }
    const cv::Point2d middle((left + right) / 2, (top + bottom) / 2);
    const cv::Point2d at(to_image_(0, 0) * middle.x + to_image_(0, 1) * middle.y + to_image_(0, 2),
                         to_image_(1, 0) * middle.x + to_image_(1, 1) * middle.y + to_image_(1, 2));
    return {cv::Point2f(at), cv::Size2f(float(right - left), float(bottom - top)), float(-skew_deg_)};
  }

 private:
  // The clear step within `reach` of `position`, kept between `low` and `high`; the border runs
  // over [from, to] of the other axis.
  std::optional<BorderFix> step(bool vertical, double position, double reach, double low, double high, double from,
                                double to) const {
    low = std::max(low, position - reach);
    high = std::min(high, position + reach);
    if (high - low < 2) return std::nullopt;
    const double margin = (to - from) * (1 - sampled_share) / 2;
    const BorderFix fix = refine_border(bgr_, to_image_, vertical, low, high, from + margin, to - margin);
    if (fix.contrast >= min_contrast && fix.strength >= min_strength) return fix;
    return std::nullopt;
  }

  const cv::Mat& bgr_;
  cv::Matx23d to_image_;
  double scale_, skew_deg_;
};

}  // namespace

SheetLayout analyse_layout(const cv::Mat& bgr, std::optional<double> dpi) {
  if (bgr.empty() || bgr.type() != CV_8UC3) throw std::invalid_argument("analyse_layout needs an 8-bit BGR image");
  SheetLayout layout;
  // A dpi that makes the image larger than A3 or smaller than a copy is a default written by
  // software (72 or 96), not the scan's resolution: the layout is then found without it.
  const double long_mm = std::max(bgr.cols, bgr.rows) * 25.4 / dpi.value_or(1);
  const double short_mm = std::min(bgr.cols, bgr.rows) * 25.4 / dpi.value_or(1);
  if (dpi && (long_mm > max_sheet_mm || long_mm < size_search_low * copy_width_mm)) dpi.reset();
  // Too small to hold two copies side by side or one above the other: the image is the photo
  // (an e-photo or a single print scanned to its edges). Most inputs are, and skip the search.
  if (dpi && short_mm < 2 * size_search_low * copy_width_mm && long_mm < 2 * size_search_low * copy_height_mm)
    return layout;
  layout.reduced = reduce_for_layout(bgr, dpi);
  std::optional<FoundGrid> grid = find_grid(layout.reduced, dpi);
  if (!grid && dpi) grid = find_grid(layout.reduced, std::nullopt);  // the file's dpi may be wrong
  if (!grid) return layout;
  const double image_area = double(grid->work.grey.cols) * grid->work.grey.rows;
  if (grid->cells.size() == 1 && grid->cells.front().area() >= photo_fill_share * image_area) return layout;

  layout.kind = InputKind::sheet;
  layout.columns = grid->columns;
  layout.rows = grid->rows;
  layout.skew_deg = grid->skew_deg;
  const double k = grid->work.scale, far = 1e9;
  // Half a gutter, image pixels: the search for a border stops at the gutter's middle.
  const double half_x = grid->columns > 1 ? (grid->cells[1].x - grid->cells[0].br().x) / k / 2 : far;
  const double half_y = grid->rows > 1 ? (grid->cells[grid->columns].y - grid->cells[0].br().y) / k / 2 : far;
  const CopyRefiner refiner(bgr, *grid);
  for (std::size_t i = 0; i < grid->cells.size(); ++i) {
    const cv::Rect& cell = grid->cells[i];
    const int column = int(i) % grid->columns, row = int(i) / grid->columns;
    const Limits limits{to_full(cell.x - 0.5, k) - (column > 0 ? half_x : far),
                        to_full(cell.br().x - 0.5, k) + (column + 1 < grid->columns ? half_x : far),
                        to_full(cell.y - 0.5, k) - (row > 0 ? half_y : far),
                        to_full(cell.br().y - 0.5, k) + (row + 1 < grid->rows ? half_y : far)};
    layout.copies.push_back(refiner.refine(cell, limits));
  }
  return layout;
}

InputKind detect_kind(const cv::Mat& bgr, std::optional<double> dpi) { return analyse_layout(bgr, dpi).kind; }

std::vector<cv::RotatedRect> find_copies(const cv::Mat& bgr, std::optional<double> dpi) {
  return analyse_layout(bgr, dpi).copies;
}

}  // namespace conforme
