// Planche layout: rotation, grid of copies, refined borders, and the photo-or-sheet decision.
// Seed 002 ("planche photo entière … non découpée") makes the sheet the normal input at CERT
// desks; every copy on it is then checked as a photo (SPEC, Inputs).
#include "sheet/sheet.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <cstdio>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>

#include <opencv2/imgproc.hpp>

#include "sheet/sheet_detail.hpp"

namespace conforme {
namespace {

using namespace sheet_detail;

// A copy is 35x45 mm; with a dpi, sizes from 75 % to 125 % are searched so that a wrong-size
// print (30x40 mm) is still found and photo.size_mm, not the splitter, rejects it.
constexpr double size_search_low = 0.75, size_search_high = 1.25;
// Aspect range searched around 35:45: the 35+-1 x 45+-1 mm tolerance of photo.size_mm spans +-5 %.
constexpr double aspect_tolerance = 0.05;
constexpr double max_gutter_mm = 20;
constexpr double line_mm = 10;  // matched-filter run: under a third of the shortest copy side
// A copy's surroundings must be mostly paper, and its inside mostly not: what makes it a copy
// and not a rectangle drawn through a portrait.
constexpr double paper_reach_mm = 2.0, min_copy_content = 0.1;
// Mean evidence per border of an accepted grid, in noise units (the profile's median level).
// Printed sheets score 6 and more, even with a white background hiding the copies' tops; grids
// fitted to a portrait's own edges score under 2.
constexpr double min_border_evidence = 3;
// A3's long side: no planche scan is larger.
constexpr double max_sheet_mm = 420;
// A single copy filling this share of the image is the photo itself, not a sheet.
constexpr double photo_fill_share = 0.75;

double noise_level(const std::vector<float>& profile) {
  std::vector<float> v = profile;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return std::max(0.25, 2.0 * v[v.size() / 2]);
}

struct Candidate {
  AxisGrid x, y;
  double score;
};

// Share of paper pixels in r (clipped to the image), from an integral image of the paper mask;
// nullopt when r lies outside the image.
std::optional<double> paper_share(const cv::Mat& integral, cv::Rect r) {
  r &= cv::Rect(0, 0, integral.cols - 1, integral.rows - 1);
  if (r.empty()) return std::nullopt;
  const double sum = integral.at<double>(r.br()) - integral.at<double>(r.y, r.br().x) -
                     integral.at<double>(r.br().y, r.x) + integral.at<double>(r.tl());
  return sum / 255 / r.area();
}

// How much each side of a cell looks like the edge of a print: the best line of paper running
// along the side within `reach` pixels outside it (the gutter's middle; next to the border the
// blur of the step itself is not flat). Sides at the image edge say nothing and count as paper.
std::array<double, 4> paper_around(const cv::Mat& integral, const cv::Rect& cell, int reach) {
  std::array<double, 4> sides{};
  for (int side = 0; side < 4; ++side) {
    std::optional<double> best;
    for (int d = 1; d <= reach; ++d) {
      const cv::Rect line = side == 0   ? cv::Rect(cell.x - d, cell.y, 1, cell.height)
                            : side == 1 ? cv::Rect(cell.br().x - 1 + d, cell.y, 1, cell.height)
                            : side == 2 ? cv::Rect(cell.x, cell.y - d, cell.width, 1)
                                        : cv::Rect(cell.x, cell.br().y - 1 + d, cell.width, 1);
      if (const auto share = paper_share(integral, line); share && (!best || *share > *best)) best = share;
    }
    sides[side] = best.value_or(1.0);
  }
  return sides;
}

// A rectangle drawn inside a photo has a side in it (little paper); a printed copy has paper
// all round, a side at most partly hidden by a cut mark or the booth's name printed close by.
// A lone copy has no neighbours to vouch for it, so all its sides must be clear: a rectangle in
// a photo's light background, closed by a line across the neck, must not pass for one.
bool framed_by_paper(const std::array<double, 4>& sides, bool lone) {
  const double min_side = lone ? 0.6 : 0.4, min_mean = 0.75;
  return *std::min_element(sides.begin(), sides.end()) >= min_side &&
         (sides[0] + sides[1] + sides[2] + sides[3]) / 4 >= min_mean;
}

// The cells of a grid when each holds a copy: paper around (else the grid cuts through a
// picture) and something other than paper inside (else it is laid over blank paper). Empty
// otherwise: a sheet with a copy cut out is then found as the largest full grid left.
std::vector<cv::Rect> copies_on_grid(const Candidate& c, const cv::Mat& paper_integral, int reach) {
  std::vector<cv::Rect> cells;
  for (int r = 0; r < c.y.count; ++r)
    for (int col = 0; col < c.x.count; ++col) {
      const cv::Rect cell(c.x.start(col), c.y.start(r), c.x.size, c.y.size);
      const std::array<double, 4> around = paper_around(paper_integral, cell, reach);
      const cv::Rect inside(cell.x + reach, cell.y + reach, cell.width - 2 * reach, cell.height - 2 * reach);
      const double content = 1 - paper_share(paper_integral, inside).value_or(1.0);
      if (std::getenv("SHEET_DEBUG")) fprintf(stderr, "  cell around %.2f %.2f %.2f %.2f content %.2f\n", around[0], around[1], around[2], around[3], content);
      if (!framed_by_paper(around, c.x.count * c.y.count == 1) || content < min_copy_content) return {};
      cells.push_back(cell);
    }
  return cells;
}

struct Found {
  std::vector<cv::Rect> cells;  // work pixels, deskewed frame, reading order
  int columns = 0, rows = 0;
  double skew_deg = 0;
  WorkImage work;
};

std::optional<Found> find_grid(const cv::Mat& bgr, std::optional<double> dpi) {
  Found found;
  found.work = make_work_image(bgr, dpi);
  const WorkImage& work = found.work;
  const double mm = work.mm();
  found.skew_deg = estimate_skew(work.grey, 8 * mm);
  const cv::Mat deskewed = deskew(work.grey, found.skew_deg);
  // Copies are looked for on the paper only: a dark table around a phone picture of the sheet
  // has the strongest straight edges of all, the paper's own.
  const cv::Rect paper = paper_region(deskewed);
  const cv::Mat sheet = deskewed(paper);
  const BorderProfiles profiles = border_profiles(sheet, std::max(5, int(std::lround(line_mm * mm))));
  const int width = sheet.cols, height = sheet.rows;

  AxisSearch across;
  across.max_gutter = int(std::lround(max_gutter_mm * mm));
  if (work.px_per_mm > 0) {
    across.min_size = int(std::floor(size_search_low * copy_width_mm * mm));
    across.max_size = int(std::ceil(size_search_high * copy_width_mm * mm));
  } else {  // no dpi: a copy from a tenth of the image (an A4 scan) up to the whole paper
    across.min_size = std::max(8, int(0.1 * std::max(deskewed.cols, deskewed.rows)));
    across.max_size = int(std::min(width - 2.0, (height - 2.0) * copy_aspect * (1 + aspect_tolerance)));
  }
  const double tau_x = noise_level(profiles.column_starts) + noise_level(profiles.column_ends);
  const double tau_y = noise_level(profiles.row_starts) + noise_level(profiles.row_ends);
  std::vector<Candidate> candidates;
  for (const AxisGrid& x : fit_axis(profiles.column_starts, profiles.column_ends, across,
                                    noise_level(profiles.column_starts), noise_level(profiles.column_ends))) {
    if (x.count == 0) continue;
    AxisSearch down = across;
    down.nominal_size = x.size / copy_aspect;
    down.min_size = int(std::floor(down.nominal_size * (1 - aspect_tolerance)));
    down.max_size = int(std::ceil(down.nominal_size * (1 + aspect_tolerance)));
    for (const AxisGrid& y : fit_axis(profiles.row_starts, profiles.row_ends, down, noise_level(profiles.row_starts),
                                      noise_level(profiles.row_ends)))
      if (y.count > 0) candidates.push_back({x, y, x.score / tau_x + y.score / tau_y});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });

