// Planche generator: the copies on a paper sheet, then what a scan does to it (rotation,
// uneven lamp, sensor noise, JPEG). Seed 002 asks for the whole sheet, uncut; CERT staff
// receive scans of such sheets, so the tests need them with known copy boxes.
#include "sheet/make_planche.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "synth/synth.hpp"

namespace conforme {
namespace {

constexpr double mm_per_inch = 25.4;

struct Grid {
  int columns, rows;
};

Grid grid_for(int copies, bool landscape) {
  Grid g{};
  switch (copies) {
    case 2:
      g = {2, 1};
      break;
    case 4:
      g = {2, 2};
      break;
    case 6:
      g = {3, 2};
      break;
    case 8:
      g = {4, 2};
      break;
    default:
      throw std::invalid_argument("a planche holds 2, 4, 6 or 8 copies, not " + std::to_string(copies));
  }
  return landscape ? g : Grid{g.rows, g.columns};
}

// Printers' crop marks: short lines in the margin continuing each copy edge, and a small cross
// where gutters meet. Drawn in dark grey, 0.15 mm wide, as labs print them.
void draw_cut_marks(cv::Mat& sheet, const std::vector<cv::Rect>& copies, const Grid& grid, double px_per_mm) {
  const cv::Scalar ink(70, 70, 70);
  const int thickness = std::max(1, int(std::lround(0.15 * px_per_mm)));
  const int gap = int(std::lround(0.5 * px_per_mm));
  const cv::Rect all = std::accumulate(copies.begin(), copies.end(), copies.front(),
                                       [](cv::Rect a, const cv::Rect& b) { return a | b; });
  const int top_len = std::min(int(3 * px_per_mm), all.y - 2 * gap);
  const int side_len = std::min(int(3 * px_per_mm), all.x - 2 * gap);
  for (const cv::Rect& c : copies) {
    if (top_len > gap)  // room above and below the grid
      for (int x : {c.x, c.x + c.width - 1}) {
        cv::line(sheet, {x, all.y - gap}, {x, all.y - gap - top_len}, ink, thickness);
        cv::line(sheet, {x, all.br().y - 1 + gap}, {x, all.br().y - 1 + gap + top_len}, ink, thickness);
      }
    if (side_len > gap)  // room left and right of the grid
      for (int y : {c.y, c.y + c.height - 1}) {
        cv::line(sheet, {all.x - gap, y}, {all.x - gap - side_len, y}, ink, thickness);
        cv::line(sheet, {all.br().x - 1 + gap, y}, {all.br().x - 1 + gap + side_len, y}, ink, thickness);
      }
  }
  // Crosses at gutter crossings: the gutter centre lies half a gutter past a copy's far edge.
  for (int r = 0; r + 1 < grid.rows; ++r)
    for (int col = 0; col + 1 < grid.columns; ++col) {
      const cv::Rect& a = copies[r * grid.columns + col];
      const cv::Rect& d = copies[(r + 1) * grid.columns + col + 1];
      const cv::Point centre((a.br().x + d.x) / 2, (a.br().y + d.y) / 2);
      const int arm = int(0.4 * std::min(d.x - a.br().x, d.y - a.br().y));
      if (arm < 1) continue;
      cv::line(sheet, centre - cv::Point(arm, 0), centre + cv::Point(arm, 0), ink, thickness);
      cv::line(sheet, centre - cv::Point(0, arm), centre + cv::Point(0, arm), ink, thickness);
    }
}

cv::Mat fit_photo(const cv::Mat& photo, cv::Size size) {
  cv::Mat cropped = crop_to_aspect(photo, double(size.width) / size.height), fitted;
  const int interpolation = cropped.cols > size.width ? cv::INTER_AREA : cv::INTER_CUBIC;
  cv::resize(cropped, fitted, size, 0, 0, interpolation);
  return fitted;
}

// Brightness falls linearly along a random direction: a scanner lamp or a phone's light is
// never even across a 15 cm sheet.
void apply_illumination(cv::Mat& image32, double drop, cv::RNG& rng) {
  if (drop <= 0) return;
  const double direction = rng.uniform(0.0, 2 * CV_PI);
  const double dx = std::cos(direction), dy = std::sin(direction);
  const double extent = std::abs(dx) * image32.cols + std::abs(dy) * image32.rows;
  const double cx = image32.cols / 2.0, cy = image32.rows / 2.0;
  for (int y = 0; y < image32.rows; ++y) {
    auto* row = image32.ptr<cv::Vec3f>(y);
    for (int x = 0; x < image32.cols; ++x) {
      const double t = ((x - cx) * dx + (y - cy) * dy) / extent + 0.5;  // 0..1 across the sheet
      row[x] *= float(1.0 - drop * t);
    }
  }
}

std::uint32_t crc32(const std::uint8_t* data, std::size_t n) {
  // PNG's CRC-32 (ISO 3309). OpenCV 4.6 writes no pHYs chunk and zlib is not a declared
  // dependency of the library, so the chunk is built here.
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int shift : {24, 16, 8, 0}) out.push_back(std::uint8_t(v >> shift));
}

}  // namespace

