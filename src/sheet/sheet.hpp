#pragma once
// Planche detection and splitting. Seed 002 asks for "la planche photo entière … non découpée":
// a print sheet holding 2-8 identical 35x45 mm copies separated by light gutters, received as a
// scan or a phone picture (rotated up to a few degrees, uneven white, noise, JPEG). These
// functions tell a sheet from a single photo, find every copy, cut it out upright, and measure
// how far the copies are from identical. They measure; the profiles judge (sheet.uncut,
// sheet.copies_identical, photo.size_mm).
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

namespace conforme {

enum class InputKind { photo, sheet };

struct SheetLayout {
  InputKind kind = InputKind::photo;
  // Each copy's box in image pixels, reading order (rows top to bottom, then left to right).
  // size is (copy width, copy height), |angle| < 45 degrees: the box's top is the photo's top.
  // Empty for a photo.
  std::vector<cv::RotatedRect> copies;
  int columns = 0, rows = 0;  // the grid the copies were found on
  double skew_deg = 0;        // the sheet's rotation in the image, counter-clockwise as displayed
};

// Finds the copies on `bgr` and decides what the image is.
// requires: bgr 8-bit, 3 channels, non-empty; dpi (dots per inch) from the file or the user,
// nullopt when unknown — then copies are found from the 35:45 aspect and the grid alone.
// ensures: kind == sheet when the image shows one or more copies surrounded by paper (a single
// cut copy on a scanner bed is a sheet with one copy), photo otherwise (the image is the photo);
// deterministic; does not use OpenCV's thread pool beyond what the caller allows.
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

// Largest difference between any copy and the first, each pair aligned (small translation),
// on blurred grey images at a common size, brightness and contrast matched, in 0..1 grey units:
// the mean absolute difference of the worst 5 mm-scale block, so a change confined to the mouth
// or the background counts as much as a different person. 0 for fewer than two copies.
// requires: copies 8-bit BGR or grey, non-empty, each about 35:45.
double copies_difference(const std::vector<cv::Mat>& copies);

}  // namespace conforme
