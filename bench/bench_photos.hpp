#pragma once
// Generated benchmark inputs: ID-size photos and 6-up planches made from the test portraits, so
// every benchmark measures the sizes the SPEC's speed targets are stated for.
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace conforme::bench {

// 35 x 45 mm at 600 dpi (SPEC, Speed).
inline constexpr int id_width_px = 827, id_height_px = 1063;
// 15 x 10 cm at 600 dpi holding 3 x 2 copies.
inline constexpr int planche_width_px = 3543, planche_height_px = 2362;
inline constexpr int jpeg_quality = 92;
inline constexpr int dots_per_inch = 600;

enum class PhotoSet { single, planche };

// The portraits (*.jpg) of `dir`, sorted by name; empty dir means tests/data/faces.
// ensures: at least one image, or throws std::runtime_error naming the directory.
std::vector<cv::Mat> load_portraits(const std::string& dir = {});

// Variant `variant` of a portrait cropped to 827 x 1063: the crop shifts and the exposure moves
// a little per variant so no two generated files are byte-identical.
cv::Mat id_photo(const cv::Mat& portrait, int variant);

// Photo `i` (827 x 1063) of the sets write_photo_set writes: the portraits in turn, each round
// with other variants.
cv::Mat set_photo(const std::vector<cv::Mat>& portraits, int i);

// A 3543 x 2362 white sheet holding six copies of `photo` (827 x 1063) with even gutters.
cv::Mat planche(const cv::Mat& photo);

// JPEG bytes with a JFIF density of 600 dpi, so millimetre checks are measurable.
std::vector<std::uint8_t> encode_jpeg(const cv::Mat& bgr, int quality = jpeg_quality);

// Writes `count` files of `set` into `dir` (created if missing); returns their paths in order.
std::vector<std::string> write_photo_set(const std::string& dir, PhotoSet set, int count,
                                         const std::vector<cv::Mat>& portraits);

}  // namespace conforme::bench