cv::Size2d sheet_size_mm(SheetFormat format) {
  return format == SheetFormat::a6 ? cv::Size2d(105, 148) : cv::Size2d(100, 150);
}

cv::Mat crop_to_aspect(const cv::Mat& photo, double aspect) {
  const double current = double(photo.cols) / photo.rows;
  cv::Rect keep(0, 0, photo.cols, photo.rows);
  if (current > aspect) {
    keep.width = int(std::lround(photo.rows * aspect));
    keep.x = (photo.cols - keep.width) / 2;
  } else {
    keep.height = int(std::lround(photo.cols / aspect));
    keep.y = (photo.rows - keep.height) / 2;
  }
  return photo(keep).clone();
}

Planche make_planche(const std::vector<cv::Mat>& photos, const PlancheSpec& spec) {
  if (photos.empty()) throw std::invalid_argument("make_planche needs at least one photo");
  if (!(spec.dpi >= 50 && spec.dpi <= 2400)) throw std::invalid_argument("dpi must lie in 50..2400");
  const bool explicit_grid = spec.columns > 0 || spec.rows > 0;
  if (explicit_grid && (spec.columns < 1 || spec.columns > 4 || spec.rows < 1 || spec.rows > 4))
    throw std::invalid_argument("an explicit grid holds 1..4 x 1..4 copies");
  const Grid grid = explicit_grid ? Grid{spec.columns, spec.rows} : grid_for(spec.copies, spec.landscape);
  const int copies = grid.columns * grid.rows;
  const double px_per_mm = spec.dpi / mm_per_inch;
  cv::Size2d paper_mm = sheet_size_mm(spec.format);
  if (spec.landscape) paper_mm = {paper_mm.height, paper_mm.width};
  if (spec.paper_mm.width > 0 && spec.paper_mm.height > 0) paper_mm = spec.paper_mm;
  const cv::Size paper(int(std::lround(paper_mm.width * px_per_mm)), int(std::lround(paper_mm.height * px_per_mm)));
  const cv::Size copy(int(std::lround(spec.copy_mm.width * px_per_mm)),
                      int(std::lround(spec.copy_mm.height * px_per_mm)));
  // Gaps in pixels; copy k starts at the sum of the copies and gaps before it.
  auto gaps = [&](const std::vector<double>& given, int count) {
    if (!given.empty() && int(given.size()) != count - 1)
      throw std::invalid_argument("gutters: one per gap between copies");
    std::vector<int> px;
    for (int k = 0; k + 1 < count; ++k) px.push_back(int(std::lround((given.empty() ? spec.gutter_mm : given[k]) * px_per_mm)));
    return px;
  };
  const std::vector<int> gap_x = gaps(spec.gutters_x_mm, grid.columns), gap_y = gaps(spec.gutters_y_mm, grid.rows);
  std::vector<int> start_x{0}, start_y{0};
  for (int g : gap_x) start_x.push_back(start_x.back() + copy.width + g);
  for (int g : gap_y) start_y.push_back(start_y.back() + copy.height + g);
  const cv::Size grid_px(start_x.back() + copy.width, start_y.back() + copy.height);
  cv::Point origin((paper.width - grid_px.width) / 2, (paper.height - grid_px.height) / 2);
  if (spec.grid_origin_mm.x >= 0 && spec.grid_origin_mm.y >= 0)
    origin = {int(std::lround(spec.grid_origin_mm.x * px_per_mm)), int(std::lround(spec.grid_origin_mm.y * px_per_mm))};
  if (origin.x < 0 || origin.y < 0 || origin.x + grid_px.width > paper.width || origin.y + grid_px.height > paper.height)
    throw std::invalid_argument(std::to_string(grid.columns) + "x" + std::to_string(grid.rows) +
                                " copies with their gutters do not fit on the sheet");
  if (!spec.cell_photo.empty() && int(spec.cell_photo.size()) != copies)
    throw std::invalid_argument("cell_photo: one entry per cell");

  const double angle = spec.scan.rotation_deg, rad = angle * CV_PI / 180;
  double margin_mm = spec.scan.bed_margin_mm;
  if (margin_mm < 0) {  // just enough bed for the rotated sheet's corners, plus 1 mm
    const double grow_w =
        (paper_mm.width * std::abs(std::cos(rad)) + paper_mm.height * std::abs(std::sin(rad)) - paper_mm.width) / 2;
    const double grow_h =
        (paper_mm.width * std::abs(std::sin(rad)) + paper_mm.height * std::abs(std::cos(rad)) - paper_mm.height) / 2;
    margin_mm = angle == 0 ? 0 : std::max(grow_w, grow_h) + 1;
  }
  const int margin = int(std::lround(margin_mm * px_per_mm));
  cv::Mat canvas(paper.height + 2 * margin, paper.width + 2 * margin, CV_8UC3, spec.scan.bed_bgr);
  cv::Mat sheet = canvas(cv::Rect(margin, margin, paper.width, paper.height));
  sheet.setTo(spec.paper_bgr);

  Planche out;
  out.dpi = spec.dpi;
  out.columns = grid.columns;
  out.rows = grid.rows;
  std::vector<int> all_gaps = gap_x;
  all_gaps.insert(all_gaps.end(), gap_y.begin(), gap_y.end());
  out.gutter_min_mm = all_gaps.empty() ? 0 : *std::min_element(all_gaps.begin(), all_gaps.end()) / px_per_mm;
  std::vector<cv::Rect> placed;
  std::vector<cv::Mat> fitted(photos.size());
  for (int i = 0; i < copies; ++i) {
    const int photo = !spec.cell_photo.empty() ? spec.cell_photo[i] : i < int(photos.size()) ? i : 0;
    if (photo >= int(photos.size())) throw std::invalid_argument("cell_photo names a photo not given");
    const cv::Rect box(origin.x + start_x[i % grid.columns], origin.y + start_y[i / grid.columns], copy.width,
                       copy.height);
    if (photo >= 0) {
      if (fitted[photo].empty()) fitted[photo] = fit_photo(photos[photo], copy);
      fitted[photo].copyTo(sheet(box));
    }
    placed.push_back(box);
    out.copy_photo.push_back(photo);
  }
  if (spec.cut_marks) draw_cut_marks(sheet, placed, grid, px_per_mm);
  if (spec.cut_lines) {  // along every copy edge that touches another copy
    const cv::Scalar ink(90, 90, 90);
    const int thickness = std::max(1, int(std::lround(0.15 * px_per_mm)));
    for (int c = 0; c + 1 < grid.columns; ++c)
      if (gap_x[c] == 0) {
        const int x = origin.x + start_x[c + 1];
        cv::line(sheet, {x, origin.y}, {x, origin.y + grid_px.height - 1}, ink, thickness);
      }
    for (int r = 0; r + 1 < grid.rows; ++r)
      if (gap_y[r] == 0) {
        const int y = origin.y + start_y[r + 1];
        cv::line(sheet, {origin.x, y}, {origin.x + grid_px.width - 1, y}, ink, thickness);
      }
  }

  // Pixel centres sit on integer coordinates (OpenCV's convention), so a box covering columns
  // x .. x+w-1 is centred on x + (w-1)/2 in canvas coordinates.
  const cv::Point2f pivot((canvas.cols - 1) / 2.0f, (canvas.rows - 1) / 2.0f);
  const cv::Mat rotation = cv::getRotationMatrix2D(pivot, angle, 1.0);
  for (const cv::Rect& box : placed) {
    const cv::Point2d c(margin + box.x + (box.width - 1) / 2.0, margin + box.y + (box.height - 1) / 2.0);
    const cv::Matx23d m = rotation;
    const cv::Point2d rc(m(0, 0) * c.x + m(0, 1) * c.y + m(0, 2), m(1, 0) * c.x + m(1, 1) * c.y + m(1, 2));
    // A counter-clockwise turn on screen is a negative RotatedRect angle (y points down).
    out.copy_boxes.emplace_back(cv::Point2f(rc), cv::Size2f(box.size()), float(-angle));
  }
  if (angle != 0)
    cv::warpAffine(canvas, canvas, rotation, canvas.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, spec.scan.bed_bgr);

  cv::RNG rng(spec.seed);
  if (spec.scan.illumination_drop > 0 || spec.scan.noise_sigma > 0) {
    cv::Mat image32;
    canvas.convertTo(image32, CV_32FC3);
    apply_illumination(image32, spec.scan.illumination_drop, rng);
    if (spec.scan.noise_sigma > 0) {
      // One draw per pixel, the same on the three channels: sensor noise as it shows in the
      // luminance, at a third of the cost of a 600 dpi sheet's 25 million draws.
      cv::Mat noise(image32.size(), CV_32F), noise3;
      rng.fill(noise, cv::RNG::NORMAL, 0, spec.scan.noise_sigma);
      cv::cvtColor(noise, noise3, cv::COLOR_GRAY2BGR);
      image32 += noise3;
    }
    image32.convertTo(canvas, CV_8UC3);  // saturating
  }
  if (spec.scan.jpeg_quality > 0) {
    std::vector<std::uint8_t> bytes;
    cv::imencode(".jpg", canvas, bytes, {cv::IMWRITE_JPEG_QUALITY, std::clamp(spec.scan.jpeg_quality, 1, 100)});
    canvas = cv::imdecode(bytes, cv::IMREAD_COLOR);
  }
  out.bgr = canvas;
  return out;
}

