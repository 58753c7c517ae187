// Resolution stated by the file. Millimetre checks use it; without it they are reported
// not measurable rather than guessed (SPEC, Inputs).
#include <cstring>

#include "io/decode.hpp"

namespace conforme {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::optional<double> valid(double dpi) {
  if (dpi >= 10 && dpi <= 10000) return dpi;  // 1 dpi and 72 dpi "unknown" defaults are below use
  return std::nullopt;
}

// TIFF structure inside an EXIF APP1 segment: IFD0 tags XResolution (0x011A) and
// ResolutionUnit (0x0128; 2 = inch, 3 = centimetre).
std::optional<double> exif_dpi(const std::uint8_t* t, std::size_t n) {
  if (n < 8) return std::nullopt;
  const bool le = t[0] == 'I';
  auto u16 = [&](std::size_t i) -> unsigned { return le ? t[i] | (t[i + 1] << 8) : (t[i] << 8) | t[i + 1]; };
  auto u32 = [&](std::size_t i) -> std::uint32_t {
    return le ? t[i] | (t[i + 1] << 8) | (t[i + 2] << 16) | (std::uint32_t(t[i + 3]) << 24)
              : (std::uint32_t(t[i]) << 24) | (t[i + 1] << 16) | (t[i + 2] << 8) | t[i + 3];
  };
  const std::size_t ifd = u32(4);
  if (ifd + 2 > n) return std::nullopt;
  const unsigned entries = u16(ifd);
  std::optional<double> x;
  unsigned unit = 2;
  for (unsigned e = 0; e < entries; ++e) {
    const std::size_t at = ifd + 2 + 12 * e;
    if (at + 12 > n) break;
    const unsigned tag = u16(at);
    if (tag == 0x011A) {
      const std::size_t off = u32(at + 8);
      if (off + 8 <= n && u32(off + 4) != 0) x = double(u32(off)) / u32(off + 4);
    } else if (tag == 0x0128) {
      unit = u16(at + 8);
    }
  }
  if (!x) return std::nullopt;
  if (unit == 3) return valid(*x * 2.54);
  if (unit == 2) return valid(*x);
  return std::nullopt;
}

std::optional<double> jpeg_dpi(const Bytes& b) {
  std::optional<double> jfif, exif;
  std::size_t i = 2;
  while (i + 4 < b.size() && b[i] == 0xFF) {
    const int marker = b[i + 1];
    const std::size_t length = (b[i + 2] << 8) | b[i + 3];
    const std::size_t payload = i + 4;
    if (marker == 0xDA || payload + length - 2 > b.size()) break;  // start of scan
    if (marker == 0xE0 && length >= 16 && std::memcmp(&b[payload], "JFIF\0", 5) == 0) {
      const int units = b[payload + 7];
      const double x = (b[payload + 8] << 8) | b[payload + 9];
      if (units == 1) jfif = valid(x);
      if (units == 2) jfif = valid(x * 2.54);
    } else if (marker == 0xE1 && length >= 16 && std::memcmp(&b[payload], "Exif\0\0", 6) == 0) {
      exif = exif_dpi(&b[payload + 6], length - 2 - 6);
    }
    i += 2 + length;
  }
  return jfif ? jfif : exif;
}

std::optional<double> png_dpi(const Bytes& b) {
  std::size_t i = 8;
  while (i + 12 <= b.size()) {
    const std::size_t length = (std::size_t(b[i]) << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
    if (std::memcmp(&b[i + 4], "pHYs", 4) == 0 && length == 9 && i + 17 <= b.size()) {
      const double ppm = (double(b[i + 8]) * 16777216.0) + (b[i + 9] << 16) + (b[i + 10] << 8) + b[i + 11];
      if (b[i + 16] == 1) return valid(ppm * 0.0254);  // unit 1: pixels per metre
      return std::nullopt;
    }
    if (std::memcmp(&b[i + 4], "IDAT", 4) == 0) break;
    i += 12 + length;
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> read_dpi(const std::vector<std::uint8_t>& bytes) {
  if (bytes.size() > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8) return jpeg_dpi(bytes);
  if (bytes.size() > 8 && bytes[0] == 0x89 && bytes[1] == 'P') return png_dpi(bytes);
  return std::nullopt;
}

}  // namespace conforme
