// Random planches: the layouts ID photos are really printed in, drawn over every range the sheet
// splitter claims to read, so that its tests are not drawn by the same hand as its assumptions.
#include "sheet/random_planche.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace conforme {
namespace {

constexpr double min_margin_mm = 2;  // paper kept round the grid (a cut sheet has none: sheet.uncut)

struct Draw {
  cv::RNG rng;
  double uniform(double lo, double hi) { return rng.uniform(lo, hi); }
  int pick(int n) { return rng.uniform(0, n); }  // 0..n-1
  bool chance(double p) { return rng.uniform(0.0, 1.0) < p; }
};

// One gap between copies: touching, thin or wide, at most `cap` mm.
double draw_gutter(Draw& d, double cap) {
  cap = std::max(0.0, cap);
  const double u = d.uniform(0.0, 1.0);
  double g = u < 0.2 ? 0.0 : u < 0.45 ? d.uniform(0.5, 3.0) : d.uniform(3.0, 30.0);
  if (g > cap) g = d.chance(0.5) ? cap : d.uniform(0.0, cap);
  return std::round(g * 10) / 10;
}

// Gaps along one axis: equal (one draw) or not (one per gap), fitting in `room` mm.
std::vector<double> draw_gutters(Draw& d, int count, double room, bool equal) {
  std::vector<double> gaps;
  if (count < 2) return gaps;
  const double cap = std::min(30.0, room / (count - 1));
  const double shared = draw_gutter(d, cap);
  for (int k = 0; k + 1 < count; ++k) gaps.push_back(equal ? shared : draw_gutter(d, cap));
  double total = 0;
  for (double g : gaps) total += g;
  if (total > room) for (double& g : gaps) g = std::floor(g * room / total * 10) / 10;
  return gaps;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

cv::Mat other_crop(const cv::Mat& photo) {
  // Zoomed in by a fifth and moved down: the head larger and higher, as another take would be.
  const int w = int(photo.cols * 0.8), h = int(photo.rows * 0.8);
  return photo(cv::Rect((photo.cols - w) / 2, (photo.rows - h) / 4, w, h)).clone();
}

cv::Mat other_exposure(const cv::Mat& photo) {
  // Overexposed: a brighter curve that clips the highlights, as a flash too close does.
  cv::Mat lut(1, 256, CV_8U);
  for (int i = 0; i < 256; ++i) lut.at<uchar>(i) = cv::saturate_cast<uchar>(255.0 * std::pow(i / 255.0, 0.5) * 1.15);
  cv::Mat out;
  cv::LUT(photo, lut, out);
  return out;
}

}  // namespace

std::string planche_kind_name(PlancheKind kind) {
  switch (kind) {
    case PlancheKind::lab_4_on_10x15: return "lab_4_on_10x15";
    case PlancheKind::lab_6_on_10x15: return "lab_6_on_10x15";
    case PlancheKind::lab_8_on_10x15: return "lab_8_on_10x15";
    case PlancheKind::two_on_10x15: return "two_on_10x15";
    case PlancheKind::booth_strip: return "booth_strip";
    case PlancheKind::a4_home_print: return "a4_home_print";
    case PlancheKind::any_grid: return "any_grid";
  }
  return "?";
}

std::string copy_difference_name(CopyDifference difference) {
  switch (difference) {
    case CopyDifference::none: return "none";
    case CopyDifference::other_person: return "other_person";
    case CopyDifference::other_crop: return "other_crop";
    case CopyDifference::other_exposure: return "other_exposure";
    case CopyDifference::blank_cell: return "blank_cell";
  }
  return "?";
}

std::string RandomPlanche::describe() const {
  std::ostringstream out;
  out << planche_kind_name(kind) << " " << planche.columns << "x" << planche.rows << " copy " << spec.copy_mm.width
      << "x" << spec.copy_mm.height << "mm paper " << spec.paper_mm.width << "x" << spec.paper_mm.height << "mm at "
      << spec.grid_origin_mm.x << "," << spec.grid_origin_mm.y << " gutters x[";
  for (double g : spec.gutters_x_mm) out << g << " ";
  out << "] y[";
  for (double g : spec.gutters_y_mm) out << g << " ";
  out << "] " << spec.dpi << "dpi paper(" << spec.paper_bgr[0] << "," << spec.paper_bgr[1] << "," << spec.paper_bgr[2]
      << ") bed " << spec.scan.bed_margin_mm << "mm(" << spec.scan.bed_bgr[0] << ") rot " << spec.scan.rotation_deg
      << " noise " << spec.scan.noise_sigma << " light " << spec.scan.illumination_drop << " jpeg "
      << spec.scan.jpeg_quality << (spec.cut_lines ? " cut-lines" : "") << (spec.cut_marks ? " cut-marks" : "")
      << " differs " << copy_difference_name(difference) << "@" << differing_cell;
  return out.str();
}

RandomPlanche random_planche(std::uint64_t seed, const std::vector<cv::Mat>& faces, double max_dpi) {
  if (faces.size() < 2) throw std::invalid_argument("random_planche needs at least two faces");
  Draw d{cv::RNG(seed * 2654435761ULL + 12345)};
  RandomPlanche out;
  out.kind = PlancheKind(seed % planche_kind_count);
  PlancheSpec& spec = out.spec;
  spec.seed = seed;

  // Copy size: mostly the French 35 x 45 mm, else another print size of about that aspect.
  const cv::Size2d sizes[] = {{35, 45}, {35, 45}, {35, 45}, {30, 40}, {34, 44}, {36, 46}, {40, 50}, {33, 43}};
  cv::Size2d copy = sizes[d.pick(8)];
  int columns = 2, rows = 2;
  cv::Size2d paper;
  switch (out.kind) {
    case PlancheKind::lab_4_on_10x15:
      paper = d.chance(0.5) ? cv::Size2d(100, 150) : cv::Size2d(150, 100);
      break;
    case PlancheKind::lab_6_on_10x15:
      if (d.chance(0.5)) {
        columns = 3, paper = {150, 100};
      } else {
        rows = 3, paper = {100, 150};
      }
      break;
    case PlancheKind::lab_8_on_10x15:
      columns = 4, paper = {150, 100};
      copy = d.chance(0.7) ? cv::Size2d(35, 45) : cv::Size2d(30, 40);
      break;
    case PlancheKind::two_on_10x15:
      if (d.chance(0.5)) {
        rows = 1, paper = {150, 100};
      } else {
        columns = 1, paper = {100, 150};
      }
      break;
    case PlancheKind::booth_strip: {
      const int n = 3 + d.pick(2);
      const bool vertical = d.chance(0.6);
      columns = vertical ? 1 : n;
      rows = vertical ? n : 1;
      break;  // the strip is cut to the copies plus margins, below
    }
    case PlancheKind::a4_home_print:
      columns = 2 + d.pick(3), rows = 2 + d.pick(3);
      paper = d.chance(0.8) ? cv::Size2d(210, 297) : cv::Size2d(297, 210);
      break;
    case PlancheKind::any_grid:
      do {
        columns = 1 + d.pick(4), rows = 1 + d.pick(4);
      } while (columns * rows < 2);
      break;
  }
  // Large copies do not fit a 10 x 15 cm 6-up: the common size then.
  const bool fixed_paper = paper.width > 0;
  if (fixed_paper && (columns * copy.width + 2 * min_margin_mm > paper.width ||
                      rows * copy.height + 2 * min_margin_mm > paper.height))
    copy = {35, 45};
  spec.copy_mm = copy;
  const bool equal = d.chance(0.6);
  if (fixed_paper) {
    spec.gutters_x_mm = draw_gutters(d, columns, paper.width - columns * copy.width - 2 * min_margin_mm, equal);
    spec.gutters_y_mm = draw_gutters(d, rows, paper.height - rows * copy.height - 2 * min_margin_mm, equal);
  } else {
    spec.gutters_x_mm = draw_gutters(d, columns, 30.0 * (columns - 1), equal);
    spec.gutters_y_mm = draw_gutters(d, rows, 30.0 * (rows - 1), equal);
  }
  const cv::Size2d grid(columns * copy.width + sum(spec.gutters_x_mm), rows * copy.height + sum(spec.gutters_y_mm));
  if (!fixed_paper) {  // a strip or a sheet cut round the grid: margins of 2 to 30 mm
    const double mx = out.kind == PlancheKind::booth_strip ? d.uniform(2, 8) : d.uniform(min_margin_mm, 30);
    const double my = out.kind == PlancheKind::booth_strip ? d.uniform(2, 8) : d.uniform(min_margin_mm, 30);
    paper = {std::ceil(grid.width + mx + d.uniform(min_margin_mm, mx + min_margin_mm)),
             std::ceil(grid.height + my + d.uniform(min_margin_mm, my + min_margin_mm))};
  }
  spec.paper_mm = paper;
  spec.columns = columns;
  spec.rows = rows;
  spec.copies = columns * rows;
  // Margins: anywhere the grid fits, not only centred.
  const double room_x = paper.width - grid.width - 2 * min_margin_mm, room_y = paper.height - grid.height - 2 * min_margin_mm;
  spec.grid_origin_mm = {std::floor((min_margin_mm + d.uniform(0, std::max(0.0, room_x))) * 10) / 10,
                         std::floor((min_margin_mm + d.uniform(0, std::max(0.0, room_y))) * 10) / 10};

  // Resolution: scanners at 200 to 600 dpi; A4 capped at 300 (a 600 dpi A4 is 35 Mpx).
  const double dpis[] = {200, 300, 300, 400, 600};
  spec.dpi = dpis[d.pick(5)];
  if (paper.width * paper.height > 160 * 160) spec.dpi = std::min(spec.dpi, 300.0);
  spec.dpi = std::min(spec.dpi, max_dpi);

  // Paper: white, cream or tinted, a little dimmer or not.
  const cv::Scalar papers[] = {{255, 255, 255}, {250, 250, 250}, {222, 238, 248}, {246, 236, 222},
                               {236, 236, 236}, {238, 232, 248}, {228, 244, 236}};
  spec.paper_bgr = papers[d.pick(7)];
  spec.cut_marks = d.chance(0.3);
  spec.cut_lines = d.chance(0.5);

  // Scan: the sheet fills the scan, or lies on a dark bed, or on a light lid; skewed, noisy,
  // unevenly lit, JPEG, or clean.
  const double bed = d.uniform(0, 1);
  if (bed < 0.35) {
    spec.scan.bed_margin_mm = -1;
  } else if (bed < 0.7) {
    spec.scan.bed_margin_mm = d.uniform(3, 15);
    spec.scan.bed_bgr = cv::Scalar::all(d.uniform(15, 70));
  } else {
    spec.scan.bed_margin_mm = d.uniform(0, 10);
  }
  if (d.chance(0.75)) {
    spec.scan.rotation_deg = std::round(d.uniform(-3, 3) * 100) / 100;
    spec.scan.noise_sigma = d.uniform(0, 8);
    spec.scan.illumination_drop = d.uniform(0, 0.3);
    spec.scan.jpeg_quality = d.chance(0.6) ? 60 + d.pick(36) : 0;
  }

  // Photos: a reference face, and maybe one differing copy.
  const int reference = d.pick(int(faces.size()));
  std::vector<cv::Mat> photos{faces[reference]};
  spec.cell_photo.assign(spec.copies, 0);
  if (spec.copies >= 2 && d.chance(0.4)) {
    out.differing_cell = d.pick(spec.copies);
    const double u = d.uniform(0, 1);
    out.difference = u < 0.4   ? CopyDifference::other_person
                     : u < 0.6 ? CopyDifference::other_crop
                     : u < 0.8 ? CopyDifference::other_exposure
                               : CopyDifference::blank_cell;
    // A blank cell is only a cell when its row and its column hold copies.
    if (out.difference == CopyDifference::blank_cell && (columns < 2 || rows < 2))
      out.difference = CopyDifference::other_person;
    switch (out.difference) {
      case CopyDifference::other_person: {
        int other = d.pick(int(faces.size()) - 1);
        if (other >= reference) ++other;
        photos.push_back(faces[other]);
        break;
      }
      case CopyDifference::other_crop: photos.push_back(other_crop(faces[reference])); break;
      case CopyDifference::other_exposure: photos.push_back(other_exposure(faces[reference])); break;
      default: break;
    }
    spec.cell_photo[out.differing_cell] = out.difference == CopyDifference::blank_cell ? -1 : 1;
  }
  out.planche = make_planche(photos, spec);
  return out;
}

}  // namespace conforme