  cv::Mat paper_integral;
  cv::integral(paper_mask(sheet), paper_integral, CV_64F);
  if (std::getenv("SHEET_DEBUG")) cv::imwrite("/tmp/sheet-dev/paper.png", paper_mask(sheet));
  const int reach = std::max(3, int(std::lround(paper_reach_mm * mm)));
  for (const Candidate& c : candidates) {
    if (c.score < min_border_evidence * 2 * (c.x.count + c.y.count)) break;  // sorted: the rest are weaker
    if (std::getenv("SHEET_DEBUG")) fprintf(stderr, "cand x %d size %d pitch %d o %d | y %d size %d pitch %d o %d | score %.1f\n", c.x.count, c.x.size, c.x.pitch, c.x.origin, c.y.count, c.y.size, c.y.pitch, c.y.origin, c.score);
    found.cells = copies_on_grid(c, paper_integral, reach);
    if (found.cells.empty()) continue;
    for (cv::Rect& cell : found.cells) cell += paper.tl();
    found.columns = c.x.count;
    found.rows = c.y.count;
    return found;
  }
  return std::nullopt;
}

// Work-pixel border (the step between pixels p-1 and p is at p - 0.5) to image pixels.
double to_full(double work_position, double scale) { return (work_position + 0.5) / scale - 0.5; }

// Paper between a copy and its neighbours, image pixels; a border is never looked for past the
// middle of it, where the neighbour's own border lies.
struct Gaps {
  double left, right, above, below;
};

// Refines the four borders of one copy on the full image. Sides come first: shoulders reach
// them, so they are clear on ID photos. Top and bottom must then agree with the 35:45 aspect
// (within photo.size_mm's tolerance); when they do not, or one shows no step (a white background
// on white paper, or the paper's own edge taken for the top), the clearer one is kept and the
// other is looked for where the aspect puts it, and placed there if no step is found.
cv::RotatedRect refine_copy(const cv::Mat& bgr, const cv::Rect& cell, const Gaps& gaps, const Found& found) {
  const double k = found.work.scale;
  const cv::Point2d centre((bgr.cols - 1) / 2.0, (bgr.rows - 1) / 2.0);
  const cv::Matx23d to_image = cv::getRotationMatrix2D(centre, found.skew_deg, 1.0);
  double left = to_full(cell.x - 0.5, k), right = to_full(cell.br().x - 0.5, k);
  double top = to_full(cell.y - 0.5, k), bottom = to_full(cell.br().y - 0.5, k);
  const double window = 2.5 / k + 2;  // the coarse grid is good to a working pixel or two
  constexpr double min_contrast = 3, min_strength = 0.4, inner_share = 0.8;
  // The clear step between position - before and position + after, if any; each reach stops
  // half-way across the gap on its side. Borders are sampled away from the corners, where cut
  // marks are printed.
  auto refine = [&](bool vertical, double position, double before, double gap_before, double after,
                    double gap_after, double from, double to) -> std::optional<BorderFix> {
    const double margin = (to - from) * (1 - inner_share) / 2;
    const double low = position - std::min(before, std::max(2.0, gap_before / 2));
    const double high = position + std::min(after, std::max(2.0, gap_after / 2));
    const BorderFix fix = refine_border(bgr, to_image, vertical, low, high, from + margin, to - margin);
    if (fix.contrast >= min_contrast && fix.strength >= min_strength) return fix;
    return std::nullopt;
  };
  const double inside = cell.width / k;  // no gap limit inside the copy

  const double coarse_width = right - left;
  const auto l = refine(true, left, window, gaps.left, window, inside, top, bottom);
  const auto r = refine(true, right, window, inside, window, gaps.right, top, bottom);
  if (l) left = l->position;
  if (r) right = r->position;
  if (l && !r) right = left + coarse_width;
  if (r && !l) left = right - coarse_width;

  const double height = (right - left) / copy_aspect;
  const double aspect_window = aspect_tolerance * height;
  const auto t = refine(false, top, window, gaps.above, window, inside, left, right);
  const auto b = refine(false, bottom, window, inside, window, gaps.below, left, right);
  if (t && b && std::abs((b->position - t->position) / height - 1) <= aspect_tolerance) {
    top = t->position;
    bottom = b->position;
  } else if (b && (!t || b->strength >= t->strength)) {
    bottom = b->position;
    const auto again = refine(false, bottom - height, aspect_window, gaps.above + (top - (bottom - height)),
                              aspect_window, inside, left, right);
    top = again ? again->position : bottom - height;
  } else if (t) {
    top = t->position;
    const auto again = refine(false, top + height, aspect_window, inside, aspect_window,
                              gaps.below + ((top + height) - bottom), left, right);
    bottom = again ? again->position : top + height;
  }

  const cv::Point2d middle((left + right) / 2, (top + bottom) / 2);
  const cv::Point2d at(to_image(0, 0) * middle.x + to_image(0, 1) * middle.y + to_image(0, 2),
                       to_image(1, 0) * middle.x + to_image(1, 1) * middle.y + to_image(1, 2));
  return {cv::Point2f(at), cv::Size2f(float(right - left), float(bottom - top)), float(-found.skew_deg)};
}

}  // namespace

