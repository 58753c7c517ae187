#pragma once
// PNG through libpng with the project's own error and warning handlers. OpenCV 4.6's PNG reader
// leaves libpng's default handlers in place, which print "libpng error: …" and "libpng warning:
// …" on stderr, without the file's name, even under `--quiet`; here every message is kept for the
// record of the file that caused it.
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace conforme {

struct PngDecoded {
  // The pixels as cv::imdecode gives them: with `keep_alpha`, as IMREAD_UNCHANGED (grey, grey +
  // alpha, BGR or BGRA at 8 or 16 bits, a palette and tRNS expanded); without it, as
  // IMREAD_COLOR (8-bit BGR, 16-bit samples cut to their high byte, alpha dropped). Empty when
  // libpng gave up; `error` then says why.
  cv::Mat pixels;
  std::string error;
  std::vector<std::string> warnings;  // libpng's warnings, at most 8
  // libpng's warning that the rows decoded are not those written, or empty. After the last row
  // libpng reads the compressed image data to its end and reports what zlib finds there as a
  // warning (a "benign error"): the Adler-32 checksum of the rows not matching ("IDAT: incorrect
  // data check"), or the stream broken after them. A chunk's CRC catches most damage first (libpng
  // then gives up: `error`); damage written with a fresh CRC is caught only here. Bytes after the
  // stream's end ("Extra compressed data", "Too much image data") leave the rows whole.
  std::string damaged_rows;
  // The embedded ICC profile (iCCP) of a colour PNG, decompressed; empty for grey images and
  // files without one (io/colour_profile.hpp).
  std::vector<std::uint8_t> colour_profile;
};

PngDecoded decode_png(const std::vector<std::uint8_t>& bytes, bool keep_alpha);

}  // namespace conforme
