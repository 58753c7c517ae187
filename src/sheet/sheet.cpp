// Planche layout: the photo-or-sheet decision, then each copy's borders refined on the full
// image. The Ville de Saint-Paul page ("planche photo entière … non découpée") makes the sheet the normal input at
// CERT desks; every copy on it is then checked as a photo (SPEC, Inputs).
#include "sheet/sheet.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <opencv2/imgproc.hpp>

#include "sheet/sheet_detail.hpp"

namespace conforme {
namespace {

using namespace sheet_detail;

// A3's long side: no planche scan is larger.
constexpr double max_sheet_mm = 420;
// A single copy filling this share of the image is the photo itself, not a sheet.
constexpr double photo_fill_share = 0.75;
// An image of at least this share of paper and this share of something else, large enough by its
// dpi to hold two copies, is a sheet even when no grid is found on it.
constexpr double min_paper_share = 0.05, min_picture_share = 0.1;
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

// A copy's refined borders in the deskewed frame (image pixels), and the step strength each was
// found at (0: placed from the other border and the size).
struct Edges {
  double left = 0, right = 0, top = 0, bottom = 0;
  double left_strength = 0, right_strength = 0, top_strength = 0, bottom_strength = 0;
};

// Copies on one sheet are printed at one size: each copy's width and height become the median of
// the copies', kept on its clearer border (a side touching the next copy shows a weaker step than
// a side on paper). The comparison of the copies resamples each box to one size, so a copy a
// quarter of a millimetre narrower than the others would differ along every edge.
// Copies that touch share a border that shows only a cut line or the photos' own edges, and a
// step inside a photo near it can be taken for it; the run's outer borders lie on paper. A run of
// k touching copies is then measured from those two: k copies of (outer right - outer left) / k,
// laid side by side. `runs` lists, per axis, the runs of touching copies (indices into edges,
// in order along the axis); copies in no run of two or more are measured on their own.
struct TouchingRuns {
  std::vector<std::vector<std::size_t>> across, down;  // along x (a row), along y (a column)
};
// Returns why the copies cannot be so measured: a border shared by two touching copies, found
// (by both copies at one place, or by one), away from where the run's outer borders put it (copies of one size
// touching lie at equal steps); empty otherwise. `slack`: image pixels a border may be off.
std::string share_size(std::vector<Edges>& edges, const TouchingRuns& runs, double slack) {
  if (edges.size() < 2) return {};
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  // One axis at a time: low/high are a copy's left/right (or top/bottom) and their strengths.
  struct Axis {
    double Edges::*low;
    double Edges::*high;
    double Edges::*low_strength;
    double Edges::*high_strength;
    const std::vector<std::vector<std::size_t>>* runs;
  };
  for (const Axis& a : {Axis{&Edges::left, &Edges::right, &Edges::left_strength, &Edges::right_strength, &runs.across},
                        Axis{&Edges::top, &Edges::bottom, &Edges::top_strength, &Edges::bottom_strength, &runs.down}}) {
    // The size from what was measured between two steps found: a copy on its own, or a run of
    // touching copies between its outer borders. Placed borders (no step) measure nothing.
    // Failing that, a copy between two steps of its own, one of them shared with a neighbour.
    std::vector<double> found, own, all;
    for (const auto& run : *a.runs) {
      const Edges &first = edges[run.front()], &last = edges[run.back()];
      const double size = (last.*a.high - first.*a.low) / double(run.size());
      all.push_back(size);
      if (first.*a.low_strength > 0 && last.*a.high_strength > 0) found.push_back(size);
      for (std::size_t j : run)
        if (edges[j].*a.low_strength > 0 && edges[j].*a.high_strength > 0)
          own.push_back(edges[j].*a.high - edges[j].*a.low);
    }
    // The size is the median of those measured between two steps found: a copy whose border on
    // paper did not show (the white background of a copy on white paper, with only the
    // shoulders' edge below) is placed from the coarse grid's width, which may be short by a
    // millimetre. Failing any, without touching copies, the median of all is kept.
    const bool touching = std::any_of(a.runs->begin(), a.runs->end(), [](const auto& run) { return run.size() >= 2; });
    // Touching copies of which no two borders were found (neither a run's outer borders nor a
    // copy's own) have a size nothing measured: the coarse grid's, which may be off by a
    // millimetre a copy, and a run of four lays that error four times over.
    if (touching && found.empty() && own.empty())
      return "no copy's size is measured between two borders found (copies touching, their borders not seen)";
    const double size = median(!found.empty() ? found : !touching ? all : !own.empty() ? own : all);
    const std::vector<Edges> measured = edges;
    for (const auto& run : *a.runs) {
      const Edges &first = measured[run.front()], &last = measured[run.back()];
      const double n = double(run.size());
      double low = first.*a.low, pitch = size;  // copy k from low + k pitch
      if (run.size() == 1) {
        if (first.*a.low_strength < first.*a.high_strength) low = first.*a.high - size;
      } else if (first.*a.low_strength > 0 && last.*a.high_strength > 0) {
        pitch = (last.*a.high - first.*a.low) / n;
        for (std::size_t k = 1; k < run.size(); ++k) {
          const Edges &before = measured[run[k - 1]], &after = measured[run[k]];
          const bool by_before = before.*a.high_strength > 0, by_after = after.*a.low_strength > 0;
          if (by_before && by_after && std::abs(before.*a.high - after.*a.low) > slack) continue;
          if (!by_before && !by_after) continue;
          const double at = by_before && by_after ? (before.*a.high + after.*a.low) / 2
                            : by_before           ? before.*a.high
                                                  : after.*a.low;
          if (std::abs(at - (low + double(k) * pitch)) > slack)
            return "the border between two touching copies lies off the even steps of their row";
        }
        low += (pitch - size) / 2;
      } else if (last.*a.high_strength > 0) {
        low = last.*a.high - n * size;
      } else if (first.*a.low_strength == 0) {
        // Neither outer border shows: the clearest border inside the run places it.
        double best = 0;
        for (std::size_t k = 0; k < run.size(); ++k) {
          const Edges& e = measured[run[k]];
          if (e.*a.low_strength > best) best = e.*a.low_strength, low = e.*a.low - double(k) * size;
          if (e.*a.high_strength > best) best = e.*a.high_strength, low = e.*a.high - double(k + 1) * size;
        }
      }
      for (std::size_t k = 0; k < run.size(); ++k) {
        Edges& e = edges[run[k]];
        e.*a.low = low + double(k) * pitch;
        e.*a.high = e.*a.low + size;
      }
    }
  }
  return {};
}

// A straight border down the middle of a cell, in each third of its height (a border runs the
// whole height; a tie or a lapel does not), the weakest third at least this share of the cell's
// clearer side: the mean signed gradient down each column, in which a photo's own edges, short
// and curved, cancel out. Only down: across, the shoulders run nearly the width of an ID photo.
// Evidence (generated sheets only): single copies read without their dpi measure 0.07-0.09; two
// or four touching copies read as one, 0.13-1.1 (scripts/planche-survey, the fallback cases).
constexpr double min_crossing_share = 0.12;
bool crossed_by_border(const cv::Mat& deskewed, const cv::Rect& cell) {
  const cv::Rect area = (cell + cv::Size(2, 2) - cv::Point(1, 1)) & cv::Rect(cv::Point(0, 0), deskewed.size());
  if (area.width < 10 || area.height < 12) return false;
  cv::Mat smooth, gx;
  deskewed(area).convertTo(smooth, CV_32F);
  cv::GaussianBlur(smooth, smooth, cv::Size(0, 0), 1.0);
  cv::Sobel(smooth, gx, CV_32F, 1, 0, 3, 1.0 / 8);
  // Each third of the height on its own: a border runs the whole height, a tie or a lapel does not.
  constexpr int parts = 3;
  std::vector<cv::Mat> profiles(parts);
  for (int k = 0; k < parts; ++k)
    cv::reduce(gx.rowRange(k * gx.rows / parts, (k + 1) * gx.rows / parts), profiles[k], 0, cv::REDUCE_AVG);
  const int n = gx.cols;
  auto weakest = [&](int x) {
    float v = std::abs(profiles[0].at<float>(x));
    for (int k = 1; k < parts; ++k) v = std::min(v, std::abs(profiles[k].at<float>(x)));
    return v;
  };
  float outer = 0, middle = 0;
  for (int x = 0; x < std::min(4, n); ++x) outer = std::max(outer, weakest(x));
  float outer_high = 0;
  for (int x = std::max(0, n - 4); x < n; ++x) outer_high = std::max(outer_high, weakest(x));
  for (int x = int(0.3 * n); x < int(0.7 * n); ++x) middle = std::max(middle, weakest(x));
  return middle >= min_crossing_share * std::max(outer, outer_high);
}

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
  Edges refine(const cv::Rect& cell, const Limits& limits) const {
    Edges e;
    double left = to_full(cell.x - 0.5, scale_), right = to_full(cell.br().x - 0.5, scale_);
    double top = to_full(cell.y - 0.5, scale_), bottom = to_full(cell.br().y - 0.5, scale_);
    const double window = 2.5 / scale_ + 2;  // the coarse grid is good to a working pixel or two
    // A side facing paper (its limit, the middle of a gutter, beyond the wider search) whose
    // step did not show: the coarse grid is off there (its copies' size fitted a few pixels
    // short, or touching copies it parted by a gutter), and the step is looked for again further
    // out, up to 1.5 mm, whether the opposite side showed or not (placed from it with the coarse
    // width, the copy would be that much short). A side next to a touching copy is not: further
    // out is that copy's picture.
    const double wide = 6 / scale_ + 2;
    const double coarse_width = right - left;
    auto l = step(true, left, window, limits.left, right, top, bottom);
    auto r = step(true, right, window, left, limits.right, top, bottom);
    {
      const bool paper_l = left - limits.left > wide, paper_r = limits.right - right > wide;
      if (!l && paper_l) l = step_further(true, left, wide, limits.left, right, top, bottom);
      if (!r && paper_r) r = step_further(true, right, wide, left, limits.right, top, bottom);
    }
    if (l) left = l->position, e.left_strength = l->strength;
    if (r) right = r->position, e.right_strength = r->strength;
    if (l && !r) right = left + coarse_width;
    if (r && !l) left = right - coarse_width;

    const double height = (right - left) / copy_aspect, reach = aspect_tolerance * height;
    // Top and bottom only when neither shows: one alone is placed from the other by the aspect,
    // as a white background on white paper hides the top, and a step further out would be hair.
    auto t = step(false, top, window, limits.top, bottom, left, right);
    auto b = step(false, bottom, window, top, limits.bottom, left, right);
    if (!t && !b) {
      if (top - limits.top > wide) t = step_further(false, top, wide, limits.top, bottom, left, right);
      if (limits.bottom - bottom > wide) b = step_further(false, bottom, wide, top, limits.bottom, left, right);
    }
    if (t && b && std::abs((b->position - t->position) / height - 1) <= aspect_tolerance) {
      top = t->position;
      bottom = b->position;
      e.top_strength = t->strength;
      e.bottom_strength = b->strength;
    } else if (b && (!t || b->strength >= t->strength)) {
      bottom = b->position;
      e.bottom_strength = b->strength;
      const auto again = step(false, bottom - height, reach, limits.top, bottom, left, right);
      top = again ? again->position : bottom - height;
    } else if (t) {
      top = t->position;
      e.top_strength = t->strength;
      const auto again = step(false, top + height, reach, top, limits.bottom, left, right);
      bottom = again ? again->position : top + height;
    }
    e.left = left, e.right = right, e.top = top, e.bottom = bottom;
    return e;
  }