SheetLayout analyse_layout(const cv::Mat& bgr, std::optional<double> dpi) {
  if (bgr.empty() || bgr.type() != CV_8UC3) throw std::invalid_argument("analyse_layout needs an 8-bit BGR image");
  SheetLayout layout;
  // A dpi that makes the image larger than A3 or smaller than a copy is a default written by
  // software (72 or 96), not the scan's resolution: the layout is then found without it.
  const double long_mm = std::max(bgr.cols, bgr.rows) * 25.4 / dpi.value_or(1);
  if (dpi && (long_mm > max_sheet_mm || long_mm < size_search_low * copy_width_mm)) dpi.reset();
  std::optional<Found> found = find_grid(bgr, dpi);
  if (!found && dpi) found = find_grid(bgr, std::nullopt);  // the file's dpi may be wrong
  if (!found) return layout;
  const double image_area = double(found->work.grey.cols) * found->work.grey.rows;
  if (found->cells.size() == 1 && found->cells.front().area() >= photo_fill_share * image_area) return layout;

  layout.kind = InputKind::sheet;
  layout.columns = found->columns;
  layout.rows = found->rows;
  layout.skew_deg = found->skew_deg;
  const double k = found->work.scale, none = std::max(bgr.cols, bgr.rows);
  const double gutter_x = found->columns > 1 ? (found->cells[1].x - found->cells[0].br().x) / k : none;
  const double gutter_y = found->rows > 1 ? (found->cells[found->columns].y - found->cells[0].br().y) / k : none;
  for (std::size_t i = 0; i < found->cells.size(); ++i) {
    const int column = int(i) % found->columns, row = int(i) / found->columns;
    const Gaps gaps{column > 0 ? gutter_x : none, column + 1 < found->columns ? gutter_x : none,
                    row > 0 ? gutter_y : none, row + 1 < found->rows ? gutter_y : none};
    layout.copies.push_back(refine_copy(bgr, found->cells[i], gaps, *found));
  }
  return layout;
}

InputKind detect_kind(const cv::Mat& bgr, std::optional<double> dpi) { return analyse_layout(bgr, dpi).kind; }

std::vector<cv::RotatedRect> find_copies(const cv::Mat& bgr, std::optional<double> dpi) {
  return analyse_layout(bgr, dpi).copies;
}

}  // namespace conforme
