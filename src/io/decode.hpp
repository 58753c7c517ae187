#pragma once
// Reading and decoding one input file, with its resolution when the file states one.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "io/input_error.hpp"

namespace conforme {

struct DecodeLimits {
  std::uint64_t max_file_bytes = 512ull << 20;  // larger files are refused before reading
  std::uint64_t max_pixels = 100'000'000;       // larger declared images are refused before decoding
};

struct DecodedImage {
  cv::Mat bgr;                // 8-bit, 3 channels, EXIF orientation applied, alpha over white
  std::optional<double> dpi;  // from JFIF density or PNG pHYs; nullopt when the file says nothing
  std::optional<double> jpeg_quality;  // IJG quality fitted to a JPEG's luminance table (io/jpeg_quality.hpp)
};

// Reads the whole file. Throws InputError (not_found, symlink_loop, permission_denied,
// is_directory, not_a_file, empty_file, too_large, read_failed) naming the path. Never blocks on
// a FIFO.
std::vector<std::uint8_t> read_file_bytes(const std::string& path, const DecodeLimits& limits);

// Decodes bytes read from `path` (used only in messages), judged by their content whatever the
// file's extension. Throws InputError (not_an_image, unsupported_format, too_large — from the
// header, before any pixel is decoded —, truncated, corrupt).
DecodedImage decode_image(const std::vector<std::uint8_t>& bytes, const std::string& path,
                          const DecodeLimits& limits);

// Resolution stated by the file, in dots per inch: JFIF density, EXIF XResolution, PNG pHYs.
std::optional<double> read_dpi(const std::vector<std::uint8_t>& bytes);

}  // namespace conforme
