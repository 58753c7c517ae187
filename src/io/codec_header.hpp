#pragma once
// The size an image will be decoded at, as the decoder library itself reads it from the header,
// before any pixel is decoded: libjpeg's jpeg_read_header, libpng's png_read_info, libtiff's
// TIFFGetField — the same libraries, and the same calls, OpenCV decodes with. The limits are
// applied to these numbers, so a header the project's own parser (io/image_header.hpp) reads
// differently from the library cannot slip a bomb past them. BMP and WebP have no such call in
// a library OpenCV uses for them here: their fixed header fields come from the own parser.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/image_header.hpp"

namespace conforme {

struct CodecHeader {
  std::uint64_t width = 0, height = 0;
  int channels = 0;         // samples per pixel as stored, alpha included
  int bits_per_sample = 0;  // 8, 12, 16, 32 …
  std::vector<std::string> warnings;  // what the library said while reading the header
  // A TIFF's embedded ICC profile (tag 34675) when its first directory is RGB; empty otherwise
  // (io/colour_profile.hpp).
  std::vector<std::uint8_t> colour_profile;
};

// The library's reading of `bytes` (already recognised as `format` by read_image_header).
// ensures: no pixel is decoded; a JPEG is read up to its first scan, a PNG up to its first IDAT,
// a TIFF's first directory only. Returns nullopt, and the library's message in `error`, when the
// library refuses the header (then its decoder would refuse the file too).
std::optional<CodecHeader> read_codec_header(const std::vector<std::uint8_t>& bytes, ImageFormat format,
                                             std::string& error);

}  // namespace conforme
