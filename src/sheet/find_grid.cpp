// The grid of copies on a sheet: every regular grid is scored against the border evidence, and
// the best one whose cells look like printed copies (paper around, a picture inside) wins.
// The Ville de Saint-Paul page: the planche is checked whole, so no copy may be missed or invented.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include <opencv2/imgproc.hpp>

#include "sheet/sheet_detail.hpp"

namespace conforme::sheet_detail {
namespace {

constexpr double max_gutter_mm = 30;  // the widest gutter looked for (a 2-up on 10 x 15 cm: 26 mm)
constexpr double border_run_mm = 10;  // matched-filter run: under a third of the shortest copy side
// A copy's surroundings must be mostly paper, and its inside mostly not: what makes it a copy
// and not a rectangle drawn through a portrait.
constexpr double paper_reach_mm = 2.0, min_copy_content = 0.1;
// Mean evidence per border of an accepted grid, in noise units (the profile's median level).
// Printed sheets score 6 and more, even with a white background hiding the copies' tops; grids
// fitted to a portrait's own edges score under 2.
constexpr double min_border_evidence = 3;

// A second reading with other copies scoring this share of the best one makes the layout
// unclear; so does a grid of more copies scoring this share above the accepted one but failing
// on the image (with the dpi known, each only when it holds a picture left out: see below).
// What each pixel of a gutter that is not paper costs, in noise units of border evidence.
constexpr double gutter_cost = 6;
constexpr int min_gutter_without_dpi_px = 5;
constexpr double rival_share = 0.97, rejected_share = 1.0;
// Picture inside such a grid's cells and outside the accepted grid's, as a share of a copy's
// area, that makes the layout unclear: a copy may have been dropped. A dropped copy shows more,
// even over-exposed; the accepted cells, a working pixel or two off their copies' edges, leave
// less of them out. (The reading is then still checked whole by layout_inconsistency, which sees
// a picture of 10 mm2 left outside the boxes, but not one reaching the paper's edge.)
constexpr double min_left_out_share = 0.1;
constexpr double min_left_out_mm2 = min_left_out_share * copy_width_mm * copy_height_mm;

double noise_level(const std::vector<float>& profile) {
  std::vector<float> v = profile;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return std::max(0.25, 2.0 * v[v.size() / 2]);
}

struct Candidate {
  AxisGrid x, y;
  double score;
  // Copies touching along both axes whose shared borders do not all show: read only when the
  // cells repeat one photo (cells_repeat).
  bool needs_repeat = false;
};

std::string describe(const Candidate& c) {
  return "a grid of " + std::to_string(c.x.count()) + " x " + std::to_string(c.y.count()) + " copies";
}

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
// blur of the step itself is not flat). Sides within reach of the paper's edge say nothing and
// count as paper: a margin of a millimetre or two next to a dark table is all blur.
std::array<double, 4> paper_around(const cv::Mat& integral, const cv::Rect& cell, int reach) {
  std::array<double, 4> sides{};
  for (int side = 0; side < 4; ++side) {
    std::optional<double> best;
    for (int d = 1; d <= reach; ++d) {
      const cv::Rect line = side == 0   ? cv::Rect(cell.x - d, cell.y, 1, cell.height)
                            : side == 1 ? cv::Rect(cell.br().x - 1 + d, cell.y, 1, cell.height)
                            : side == 2 ? cv::Rect(cell.x, cell.y - d, cell.width, 1)
                                        : cv::Rect(cell.x, cell.br().y - 1 + d, cell.width, 1);
      const auto share = paper_share(integral, line);
      if (!share || (line & cv::Rect(0, 0, integral.cols - 1, integral.rows - 1)) != line) {
        best = 1.0;  // the paper's edge
        break;
      }
      if (!best || *share > *best) best = share;
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

// Integral images of the paper mask and of the grey level on it, to measure the share of paper
// and its grey level over any rectangle.
struct PaperIntegrals {
  cv::Mat paper, grey;             // CV_64F; grey sums the grey level of paper pixels only
  std::optional<cv::Vec3d> level;  // the paper's grey fitted over the sheet (off_paper)
};
// Mean grey level of the paper pixels in r (clipped to the image), and how many there are.
std::pair<double, double> paper_level(const PaperIntegrals& in, cv::Rect r) {
  r &= cv::Rect(0, 0, in.paper.cols - 1, in.paper.rows - 1);
  if (r.empty()) return {0, 0};
  auto sum = [&](const cv::Mat& m) {
    return m.at<double>(r.br()) - m.at<double>(r.y, r.br().x) - m.at<double>(r.br().y, r.x) + m.at<double>(r.tl());
  };
  const double count = sum(in.paper) / 255;
  return {count > 0 ? sum(in.grey) / count : 0, count};
}

// A gutter crossing the cell: a column or row of paper from side to side in its middle part.
// Four copies 2x2 have the aspect of one; an ID photo is never crossed by paper, since the head
// and shoulders fill its middle (a white background fills only its top and sides).
// A gutter joins the paper beyond the cell's sides at its grey level: a light and flat line
// through a picture lighter or darker than the paper at either of its ends (an over-exposed copy
// whose face and background are paler than grey or cream paper) is the picture, not a gutter. A
// line that meets no paper beyond the cell (beyond each side the picture of a copy a gutter
// narrower than the reach away, or the paper's edge) is compared with the paper's grey fitted
// over the whole sheet at its place (off_paper's plane); it is taken for a gutter when no plane
// was fitted. So is any line of paper across a
// lone copy, nothing vouching for it (see framed_by_paper), and across the copies of a grid
// searched without the dpi, of any size: a rectangle in a large picture's light backdrop must
// not pass for a copy.
bool crossed_by_paper(const PaperIntegrals& in, const cv::Rect& cell, int reach, bool any_level) {
  constexpr double middle = 0.6, paper_across = 0.9, other_grey = 8;
  const int skip_x = int(cell.width * (1 - middle) / 2), skip_y = int(cell.height * (1 - middle) / 2);
  auto gutter = [&](const cv::Rect& line, const cv::Rect& before, const cv::Rect& after) {
    if (paper_share(in.paper, line).value_or(0) < paper_across) return false;
    if (any_level) return true;
    const auto [level, n] = paper_level(in, line);
    const auto [level_before, n_before] = paper_level(in, before);
    const auto [level_after, n_after] = paper_level(in, after);
    const double min_beyond = 0.5 * reach;
    const bool seen_before = n_before >= min_beyond, seen_after = n_after >= min_beyond;
    if (!seen_before && !seen_after) {
      if (!in.level) return true;
      const cv::Point2d centre(line.x + (line.width - 1) / 2.0, line.y + (line.height - 1) / 2.0);
      const double paper_grey = (*in.level)[0] + (*in.level)[1] * centre.x + (*in.level)[2] * centre.y;
      return std::abs(level - paper_grey) <= other_grey;
    }
    return (!seen_before || std::abs(level - level_before) <= other_grey) &&
           (!seen_after || std::abs(level - level_after) <= other_grey);
  };
  for (int x = cell.x + skip_x; x < cell.br().x - skip_x; ++x)
    if (gutter({x, cell.y + 2, 1, cell.height - 4}, {x, cell.y - reach, 1, reach}, {x, cell.br().y, 1, reach}))
      return true;
  for (int y = cell.y + skip_y; y < cell.br().y - skip_y; ++y)
    if (gutter({cell.x + 2, y, cell.width - 4, 1}, {cell.x - reach, y, reach, 1}, {cell.br().x, y, reach, 1}))
      return true;
  return false;
}

// The cells of a grid when each holds a copy or is an empty cell of it: paper around each copy
// (else the grid cuts through a picture), except on a side that touches the next copy (a 0 mm
// gutter: only a cut line or the photos' own edges separate them), and something other than
// paper inside. A cell of paper only is an empty cell (a copy missing) when its row and its
// column hold copies: the grid comes from the copies' borders, never from the copies alone.
// Empty `cells` otherwise: a sheet with a copy cut out is then found as the largest grid left.
struct GridCells {
  std::vector<cv::Rect> cells;
  std::vector<bool> empty;
  std::string rejected;  // why the grid is not one of copies; empty when it is
  bool phantom = false;  // rejected for a row or column holding no copy at all
};
GridCells copies_on_grid(const Candidate& c, const PaperIntegrals& integrals, int reach, bool dpi_known) {
  const cv::Mat& paper_integral = integrals.paper;
  GridCells out;
  const int columns = c.x.count(), rows = c.y.count();
  std::vector<int> copies_in_row(rows, 0), copies_in_column(columns, 0);
  for (int r = 0; r < rows; ++r)
    for (int col = 0; col < columns; ++col) {
      const cv::Rect cell(c.x.start(col), c.y.start(r), c.x.size, c.y.size);
      std::array<double, 4> around = paper_around(paper_integral, cell, reach);
      // A side that touches the next copy has that copy beside it, not paper.
      if (col > 0 && c.x.start(col) - c.x.end(col - 1) <= reach) around[0] = 1;
      if (col + 1 < columns && c.x.start(col + 1) - c.x.end(col) <= reach) around[1] = 1;
      if (r > 0 && c.y.start(r) - c.y.end(r - 1) <= reach) around[2] = 1;
      if (r + 1 < rows && c.y.start(r + 1) - c.y.end(r) <= reach) around[3] = 1;
      const cv::Rect inside(cell.x + reach, cell.y + reach, cell.width - 2 * reach, cell.height - 2 * reach);
      const double content = 1 - paper_share(paper_integral, inside).value_or(1.0);
      const bool empty = content < min_copy_content;
      // A copy is printed inside the paper: a cell on the paper's own edge has taken that edge
      // for a copy's border (layout_inconsistency refuses such a reading whatever else it holds).
      if (!empty && dpi_known &&
          (cell.x <= 0 || cell.y <= 0 || cell.br().x >= paper_integral.cols - 1 || cell.br().y >= paper_integral.rows - 1)) {
        GridCells no;
        no.rejected = "cell " + std::to_string(r * columns + col + 1) + " lies on the paper's edge";
        return no;
      }
      if (!empty && !framed_by_paper(around, columns * rows == 1)) {
        GridCells no;
        no.rejected = "cell " + std::to_string(r * columns + col + 1) + " is not framed by paper";
        return no;
      }
      if (!empty && crossed_by_paper(integrals, cell, reach, columns * rows == 1 || !dpi_known)) {
        GridCells no;
        no.rejected = "cell " + std::to_string(r * columns + col + 1) + " is crossed by a gutter";
        return no;
      }
      if (!empty) ++copies_in_row[r], ++copies_in_column[col];
      out.cells.push_back(cell);
      out.empty.push_back(empty);
    }
  const bool no_row = std::find(copies_in_row.begin(), copies_in_row.end(), 0) != copies_in_row.end();
  const bool no_column = std::find(copies_in_column.begin(), copies_in_column.end(), 0) != copies_in_column.end();
  if (no_row || no_column) {
    GridCells no;
    no.rejected = no_row ? "a row holds no copy" : "a column holds no copy";
    no.phantom = true;
    return no;
  }
  return out;
}

// Where two copies touch, their shared border must show as clearly as a fair share of the
// grid's outer borders (a cut line, or the step between one photo's edge and the next): a border
// through the middle of every photo shows little, and would split each copy into touching
// quarters of the right aspect.
constexpr double min_touching_share = 0.2;
bool touching_borders_shown(const AxisGrid& g, const std::vector<float>& starts, const std::vector<float>& ends) {
  const int n = int(starts.size());
  auto around = [&](const std::vector<float>& v, int p) {
    float best = 0;
    for (int q = std::max(0, p - 1); q <= std::min(n - 1, p + 1); ++q) best = std::max(best, v[q]);
    return double(best);
  };
  const double outer = (around(starts, g.start(0)) + around(ends, g.end(g.count() - 1))) / 2;
  for (int i = 0; i + 1 < g.count(); ++i) {
    if (g.start(i + 1) - g.end(i) > touching_px) continue;
    const int p = g.start(i + 1);
    if (std::max(around(starts, p), around(ends, p)) < min_touching_share * outer) return false;
  }
  return true;
}

// Whether some copies of the axis touch (a gap under half a millimetre).
bool touches(const AxisGrid& g) {
  for (int i = 0; i + 1 < g.count(); ++i)
    if (g.start(i + 1) - g.end(i) <= touching_px) return true;
  return false;
}

// Grids for the columns first (copies' sides are clear: shoulders reach them), then for the rows
// of each, copies' height from the 35:45 aspect; best first.
std::vector<Candidate> ranked_grids(const BorderProfiles& profiles, const cv::Mat& paper, bool dpi_known, double mm,
                                    cv::Size image) {
  const int width = int(profiles.column_starts.size()), height = int(profiles.row_starts.size());
  AxisSearch across;
  across.keep = 8;
  across.max_gutter = int(std::lround(max_gutter_mm * mm));
  across.min_gutter = dpi_known ? 0 : min_gutter_without_dpi_px;
  if (dpi_known) {
    across.min_size = int(std::floor(size_search_low * copy_width_mm * mm));
    across.max_size = int(std::ceil(size_search_high * copy_width_mm * mm));
  } else {  // a copy from a tenth of the image (an A4 scan) up to the whole paper
    across.min_size = std::max(8, int(0.1 * std::max(image.width, image.height)));
    across.max_size = int(std::min(width - 2.0, (height - 2.0) * copy_aspect * (1 + aspect_tolerance)));
  }
  const double column_start_noise = noise_level(profiles.column_starts),
               column_end_noise = noise_level(profiles.column_ends);
  const double row_start_noise = noise_level(profiles.row_starts), row_end_noise = noise_level(profiles.row_ends);
  // Share of paper down each column and along each row of the sheet.
  cv::Mat down_columns, along_rows;
  cv::reduce(paper, down_columns, 0, cv::REDUCE_AVG, CV_32F);
  cv::reduce(paper, along_rows, 1, cv::REDUCE_AVG, CV_32F);
  across.paper.assign(down_columns.begin<float>(), down_columns.end<float>());
  for (float& v : across.paper) v /= 255;
  across.gutter_cost = gutter_cost * (column_start_noise + column_end_noise) / 2;
  std::vector<float> row_paper(along_rows.begin<float>(), along_rows.end<float>());
  for (float& v : row_paper) v /= 255;
  std::vector<Candidate> candidates;
  // Column grids of different counts mostly share a copy width, and the row search depends on
  // nothing else: it runs once per width.
  std::map<int, std::vector<AxisGrid>> rows_for_width;
  for (const AxisGrid& x :
       fit_axis(profiles.column_starts, profiles.column_ends, across, column_start_noise, column_end_noise)) {
    auto [rows, fresh] = rows_for_width.try_emplace(x.size);
    if (fresh) {
      AxisSearch down = across;
      down.keep = 3;
      down.paper = row_paper;
      down.gutter_cost = gutter_cost * (row_start_noise + row_end_noise) / 2;
      down.nominal_size = x.size / copy_aspect;
      down.min_size = int(std::floor(down.nominal_size * (1 - aspect_tolerance)));
      down.max_size = int(std::ceil(down.nominal_size * (1 + aspect_tolerance)));
      rows->second = fit_axis(profiles.row_starts, profiles.row_ends, down, row_start_noise, row_end_noise);
    }
    // Scores in noise units, so that columns and rows weigh alike.
    // Copies touching along one axis only need no border of their own there: identical photos
    // printed edge to edge without a cut line show almost none, and the copies' size (a dpi is
    // known when copies may touch), the 35:45 aspect and the paper round the run set how many it
    // holds. Touching along both axes with a border not shown, they may be a larger photo cut in
    // quarters (a file whose dpi is half the scan's): that border must show, or, with the dpi
    // known, the cells must repeat one photo (cells_repeat), as a photo's quarters never do.
    const bool x_shown = touching_borders_shown(x, profiles.column_starts, profiles.column_ends);
    const bool x_touches = touches(x);
    for (const AxisGrid& y : rows->second) {
      const bool y_shown = touching_borders_shown(y, profiles.row_starts, profiles.row_ends);
      const bool hidden = !(x_shown && y_shown) && !(!x_shown && !touches(y)) && !(!y_shown && !x_touches);
      if (hidden && !dpi_known) continue;
      const double score =
          x.score / (column_start_noise + column_end_noise) + y.score / (row_start_noise + row_end_noise);
      candidates.push_back({x, y, score, hidden});
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  return candidates;
}

// Whether the cells of a grid repeat one photo across the borders where they touch: every cell
// holding a picture and touching another, but at most one (a copy that differs), is alike a cell
// it touches, its middle matching that cell within a working pixel or two (normalised
// cross-correlation, so a lamp dimming one side of the sheet changes nothing). Identical photos printed edge to edge show
// almost no border between them, and only their repetition tells them from one larger photo
// cut in quarters, whose touching quarters are never alike. Alike across a touching border, not
// anywhere on the sheet: the quarters of copies printed at twice the size the dpi says are alike
// their counterparts in the other copies, never the quarter beside them.
// It vouches for borders that do not show, never for the grid alone: the cells must still be
// framed by paper round the run and hold pictures, and the reading must explain the sheet.
// Measured: identical copies touching both ways on generated scans (noise, JPEG, turned up to
// 3 degrees) 0.97-0.997; the quarters of each portrait of tests/data/faces, read as touching
// copies on paper (tests/sheet/kind_test.cpp), at most 0.75.
constexpr double min_repeat_correlation = 0.9;
bool cells_repeat(const cv::Mat& sheet, const Candidate& c, const GridCells& grid) {
  constexpr int shift = 2;
  const int columns = c.x.count(), rows = c.y.count();
  const cv::Rect all(cv::Point(0, 0), sheet.size());
  auto alike = [&](int i, int j) {
    const cv::Rect &a = grid.cells[i], &b = grid.cells[j];
    const cv::Rect middle(a.x + 2 * shift, a.y + 2 * shift, a.width - 4 * shift, a.height - 4 * shift);
    const cv::Rect around(b.x + shift, b.y + shift, b.width - 2 * shift, b.height - 2 * shift);
    if (middle.width < 8 || middle.height < 8 || (middle & all) != middle || (around & all) != around) return false;
    cv::Mat correlation;
    cv::matchTemplate(sheet(around), sheet(middle), correlation, cv::TM_CCOEFF_NORMED);
    double best = 0;
    cv::minMaxLoc(correlation, nullptr, &best);
    return best >= min_repeat_correlation;
  };
  // A cell that touches no other has gutters on every side, whose borders show: nothing to vouch for.
  std::vector<bool> repeated(grid.cells.size(), false), touching(grid.cells.size(), false);
  for (int r = 0; r < rows; ++r)
    for (int col = 0; col < columns; ++col) {
      const int i = r * columns + col;
      if (grid.empty[i]) continue;
      // The cell to the right and the one below, where they touch it.
      const bool right = col + 1 < columns && c.x.start(col + 1) - c.x.end(col) <= touching_px;
      const bool below = r + 1 < rows && c.y.start(r + 1) - c.y.end(r) <= touching_px;
      for (const auto& [joined, j] : {std::pair{right, i + 1}, std::pair{below, i + columns}}) {
        if (!joined || grid.empty[j]) continue;
        touching[i] = touching[j] = true;
        if (!(repeated[i] && repeated[j]) && alike(i, j)) repeated[i] = repeated[j] = true;
      }
    }
  int unrepeated = 0;
  for (std::size_t i = 0; i < grid.cells.size(); ++i)
    if (touching[i] && !repeated[i]) ++unrepeated;
  return unrepeated <= 1;
}

// Takes away from a mask of what is not paper the lines thinner than a millimetre (cut marks, cut
// lines, a copy's printed edge), keeping pictures.
void open_thin_lines_away(cv::Mat& not_paper, double mm) {
  const int line = std::max(3, int(std::lround(mm)) | 1);
  cv::morphologyEx(not_paper, not_paper, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {line, line}));
}

// What a grid of more copies holds that the accepted grid leaves out: the pictures (anything not
// paper, once lines thinner than a millimetre are opened away) inside its cells and outside the
// accepted cells widened by `reach`, mm2. A copy the accepted grid dropped lies there whole; when
// the accepted grid holds the copies, only the paper round them does. Measured within the
// better grid's cells, so the scanner bed beyond the paper's edge is never counted.
double left_out_mm2(const Candidate& better, const std::vector<cv::Rect>& accepted_cells, const cv::Mat& paper_pixels,
                    int reach, double mm) {
  cv::Mat left_out(paper_pixels.size(), CV_8U, cv::Scalar(0));
  const cv::Rect all(cv::Point(0, 0), paper_pixels.size());
  for (int r = 0; r < better.y.count(); ++r)
    for (int col = 0; col < better.x.count(); ++col)
      left_out(cv::Rect(better.x.start(col), better.y.start(r), better.x.size, better.y.size) & all).setTo(255);
  for (const cv::Rect& cell : accepted_cells)
    left_out(cv::Rect(cell.x - reach, cell.y - reach, cell.width + 2 * reach, cell.height + 2 * reach) & all).setTo(0);
  left_out &= ~paper_pixels;
  open_thin_lines_away(left_out, mm);
  return cv::countNonZero(left_out) / (mm * mm);
}

// The largest picture on the sheet outside a grid's cells widened by `reach`, mm2: anything not
// paper once lines thinner than a millimetre are opened away, apart from what reaches the
// sheet's edge (the scanner bed, the paper's own edge). A copy the grid leaves out lies there
// whole. 0 without looking further when all that is not paper there, lines included, is less
// than `at_least` mm2 (most sheets: only paper, cut marks and noise lie outside the copies).
double largest_left_out_mm2(const std::vector<cv::Rect>& cells, const cv::Mat& paper_pixels, int reach, double mm,
                            double at_least) {
  cv::Mat outside = ~paper_pixels;
  const cv::Rect all(cv::Point(0, 0), paper_pixels.size());
  for (const cv::Rect& cell : cells)
    outside(cv::Rect(cell.x - reach, cell.y - reach, cell.width + 2 * reach, cell.height + 2 * reach) & all).setTo(0);
  if (cv::countNonZero(outside) < at_least * mm * mm) return 0;
  open_thin_lines_away(outside, mm);
  return largest_inner_region(outside) / (mm * mm);
}

}  // namespace

std::optional<FoundGrid> find_grid(const ReducedImage& reduced, std::optional<double> dpi) {
  FoundGrid found;
  found.work = make_work_image(reduced, dpi);
  const WorkImage& work = found.work;
  const double mm = work.mm();
  found.skew_deg = estimate_skew(work.grey, 8 * mm);
  const cv::Mat deskewed = deskew(work.grey, found.skew_deg);
  // Copies are looked for on the paper only: a dark table around a phone picture of the sheet
  // has the strongest straight edges of all, the paper's own.
  const cv::Rect paper = paper_region(deskewed);
  const cv::Mat sheet = deskewed(paper);
  const cv::Mat paper_pixels = paper_mask(sheet);
  // The borders from the sheet's distance to the paper's grey: a copy lighter than cream or
  // tinted paper (a white background) steps away from it at its borders as a darker one does.
  PaperIntegrals integrals;
  const BorderProfiles profiles = border_profiles(off_paper(sheet, paper_pixels, &integrals.level),
                                                  std::max(5, int(std::lround(border_run_mm * mm))));
  const std::vector<Candidate> candidates = ranked_grids(profiles, paper_pixels, work.px_per_mm > 0, mm, deskewed.size());
  cv::integral(paper_pixels, integrals.paper, CV_64F);
  cv::integral(sheet & paper_pixels, integrals.grey, CV_64F);
  const int reach = std::max(3, int(std::lround(paper_reach_mm * mm)));
  // The best-scoring grid whose cells hold copies. The layout is unclear when a grid with other
  // copies scores as well (two readings, and nothing to choose between them), or when a grid
  // holding more copies scores better but fails on the image (a copy would be dropped), and,
  // with the dpi known, that grid holds a picture the accepted one leaves out (left_out_mm2).
  const Candidate* accepted = nullptr;
  GridCells accepted_cells;
  const Candidate* better_rejected = nullptr;
  std::string rejected_why;
  for (const Candidate& c : candidates) {
    if (c.score < min_border_evidence * 2 * (c.x.count() + c.y.count())) break;  // sorted: the rest are weaker
    // Once a grid is accepted, only a grid of other copies can make the reading unclear.
    if (accepted && c.score < rival_share * accepted->score) break;
    if (accepted && c.x.count() == accepted->x.count() && c.y.count() == accepted->y.count()) continue;
    GridCells cells = copies_on_grid(c, integrals, reach, work.px_per_mm > 0);
    // Touching both ways with a border not shown and no repetition: a larger photo in quarters is
    // no grid at all (neither accepted nor a better grid doubting another).
    if (c.needs_repeat && (cells.cells.empty() || !cells_repeat(sheet, c, cells))) continue;
    if (!accepted) {
      // A reading must explain the sheet (layout_inconsistency). With the copies' size known, a
      // grid whose cells leave out a picture of a tenth of a copy or more cannot: it is refused
      // here like a grid that fails on the image, and the search goes on to the next grid (which
      // may hold that copy too) instead of stopping at a reading refused afterwards. The grid of
      // a sheet's copies can score under such a grid when an edge repeats inside every copy (a
      // suit's lapel, 8 mm in) and the borders between touching copies show little.
      if (!cells.cells.empty() && work.px_per_mm > 0) {
        const double outside = largest_left_out_mm2(cells.cells, paper_pixels, reach, mm, min_left_out_mm2);
        if (outside >= min_left_out_mm2) {
          cells.rejected = "its cells leave out a picture of " + std::to_string(int(std::lround(outside))) + " mm2";
          cells.cells.clear();
          cells.empty.clear();
        }
      }
      if (cells.cells.empty()) {
        if (!cells.phantom &&
            (!better_rejected || c.x.count() * c.y.count() > better_rejected->x.count() * better_rejected->y.count())) {
          better_rejected = &c;
          rejected_why = cells.rejected;
        }
        continue;
      }
      accepted = &c;
      accepted_cells = std::move(cells);
      continue;
    }
    // A rival that holds no picture outside the accepted copies reads the same copies (fewer of
    // them, or the same a little shifted): the accepted grid, which scores better and drops
    // none, stands. Copies of a known size only: without the dpi a rival may merge or split them.
    if (!cells.cells.empty() &&
        (work.px_per_mm <= 0 ||
         left_out_mm2(c, accepted_cells.cells, paper_pixels, reach, mm) >= min_left_out_mm2)) {
      found.unclear = describe(*accepted) + " and " + describe(c) + " fit the copies' borders equally well";
      break;
    }
  }
  if (!accepted) return std::nullopt;
  if (found.unclear.empty() && better_rejected &&
      better_rejected->x.count() * better_rejected->y.count() > accepted->x.count() * accepted->y.count() &&
      better_rejected->score > accepted->score * rejected_share) {
    const std::string why = describe(*better_rejected) + " fits the borders better than " + describe(*accepted) +
                            ", but on the image " + rejected_why;
    const double left_out = left_out_mm2(*better_rejected, accepted_cells.cells, paper_pixels, reach, mm);
    if (left_out >= min_left_out_mm2)
      found.unclear = why + "; its cells hold " + std::to_string(int(std::lround(left_out))) +
                      " mm2 of picture outside the copies of " + describe(*accepted);
    else
      found.doubt = why;
  }
  found.cells = std::move(accepted_cells.cells);
  found.empty = std::move(accepted_cells.empty);
  for (cv::Rect& cell : found.cells) cell += paper.tl();
  found.paper = paper;
  found.deskewed = deskewed;
  found.columns = accepted->x.count();
  found.rows = accepted->y.count();
  return found;
}

}  // namespace conforme::sheet_detail
