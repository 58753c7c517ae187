#pragma once
// What an image file says about itself before any pixel is decoded: its format, its declared
// size, whether it carries transparency, and whether its bytes reach the format's end. Lets the
// decoder refuse decompression bombs and truncated files with a precise reason, and keeps
// formats OpenCV could read but conforme does not accept (OpenEXR, JPEG 2000, GDAL rasters) away
// from their decoders.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace conforme {

enum class ImageFormat { jpeg, png, tiff, bmp, webp, unknown };

struct ImageHeader {
  ImageFormat format = ImageFormat::unknown;
  // For an unknown format: what the bytes look like ("a PDF document", "a GIF image"), empty
  // when nothing is recognised; `other_is_image` when it is an image format conforme does not read.
  std::string other;
  bool other_is_image = false;
  // Declared size in pixels, when the header could be parsed.
  std::optional<std::uint64_t> width, height;
  bool has_alpha = false;  // PNG colour type 4/6 or tRNS, WebP alpha flag
  // What one pixel holds as stored, when the header says: samples (alpha included) and bits per
  // sample (PNG IHDR, TIFF SamplesPerPixel and BitsPerSample, BMP bit count, JPEG frame header).
  std::optional<int> channels, bits_per_sample;
  int jpeg_scans = 0;                // start-of-scan markers: one per scan, many in a progressive file
  std::uint64_t jpeg_stray_bytes = 0;  // bytes between segments that are not a marker (libjpeg skips them)
  std::uint64_t png_idat_bytes = 0;  // compressed image data, all IDAT chunks together
  bool png_interlaced = false;
  // False when the data stops before the format's end (JPEG EOI, PNG IEND, RIFF size, BMP pixel
  // array, TIFF strips): the file was cut short.
  bool complete = true;
};

// Parses only headers and segment lengths (and, for JPEG, scans for the end-of-image marker):
// linear in the file size, never allocates pixels. Safe on any bytes, and on the first bytes of a
// file (then `complete` is false). Where a decoder library reads a field differently from the
// format's letter, this follows the library: JPEG bytes between segments are skipped as libjpeg
// skips them, TIFF sizes may be SHORT, LONG, SSHORT or SLONG and the first of duplicate tags
// counts, as in libtiff.
ImageHeader read_image_header(const std::vector<std::uint8_t>& bytes);

const char* format_name(ImageFormat format);

}  // namespace conforme
