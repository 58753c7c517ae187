#pragma once
// Generated planches (print sheets of identical ID photos) with their true copy boxes, so the
// sheet splitter and the sheet.* checks can be tested against known answers (seed 002:
// "planche photo entière … non découpée"). Deterministic: same photos and spec, same pixels.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

namespace conforme {

// Print formats sold by photo booths and labs, in millimetres (width x height, portrait).
enum class SheetFormat { photo_10x15, a6 };
cv::Size2d sheet_size_mm(SheetFormat format);

// What a flatbed scanner or a phone adds to a printed sheet. All zero: a clean digital sheet.
struct ScanSimulation {
  double rotation_deg = 0;            // counter-clockwise as displayed; CERT scans show up to 3
  double noise_sigma = 0;             // gaussian sensor noise, grey levels (luminance)
  double illumination_drop = 0;       // 0..1: brightness falls linearly by this share across the sheet
  int jpeg_quality = 0;               // 1..100: JPEG round trip in memory; 0 = none
  double bed_margin_mm = -1;          // scanner bed shown around the sheet; < 0: just enough for the rotation
  cv::Scalar bed_bgr{228, 230, 232};  // scanner lid, a little darker than paper
};

struct PlancheSpec {
  int copies = 6;  // 2, 4, 6 or 8, laid out 2x1, 2x2, 3x2, 4x2 (columns x rows) on a landscape sheet
  double dpi = 300;
  SheetFormat format = SheetFormat::photo_10x15;
  bool landscape = true;                // portrait transposes the grid (1x2, 2x2, 2x3, 2x4)
  cv::Size2d copy_mm{35, 45};           // 30x40 makes a wrong-size sheet (photo.size_mm)
  double gutter_mm = 2;                 // paper between neighbouring copies
  cv::Scalar paper_bgr{255, 255, 255};  // gutter and margin colour
  bool cut_marks = false;               // crop marks in the margins and crosses where gutters meet
  ScanSimulation scan;
  std::uint64_t seed = 1;  // drives the noise and the illumination direction

  // Any layout, as photo booths, labs and home-printing apps lay them out. Zero: from the fields
  // above (copies, landscape, gutter_mm, format, the grid centred).
  int columns = 0, rows = 0;              // explicit grid, 1..4 x 1..4; copies is then columns x rows
  std::vector<double> gutters_x_mm;       // columns - 1 gaps, left to right (0: copies touching)
  std::vector<double> gutters_y_mm;       // rows - 1 gaps, top to bottom
  cv::Size2d paper_mm{0, 0};              // as laid (width x height), instead of format and landscape
  cv::Point2d grid_origin_mm{-1, -1};     // the first copy's top-left corner on the paper; < 0: centred
  // Per cell (reading order), the index of the photo it shows; -1 leaves the cell blank. Empty: the
  // rule of make_planche (copy i shows photos[i], or photos[0]).
  std::vector<int> cell_photo;
  bool cut_lines = false;  // a thin dark line printed along the edges of touching copies
};

struct Planche {
  cv::Mat bgr;  // 8-bit BGR
  double dpi = 0;
  int columns = 0, rows = 0;
  // True box of each copy in image pixels, reading order (rows top to bottom, then left to right);
  // size is (copy width, copy height) and |angle| < 45, so the box's top is the photo's top.
  std::vector<cv::RotatedRect> copy_boxes;
  std::vector<int> copy_photo;  // index into the photos given to make_planche, per copy; -1: blank cell
  double gutter_min_mm = 0;     // the narrowest gap between two neighbouring copies
};

// Centre crop of `photo` to width:height = aspect (35:45 = 0.778).
cv::Mat crop_to_aspect(const cv::Mat& photo, double aspect);

// Lays the photos out on a sheet. Copy i shows photos[i] when i < photos.size(), photos[0]
// otherwise, so {a} gives identical copies and {a, b} a sheet whose copy 1 differs.
// Each photo is centre-cropped to the copy's aspect, then resized to the copy's pixel size.
// requires: photos non-empty 8-bit BGR; spec.copies in {2, 4, 6, 8} or spec.columns x spec.rows
// in 1..4 x 1..4; the grid fits the sheet (throws std::invalid_argument naming what does not fit).
Planche make_planche(const std::vector<cv::Mat>& photos, const PlancheSpec& spec);

// The file bytes of an image with its resolution recorded, so readers (io/dpi.cpp) find the
// physical size: JFIF density in dots per inch for ".jpg"/".jpeg" (synth::encode_jpeg_with_dpi),
// a pHYs chunk for ".png" (OpenCV 4.6 writes none).
// requires: 8-bit BGR; extension ".jpg", ".jpeg" or ".png" (throws std::invalid_argument).
std::vector<std::uint8_t> encode_with_dpi(const cv::Mat& bgr, const std::string& extension, double dpi,
                                          int jpeg_quality = 95);

// Sidecar description of a planche: dpi, grid, spec and every true copy box (centre, size,
// angle, corners), for the evaluation scripts and anyone checking a generated sample by hand.
nlohmann::json planche_to_json(const Planche& planche, const PlancheSpec& spec);

}  // namespace conforme