  // The box of the edges, in the image.
  cv::RotatedRect box(const Edges& e) const {
    const cv::Point2d middle((e.left + e.right) / 2, (e.top + e.bottom) / 2);
    const cv::Point2d at(to_image_(0, 0) * middle.x + to_image_(0, 1) * middle.y + to_image_(0, 2),
                         to_image_(1, 0) * middle.x + to_image_(1, 1) * middle.y + to_image_(1, 2));
    return {cv::Point2f(at), cv::Size2f(float(e.right - e.left), float(e.bottom - e.top)), float(-skew_deg_)};
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
  // The same further out, where a peak on the first or last pixel searched is the blurred tail
  // of a step beyond the range, not a step in it.
  std::optional<BorderFix> step_further(bool vertical, double position, double reach, double low, double high,
                                        double from, double to) const {
    auto fix = step(vertical, position, reach, low, high, from, to);
    const double first = std::max(low, position - reach), last = std::min(high, position + reach);
    if (fix && (fix->position < first + 1 || fix->position > last - 1)) return std::nullopt;
    return fix;
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
  const bool dpi_searched = dpi.has_value() && grid.has_value();
  if (!grid && dpi) grid = find_grid(layout.reduced, std::nullopt);  // the file's dpi may be wrong
  if (!grid) {
    // By its dpi the image can hold two copies; paper with pictures on it is then a sheet whose
    // grid was not found, not one photo.
    if (dpi) {
      const WorkImage work = make_work_image(layout.reduced, dpi);
      const double paper = cv::mean(paper_mask(work.grey))[0] / 255;
      if (paper >= min_paper_share && 1 - paper >= min_picture_share) {
        layout.kind = InputKind::sheet;
        layout.no_grid = true;
        layout.unclear = "no grid of copies found on " + std::to_string(int(std::lround(long_mm))) + " x " +
                         std::to_string(int(std::lround(short_mm))) + " mm of paper with pictures on it (" +
                         std::to_string(int(std::lround(100 * paper))) + " % paper)";
      }
    }
    return layout;
  }
  // Found only without the file's dpi (it may be wrong: copies then of any size): a cell wider
  // than a copy at that dpi, and crossed by a long straight border in its middle, is copies
  // touching read as one larger copy. (Copies of a copy's size there are what the search with
  // the dpi missed for another reason, and are read.)
  if (dpi && !dpi_searched)
    for (const cv::Rect& cell : grid->cells)
      if (cell.width / grid->work.scale * 25.4 / *dpi > size_search_high * copy_width_mm &&
          crossed_by_border(grid->deskewed, cell)) {
        layout.kind = InputKind::sheet;
        layout.unclear = "a grid of " + std::to_string(grid->columns) + " x " + std::to_string(grid->rows) +
                         " copies fits without the file's dpi, but a straight border crosses a copy: copies touching?";
        return layout;
      }
  const double image_area = double(grid->work.grey.cols) * grid->work.grey.rows;
  if (grid->cells.size() == 1 && grid->cells.front().area() >= photo_fill_share * image_area) return layout;

  layout.kind = InputKind::sheet;
  layout.found_at_dpi = dpi_searched;
  if (!grid->unclear.empty() || (!grid->doubt.empty() && !dpi_searched)) {
    layout.unclear = !grid->unclear.empty() ? grid->unclear : grid->doubt;
    return layout;
  }
  layout.columns = grid->columns;
  layout.rows = grid->rows;
  layout.skew_deg = grid->skew_deg;
  const double k = grid->work.scale, far = 1e9;
  const std::vector<cv::Rect>& cells = grid->cells;
  const int columns = grid->columns, rows = grid->rows;
  // The search for a border stops at the middle of the gutter on that side (image pixels).
  auto gap_middle = [&](double end_work, double start_work) { return to_full((end_work + start_work) / 2 - 0.5, k); };
  const CopyRefiner refiner(bgr, *grid);
  std::vector<cv::RotatedRect> boxes(cells.size());
  std::vector<Edges> edges;
  std::vector<std::size_t> refined;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (grid->empty[i]) continue;
    const cv::Rect& cell = cells[i];
    const int column = int(i) % columns, row = int(i) / columns;
    const Limits limits{column > 0 ? gap_middle(cells[i - 1].br().x, cell.x) : -far,
                        column + 1 < columns ? gap_middle(cell.br().x, cells[i + 1].x) : far,
                        row > 0 ? gap_middle(cells[i - columns].br().y, cell.y) : -far,
                        row + 1 < rows ? gap_middle(cell.br().y, cells[i + columns].y) : far};
    edges.push_back(refiner.refine(cell, limits));
    refined.push_back(i);
  }
  // Runs of touching copies side by side (a gap under half a millimetre at the working scale),
  // broken by an empty cell: shoulders reach the sides, so the coarse grid shows such a gap. One
  // above the other, a white background hides a copy's top, the grid may close a gutter, and the
  // top found is then the bottom of the copy above: each copy there keeps its own borders.
  // The coarse grid's copies may be a working pixel or two narrow, and touching copies then
  // stand up to a millimetre apart on it: a gutter of paper that narrow still shows a step at
  // the end of one copy or at the start of the next (paper against picture, or a cut line), so
  // a gap of at most a millimetre where neither shows is copies touching too.
  TouchingRuns runs;
  {
    constexpr int touching_work_px = 2;
    const int hidden_gap_px = std::max(touching_work_px, int(std::lround(grid->work.mm())));
    std::vector<int> index_of(cells.size(), -1);
    for (std::size_t j = 0; j < refined.size(); ++j) index_of[refined[j]] = int(j);
    for (int row = 0; row < rows; ++row)
      for (int column = 0; column < columns; ++column) {
        const int i = row * columns + column;
        if (index_of[i] < 0) continue;
        const int gap = column > 0 ? cells[i].x - cells[i - 1].br().x : 0;
        const bool unseen = column > 0 && index_of[i - 1] >= 0 &&
                            edges[std::size_t(index_of[i - 1])].right_strength == 0 &&
                            edges[std::size_t(index_of[i])].left_strength == 0;
        const bool joins = column > 0 && index_of[i - 1] >= 0 &&
                           (gap <= touching_work_px || (unseen && gap <= hidden_gap_px));
        if (!joins) runs.across.emplace_back();
        runs.across.back().push_back(std::size_t(index_of[i]));
      }
    for (std::size_t j = 0; j < refined.size(); ++j) runs.down.push_back({j});
  }
  const double image_px_per_mm = grid->work.mm() / k;
  const std::string uneven = share_size(edges, runs, 0.5 * image_px_per_mm);
  if (!uneven.empty()) {
    layout.unclear = "the copies found do not explain the sheet: " + uneven;
    layout.columns = layout.rows = 0;
    return layout;
  }
  for (std::size_t j = 0; j < refined.size(); ++j) boxes[refined[j]] = refiner.box(edges[j]);
  // The reading must explain the sheet (layout_check.cpp), checked on the work image: each box
  // in work pixels of the deskewed frame, an empty cell placed from its row and column.
  // A lone copy is checked only at a known size: a single portrait whose file claims a wrong dpi
  // is read as a photo, not refused.
  if (cells.size() >= 2 || dpi_searched) {
    std::vector<cv::Rect2d> work_boxes(cells.size());
    std::vector<double> lefts(columns, 0), tops(rows, 0), counted_columns(columns, 0), counted_rows(rows, 0);
    double width = 0, height = 0;
    for (std::size_t j = 0; j < refined.size(); ++j) {
      const Edges& e = edges[j];
      const cv::Rect2d b((e.left + 0.5) * k, (e.top + 0.5) * k, (e.right - e.left) * k, (e.bottom - e.top) * k);
      work_boxes[refined[j]] = b;
      const int column = int(refined[j]) % columns, row = int(refined[j]) / columns;
      lefts[column] += b.x, counted_columns[column] += 1;
      tops[row] += b.y, counted_rows[row] += 1;
      width = b.width, height = b.height;  // one size for all (share_size)
    }
    for (std::size_t i = 0; i < cells.size(); ++i)
      if (grid->empty[i]) {
        const int column = int(i) % columns, row = int(i) / columns;
        work_boxes[i] = {lefts[column] / std::max(1.0, counted_columns[column]),
                         tops[row] / std::max(1.0, counted_rows[row]), width, height};
      }
    const std::string inconsistent = layout_inconsistency(*grid, work_boxes);
    if (!inconsistent.empty()) {
      layout.unclear = (grid->doubt.empty() ? "" : grid->doubt + "; and ") +
                       "the copies found do not explain the sheet: " + inconsistent;
      layout.columns = layout.rows = 0;
      return layout;
    }
  }
  // An empty cell (a copy missing) takes its column's sides and its row's top and bottom from the
  // copies refined in them, in the deskewed frame.
  const cv::Matx23d to_image =
      cv::getRotationMatrix2D(cv::Point2f((bgr.cols - 1) / 2.0f, (bgr.rows - 1) / 2.0f), grid->skew_deg, 1.0);
  cv::Matx23d to_deskewed;
  cv::invertAffineTransform(to_image, to_deskewed);
  auto apply = [](const cv::Matx23d& m, cv::Point2d p) {
    return cv::Point2d(m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2), m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2));
  };
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (!grid->empty[i]) continue;
    const int column = int(i) % columns, row = int(i) / columns;
    std::vector<double> xs, widths, ys, heights;
    for (std::size_t j = 0; j < cells.size(); ++j) {
      if (grid->empty[j]) continue;
      const cv::Point2d c = apply(to_deskewed, boxes[j].center);
      if (int(j) % columns == column) xs.push_back(c.x), widths.push_back(boxes[j].size.width);
      if (int(j) / columns == row) ys.push_back(c.y), heights.push_back(boxes[j].size.height);
    }
    auto median = [](std::vector<double> v) {
      std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
      return v[v.size() / 2];
    };
    const cv::Point2d centre = apply(to_image, {median(xs), median(ys)});
    boxes[i] = cv::RotatedRect(cv::Point2f(centre), cv::Size2f(float(median(widths)), float(median(heights))),
                               float(-grid->skew_deg));
  }
  layout.copies = std::move(boxes);
  return layout;
}

InputKind detect_kind(const cv::Mat& bgr, std::optional<double> dpi) { return analyse_layout(bgr, dpi).kind; }

std::vector<cv::RotatedRect> find_copies(const cv::Mat& bgr, std::optional<double> dpi) {
  return analyse_layout(bgr, dpi).copies;
}

}  // namespace conforme