std::vector<std::uint8_t> encode_with_dpi(const cv::Mat& bgr, const std::string& extension, double dpi,
                                          int jpeg_quality) {
  std::string ext = extension;
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (ext == ".jpg" || ext == ".jpeg")
    return synth::encode_jpeg_with_dpi(bgr, int(std::lround(dpi)), std::clamp(jpeg_quality, 1, 100));
  if (ext == ".png") {
    std::vector<std::uint8_t> bytes;
    cv::imencode(".png", bgr, bytes);
    // pHYs goes after IHDR (signature 8 bytes + IHDR chunk 25 bytes) and before IDAT.
    std::vector<std::uint8_t> phys;
    put_u32(phys, 9);
    const std::size_t type_at = phys.size();
    for (char c : {'p', 'H', 'Y', 's'}) phys.push_back(std::uint8_t(c));
    const auto per_metre = std::uint32_t(std::lround(dpi / 0.0254));
    put_u32(phys, per_metre);
    put_u32(phys, per_metre);
    phys.push_back(1);  // unit: metre
    put_u32(phys, crc32(phys.data() + type_at, phys.size() - type_at));
    bytes.insert(bytes.begin() + 33, phys.begin(), phys.end());
    return bytes;
  }
  throw std::invalid_argument("cannot record a dpi in '" + extension + "' files; use .jpg or .png");
}

