// A reading of a planche is given only when it explains the sheet (issue "planches as people
// really print them": a wrong count or a box a millimetre off must never be reported, the sheet
// is then unclear). These rules are structural, not tuned: copies are printed on paper, in a
// grid, side by side without overlapping, and nothing but cut marks is printed between them.
#include <algorithm>
#include <cmath>
#include <string>

#include <opencv2/imgproc.hpp>

#include "sheet/sheet_detail.hpp"

namespace conforme::sheet_detail {
namespace {

// What a box may be off and still be right: photo.size_mm's tolerance is 1 mm, and the boxes are
// refined to a fraction of that; half of it is the slack allowed to the checks of the boxes'
// places, a quarter of it around a box where a picture left outside would show.
constexpr double slack_mm = 0.5, outside_slack_mm = 0.25;
// Printed lines (cut marks, cut lines, a lab's thin frame) are thinner than this and are not
// pictures; a strip of a copy left outside its box is wider.
constexpr double printed_line_mm = 0.75;
// A picture left outside the boxes: at least this much of it once the lines are gone (a strip
// 1 mm wide along a third of a copy's side).
constexpr double min_outside_mm2 = 10;

std::string number(int i) { return std::to_string(i + 1); }

std::string mm_text(double mm) {
  const long tenths = std::lround(mm * 10);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

}  // namespace

std::string layout_inconsistency(const FoundGrid& grid, const std::vector<cv::Rect2d>& boxes) {
  const double mm = grid.work.mm();
  const double slack = slack_mm * mm;
  const int columns = grid.columns, rows = grid.rows;
  // On the paper: no box crosses or lies on the paper's edge. A copy is printed with a margin,
  // and a box reaching the edge has taken the paper's edge for the copy's.
  const cv::Rect2d paper(grid.paper);
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const cv::Rect2d& b = boxes[i];
    if (b.x < paper.x + slack || b.y < paper.y + slack || b.br().x > paper.br().x - slack ||
        b.br().y > paper.br().y - slack)
      return "copy " + number(int(i)) + " of " + std::to_string(columns) + " x " + std::to_string(rows) +
             " reaches the paper's edge";
  }
  // A grid: the copies of a row at one height, those of a column at one place. A skew estimated
  // a tenth of a degree off turns the whole grid a little, so along a row or column the borders
  // may drift in a straight line; with three copies or more, one border off that line is wrong.
  auto off_line = [&](const std::vector<double>& along, const std::vector<double>& across) {
    const std::size_t n = along.size();
    if (n < 2) return 0.0;
    if (n == 2) return std::abs(across[1] - across[0]) / 2;  // each may be half of it off
    double ma = 0, mc = 0;
    for (std::size_t i = 0; i < n; ++i) ma += along[i] / double(n), mc += across[i] / double(n);
    double saa = 0, sac = 0;
    for (std::size_t i = 0; i < n; ++i) saa += (along[i] - ma) * (along[i] - ma), sac += (along[i] - ma) * (across[i] - mc);
    const double slope = saa > 0 ? sac / saa : 0;
    double worst = 0;
    for (std::size_t i = 0; i < n; ++i) worst = std::max(worst, std::abs(across[i] - mc - slope * (along[i] - ma)));
    return worst;
  };
  for (int r = 0; r < rows && columns > 1; ++r) {
    std::vector<double> xs, tops, bottoms;
    for (int c = 0; c < columns; ++c) {
      const cv::Rect2d& b = boxes[r * columns + c];
      xs.push_back(b.x + b.width / 2), tops.push_back(b.y), bottoms.push_back(b.br().y);
    }
    const double off = std::max(off_line(xs, tops), off_line(xs, bottoms));
    if (off > slack)
      return "a copy in row " + number(r) + " is " + mm_text(off / mm) + " mm above or below the others";
  }
  for (int c = 0; c < columns && rows > 1; ++c) {
    std::vector<double> ys, lefts, rights;
    for (int r = 0; r < rows; ++r) {
      const cv::Rect2d& b = boxes[r * columns + c];
      ys.push_back(b.y + b.height / 2), lefts.push_back(b.x), rights.push_back(b.br().x);
    }
    const double off = std::max(off_line(ys, lefts), off_line(ys, rights));
    if (off > slack)
      return "a copy in column " + number(c) + " is " + mm_text(off / mm) + " mm left or right of the others";
  }
  // Side by side, never overlapping.
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c + 1 < columns; ++c)
      if (boxes[r * columns + c].br().x > boxes[r * columns + c + 1].x + slack)
        return "copies " + number(r * columns + c) + " and " + number(r * columns + c + 1) + " overlap";
  for (int r = 0; r + 1 < rows; ++r)
    for (int c = 0; c < columns; ++c)
      if (boxes[r * columns + c].br().y > boxes[(r + 1) * columns + c].y + slack)
        return "copies " + number(r * columns + c) + " and " + number((r + 1) * columns + c) + " overlap";
  // Nothing but paper and thin lines outside the boxes: a copy missed, or a box short of its
  // copy's edge, leaves a picture there.
  // Lines are taken out first by a median over a square wider than them, then what is not paper
  // is looked for, on the paper inside its blurred edge.
  const int edge_band = int(std::ceil(2 * slack)) + 1;
  const cv::Rect paper_inner =
      cv::Rect(grid.paper.x + edge_band, grid.paper.y + edge_band, grid.paper.width - 2 * edge_band,
               grid.paper.height - 2 * edge_band) &
      cv::Rect(cv::Point(0, 0), grid.deskewed.size());
  if (paper_inner.width <= 4 || paper_inner.height <= 4) return {};
  const int line = std::max(3, int(std::lround(printed_line_mm * mm)) | 1);
  cv::Mat unlined, dark, textured;
  cv::medianBlur(grid.deskewed(paper_inner), unlined, line + 2);
  cv::compare(unlined, paper_light_level(unlined), dark, cv::CMP_LT);
  cv::bitwise_not(paper_mask(unlined), textured);
  textured &= ~dark;
  const double around = outside_slack_mm * mm;
  for (const cv::Rect2d& b : boxes) {
    const cv::Rect covered =
        cv::Rect(cv::Point(int(std::floor(b.x - around)), int(std::floor(b.y - around))) - paper_inner.tl(),
                 cv::Point(int(std::ceil(b.br().x + around)) + 1, int(std::ceil(b.br().y + around)) + 1) -
                     paper_inner.tl()) &
        cv::Rect(cv::Point(0, 0), unlined.size());
    dark(covered).setTo(0);
    textured(covered).setTo(0);
  }
  // Dark things are pictures once wider than a line; light ones that are only not flat must be
  // wider still, since the paper's own edge on a light scanner lid is a step of a few pixels.
  cv::Mat outside;
  cv::morphologyEx(dark, outside, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {line, line}));
  cv::morphologyEx(textured, textured, cv::MORPH_OPEN,
                   cv::getStructuringElement(cv::MORPH_RECT, {2 * line - 1, 2 * line - 1}));
  outside |= textured;
  const int count = cv::countNonZero(outside);
  if (count >= min_outside_mm2 * mm * mm) {
    const double area_mm2 = largest_inner_region(outside) / (mm * mm);
    if (area_mm2 >= min_outside_mm2)
      return "a picture of " + std::to_string(int(std::lround(area_mm2))) + " mm2 lies outside the " +
             std::to_string(columns) + " x " + std::to_string(rows) + " copies found";
  }
  return {};
}

}  // namespace conforme::sheet_detail
