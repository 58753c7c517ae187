#pragma once
// Planche detection and splitting. The Ville de Saint-Paul page asks for "la planche photo entière … non découpée":
// a print sheet holding 2-16 identical copies (35x45 mm in France) in a grid or a booth strip, received as a
// scan or a phone picture (rotated up to a few degrees, uneven white, noise, JPEG). These
// functions tell a sheet from a single photo, find every copy, cut it out upright, and measure
// how far the copies are from identical. They measure; the profiles judge (sheet.uncut,
// sheet.copies_identical, photo.size_mm).
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace conforme {

enum class InputKind { photo, sheet };

// The image averaged over exact factor x factor pixel blocks, factor a power of two, for the work
// that does not need every pixel of a 600 dpi scan: finding the layout and comparing the copies.
struct ReducedImage {
  cv::Mat bgr;     // 8-bit BGR; the image itself (not a copy) when factor is 1
  int factor = 1;  // image pixels per reduced pixel along each axis
  cv::Size image;  // the full image's size
};

struct SheetLayout {
  InputKind kind = InputKind::photo;
  // Each copy's box in image pixels, reading order (rows top to bottom, then left to right).
  // size is (copy width, copy height), |angle| < 45 degrees: the box's top is the photo's top.
  // Empty for a photo.
  std::vector<cv::RotatedRect> copies;
  int columns = 0, rows = 0;  // the grid the copies were found on
  double skew_deg = 0;        // the sheet's rotation in the image, counter-clockwise as displayed
  // The image at about 150 dpi (at least 1.5 times the splitter's working scale), on which the
  // layout was found; the copies are compared on it. Empty when no search ran.
  ReducedImage reduced;
  // Non-empty when the image is a sheet whose layout cannot be decided (copies empty): what was
  // seen, for the input's sheet_layout_unclear error record. A report on fewer copies than the
  // sheet holds, or the sheet read as one photo, would be wrong.
  std::string unclear;
  // True when `unclear` comes from no grid found at all (paper and pictures, by the dpi large
  // enough for two copies): the caller decides, since a single photo on a light backdrop whose
  // file carries a software default of 72 or 96 dpi looks the same.
  bool no_grid = false;
  // True when the copies were found at the file's dpi (copies 26-44 mm wide on an image that, by
  // the same dpi, can hold two): one copy found so is a cut photo on a page, not a photo.
  bool found_at_dpi = false;
};

// Finds the copies on `bgr` and decides what the image is.
// requires: bgr 8-bit, 3 channels, non-empty; dpi (dots per inch) from the file or the user,
// nullopt when unknown. With a dpi, copies of 26-44 mm wide are looked for (so that a 30x40 mm
// print is found and photo.size_mm rejects it); without one, or when the dpi is implausible
// (the image would be larger than A3) or finds nothing, from the 35:45 aspect and the grid alone.
// Any grid of 1..4 x 1..4 copies (booth strips included), gutters from 0 (copies touching, with
// a dpi) to 30 mm, equal or not, any margins; the grid comes from the copies' borders, never
// from their likeness, so a copy of another person, another crop or exposure is found like the
// others, and a cell left blank inside the grid is returned as a copy too (it then differs).
// ensures: kind == sheet when the image shows copies on a grid with paper around each
// (a single cut copy on a scanner bed is a sheet with one copy); photo otherwise, and always
// when, by its dpi, the image is too small to hold two copies. Copies are found whole or not at
// all: on a sheet with a copy cut away, the largest full grid left. When two grids of different
// copies fit equally well, when a grid of more copies fits better but fails on the image, or
// when an image large enough by its dpi to hold two copies shows paper and pictures but no
// grid, or when the copies found do not explain the sheet (a picture left outside them, two
// overlapping, one reaching the paper's edge, one out of line with its row or column, or touching
// copies of which no two borders show, so that nothing measures their size):
// kind == sheet, no copies, and `unclear` says what was seen. Deterministic; uses only
// the OpenCV threads the caller allows (the pipeline sets one).
// Limits: without a dpi, copies closer than about 1.3 mm (touching copies cannot then be told
// from one photo split in four); a white background on white paper within 2 mm of the paper's
// edge (its top may be placed on that edge); a copy the scan's edge cuts (a sheet filling the
// scan, turned, with a copy close to the paper's edge) is not read, the layout is unclear.
SheetLayout analyse_layout(const cv::Mat& bgr, std::optional<double> dpi);

// analyse_layout(bgr, dpi).kind
InputKind detect_kind(const cv::Mat& bgr, std::optional<double> dpi);

// analyse_layout(bgr, dpi).copies: empty when the image is a single photo.
std::vector<cv::RotatedRect> find_copies(const cv::Mat& bgr, std::optional<double> dpi);

// Each box cut out of `bgr` as an upright image of round(width) x round(height) pixels,
// resampled bilinearly so a rotated sheet gives straight photos.
// requires: boxes as analyse_layout returns them (|angle| < 45).
cv::Mat extract_copy(const cv::Mat& bgr, const cv::RotatedRect& box);
std::vector<cv::Mat> extract_copies(const cv::Mat& bgr, const std::vector<cv::RotatedRect>& boxes);

// Largest difference between any copy and the first: each copy brought to 140x180 px (4 px/mm),
// blurred, aligned on the first by the best translation within 2 mm (cv::matchTemplate, then to a
// fraction of a pixel), each
// colour channel matched in mean and spread (a scanner lamp dims one side of the sheet), then
// the mean absolute difference, 0..1, of the worst 3x3 mm window. Colour counts (a light blue
// and a light grey backdrop have the same grey), and so does a change confined to the mouth.
// Identical copies of a scanned sheet measure up to 0.009 (0.014 on a noisy JPEG at 3 degrees);
// another person 0.29 and more, another backdrop 0.09, an opened mouth 0.03.
// 0 for fewer than two copies; the largest of differences_to_first(copies).
// requires: copies 8-bit BGR or grey, non-empty, each about 35:45.
double copies_difference(const std::vector<cv::Mat>& copies);

// Each copy's difference to the first, as copies_difference measures it (0 for the first).
std::vector<double> differences_to_first(const std::vector<cv::Mat>& copies);

// The same for copies cut out of a reduced image (SheetLayout::reduced): a copy of at least
// 140 x 180 reduced pixels loses nothing the comparison at 4 px/mm sees, and a 600 dpi sheet's
// copies are then cut from 16 times fewer pixels.
// requires: boxes in full-image pixels, as analyse_layout returns them.
std::vector<double> differences_to_first(const ReducedImage& reduced, const std::vector<cv::RotatedRect>& boxes);

}  // namespace conforme