nlohmann::json planche_to_json(const Planche& planche, const PlancheSpec& spec) {
  nlohmann::json boxes = nlohmann::json::array();
  for (std::size_t i = 0; i < planche.copy_boxes.size(); ++i) {
    const cv::RotatedRect& box = planche.copy_boxes[i];
    cv::Point2f corners[4];
    box.points(corners);  // bottom-left, top-left, top-right, bottom-right
    nlohmann::json pts = nlohmann::json::array();
    for (const auto& p : corners) pts.push_back({p.x, p.y});
    boxes.push_back({{"index", i},
                     {"photo", planche.copy_photo[i]},
                     {"center", {box.center.x, box.center.y}},
                     {"size", {box.size.width, box.size.height}},
                     {"angle_deg", box.angle},
                     {"corners", pts}});
  }
  return {{"dpi", planche.dpi},
          {"image_size", {planche.bgr.cols, planche.bgr.rows}},
          {"columns", planche.columns},
          {"rows", planche.rows},
          {"copies", int(planche.copy_boxes.size())},
          {"format", spec.format == SheetFormat::a6 ? "a6" : "10x15"},
          {"landscape", spec.landscape},
          {"copy_mm", {spec.copy_mm.width, spec.copy_mm.height}},
          {"gutter_mm", spec.gutter_mm},
          {"cut_marks", spec.cut_marks},
          {"scan",
           {{"rotation_deg", spec.scan.rotation_deg},
            {"noise_sigma", spec.scan.noise_sigma},
            {"illumination_drop", spec.scan.illumination_drop},
            {"jpeg_quality", spec.scan.jpeg_quality}}},
          {"seed", spec.seed},
          {"boxes", boxes}};
}

}  // namespace conforme
