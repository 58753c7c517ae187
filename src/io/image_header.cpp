#include "io/image_header.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

namespace conforme {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Reader {
  const Bytes& b;
  bool little_endian = false;
  bool has(std::size_t at, std::size_t n) const { return at <= b.size() && n <= b.size() - at; }
  std::uint32_t u16(std::size_t i) const {
    return little_endian ? b[i] | (b[i + 1] << 8) : (b[i] << 8) | b[i + 1];
  }
  std::uint32_t u24(std::size_t i) const {  // little-endian only (WebP)
    return b[i] | (b[i + 1] << 8) | (std::uint32_t(b[i + 2]) << 16);
  }
  std::uint32_t u32(std::size_t i) const {
    return little_endian ? b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (std::uint32_t(b[i + 3]) << 24)
                         : (std::uint32_t(b[i]) << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
  }
};

bool starts(const Bytes& b, std::string_view sig, std::size_t at = 0) {
  return b.size() >= at + sig.size() && std::memcmp(b.data() + at, sig.data(), sig.size()) == 0;
}

// JPEG: segments up to the start of scan, then the entropy-coded data, which holds no marker
// except stuffed 0xFF00 and restart markers, up to the next segment or EOI (progressive files
// have many scans, each counted). Data after EOI (phone "motion photo" videos, vendor trailers)
// is ignored. Bytes between segments that are not a marker are skipped, as libjpeg's
// next_marker skips them with a warning ("Corrupt JPEG data: N extraneous bytes"), so a stray
// byte cannot hide the frame header that follows it. Running out of bytes inside a well-formed
// structure is truncation; bytes that are not a well-formed structure are damage, which the
// decoder judges (corrupt, or decoded with warnings).
void jpeg_header(const Bytes& b, ImageHeader& h) {
  const Reader r{b};
  h.complete = false;
  const auto damaged = [&] { h.complete = true; };  // not a truncation: leave it to the decoder
  std::size_t i = 2;
  while (true) {
    // libjpeg's next_marker: anything up to a 0xFF, fill bytes, and 0xFF00 are skipped.
    int marker = 0;
    while (marker == 0) {
      const auto* p = static_cast<const std::uint8_t*>(std::memchr(b.data() + i, 0xFF, b.size() - i));
      if (!p) return;
      h.jpeg_stray_bytes += static_cast<std::size_t>(p - b.data()) - i;
      i = static_cast<std::size_t>(p - b.data());
      while (i < b.size() && b[i] == 0xFF) ++i;  // fill bytes
      if (i >= b.size()) return;
      marker = b[i++];
      if (marker == 0) h.jpeg_stray_bytes += 2;
    }
    if (marker == 0xD9) {
      h.complete = true;
      return;
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
    if (marker < 0xC0) return damaged();  // reserved: not a marker a writer emits
    if (!r.has(i, 2)) return;
    const std::size_t length = r.u16(i);
    if (length < 2) return damaged();
    if (!r.has(i, length)) return;
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    // The first frame header counts: libjpeg refuses a second one (JERR_SOF_DUPLICATE).
    if (sof && length >= 8 && !h.width) {
      h.bits_per_sample = b[i + 2];
      h.height = r.u16(i + 3);
      h.width = r.u16(i + 5);
      h.channels = b[i + 7];
    }
    i += length;
    if (marker != 0xDA) continue;
    ++h.jpeg_scans;
    // Entropy-coded data: find the next real marker.
    while (true) {
      const auto* p = static_cast<const std::uint8_t*>(std::memchr(b.data() + i, 0xFF, b.size() - i));
      if (!p) return;
      i = static_cast<std::size_t>(p - b.data());
      if (i + 1 >= b.size()) return;
      const int next = b[i + 1];
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
        i += 2;
      } else if (next == 0xFF) {
        ++i;
      } else {
        break;
      }
    }
  }
}

// PNG: IHDR first, then chunks by their lengths up to IEND. Only an IHDR that is the first chunk
// counts: libpng refuses any other ("Missing IHDR before ...", "IHDR: out of place").
void png_header(const Bytes& b, ImageHeader& h) {
  const Reader r{b};
  h.complete = false;
  std::size_t i = 8;
  while (r.has(i, 8)) {
    const std::uint64_t length = r.u32(i);
    const char* type = reinterpret_cast<const char*>(b.data() + i + 4);
    if (std::memcmp(type, "IHDR", 4) == 0 && i == 8 && r.has(i + 8, 13)) {
      h.width = r.u32(i + 8);
      h.height = r.u32(i + 12);
      h.bits_per_sample = b[i + 16];
      const int colour_type = b[i + 17];
      // Samples per pixel as decoded: a palette expands to RGB (RGBA with tRNS, counted below).
      h.channels = colour_type == 0 ? 1 : colour_type == 4 ? 2 : colour_type == 6 ? 4 : 3;
      h.has_alpha = h.has_alpha || colour_type == 4 || colour_type == 6;
      h.png_interlaced = b[i + 20] != 0;
    } else if (std::memcmp(type, "IDAT", 4) == 0) {
      h.png_idat_bytes += length;
    } else if (std::memcmp(type, "tRNS", 4) == 0) {
      h.has_alpha = true;
      if (h.channels == 1 || h.channels == 3) h.channels = *h.channels + 1;
    } else if (std::memcmp(type, "IEND", 4) == 0) {
      h.complete = true;
      return;
    }
    if (length > b.size() - i - 8 || b.size() - i - 8 - length < 4) return;  // data + CRC past the end
    i += 12 + length;
  }
}

// TIFF: IFD0's ImageWidth, ImageLength, ExtraSamples, and the strips or tiles, which must lie
// inside the file.
void tiff_header(const Bytes& b, ImageHeader& h) {
  Reader r{b, b[0] == 'I'};
  const std::size_t ifd = r.u32(4);
  if (!r.has(ifd, 2)) {
    h.complete = false;
    return;
  }
  const std::size_t entries = r.u16(ifd);
  if (!r.has(ifd + 2, 12 * entries)) {
    h.complete = false;
    return;
  }
  // A SHORT, LONG, SSHORT or SLONG value (libtiff reads sizes of any of the four), inline when it
  // fits in the entry's 4 bytes; nullopt for other types and negative values.
  auto value = [&](std::size_t entry, std::size_t k) -> std::optional<std::uint64_t> {
    const unsigned type = r.u16(entry + 2);
    const std::uint64_t count = r.u32(entry + 4);
    const std::size_t size = type == 3 || type == 8 ? 2 : type == 4 || type == 9 ? 4 : 0;
    if (size == 0 || k >= count) return std::nullopt;
    const std::uint64_t at = count * size <= 4 ? entry + 8 + k * size : std::uint64_t(r.u32(entry + 8)) + k * size;
    if (!r.has(at, size)) return std::nullopt;
    const std::uint32_t raw = size == 2 ? r.u16(at) : r.u32(at);
    if ((type == 8 && (raw & 0x8000)) || (type == 9 && (raw & 0x80000000u))) return std::nullopt;
    return raw;
  };
  // libtiff keeps the first of duplicate tags ("ignoring later duplicates"); so does this.
  std::optional<std::size_t> offsets, byte_counts, width_at, height_at, samples_at, bits_at;
  for (std::size_t e = 0; e < entries; ++e) {
    const std::size_t at = ifd + 2 + 12 * e;
    const unsigned tag = r.u16(at);
    auto first = [&](std::optional<std::size_t>& slot) {
      if (!slot) slot = at;
    };
    if (tag == 256) first(width_at);
    if (tag == 257) first(height_at);
    if (tag == 258) first(bits_at);
    if (tag == 277) first(samples_at);
    if (tag == 338) h.has_alpha = true;  // ExtraSamples: an alpha channel in practice
    if (tag == 273 || tag == 324) first(offsets);
    if (tag == 279 || tag == 325) first(byte_counts);
  }
  if (width_at) h.width = value(*width_at, 0);
  if (height_at) h.height = value(*height_at, 0);
  // TIFF 6.0 defaults: one sample of one bit.
  const auto samples = samples_at ? value(*samples_at, 0) : std::optional<std::uint64_t>(1);
  const auto bits = bits_at ? value(*bits_at, 0) : std::optional<std::uint64_t>(1);
  if (samples && *samples <= 0xFFFF) h.channels = static_cast<int>(*samples);
  if (bits && *bits <= 0xFFFF) h.bits_per_sample = static_cast<int>(*bits);
  if (!offsets || !byte_counts) return;
  const std::uint64_t count = std::min(r.u32(*offsets + 4), r.u32(*byte_counts + 4));
  for (std::uint64_t k = 0; k < count; ++k) {
    const auto offset = value(*offsets, k), length = value(*byte_counts, k);
    if (!offset || !length) {
      h.complete = false;  // the strip table itself lies past the end of the file
      return;
    }
    if (*offset + *length > b.size()) {
      h.complete = false;
      return;
    }
  }
}

// BMP: BITMAPCOREHEADER (12 bytes) or BITMAPINFOHEADER and later; uncompressed pixel arrays
// must fit in the file.
void bmp_header(const Bytes& b, ImageHeader& h) {
  const Reader r{b, true};
  if (!r.has(14, 12)) {
    h.complete = false;
    return;
  }
  const std::uint64_t pixels_at = r.u32(10);
  const std::uint32_t info_size = r.u32(14);
  std::uint64_t width = 0, height = 0, bits = 0, compression = 0;
  if (info_size == 12) {
    width = r.u16(18);
    height = r.u16(20);
    bits = r.u16(24);
  } else {
    if (!r.has(14, 20)) {
      h.complete = false;
      return;
    }
    const auto w = static_cast<std::int32_t>(r.u32(18)), ht = static_cast<std::int32_t>(r.u32(22));
    width = w < 0 ? 0 : static_cast<std::uint64_t>(w);  // negative width is invalid
    height = ht < 0 ? -static_cast<std::int64_t>(ht) : ht;  // negative height: rows top-down
    bits = r.u16(28);
    compression = r.u32(30);
  }
  h.width = width;
  h.height = height;
  h.channels = 3;  // OpenCV reads every BMP as BGR
  h.bits_per_sample = 8;
  if ((compression == 0 || compression == 3) && width < (1u << 24) && height < (1u << 24) && bits <= 32) {
    const std::uint64_t row = (width * bits + 31) / 32 * 4;
    if (pixels_at + row * height > b.size()) h.complete = false;
  }
}

// WebP: RIFF size, then VP8 (lossy), VP8L (lossless) or VP8X (extended) header.
void webp_header(const Bytes& b, ImageHeader& h) {
  const Reader r{b, true};
  if (std::uint64_t(r.u32(4)) + 8 > b.size()) h.complete = false;
  if (starts(b, "VP8X", 12) && r.has(20, 10)) {
    h.has_alpha = (b[20] & 0x10) != 0;
    h.width = std::uint64_t(r.u24(24)) + 1;
    h.height = std::uint64_t(r.u24(27)) + 1;
    h.channels = h.has_alpha ? 4 : 3;
    h.bits_per_sample = 8;
  } else if (starts(b, "VP8L", 12) && r.has(21, 4) && b[20] == 0x2F) {
    const std::uint32_t bits = r.u32(21);
    h.width = (bits & 0x3FFF) + 1;
    h.height = ((bits >> 14) & 0x3FFF) + 1;
    h.has_alpha = (bits >> 28) & 1;
    h.channels = h.has_alpha ? 4 : 3;
    h.bits_per_sample = 8;
  } else if (starts(b, "VP8 ", 12) && r.has(26, 4) && b[23] == 0x9D && b[24] == 0x01 && b[25] == 0x2A) {
    h.width = r.u16(26) & 0x3FFF;
    h.height = r.u16(28) & 0x3FFF;
    h.channels = 3;
    h.bits_per_sample = 8;
  }
}

// Formats that are not one of the five, named so the error says what the file is.
void recognise_other(const Bytes& b, ImageHeader& h) {
  struct Known {
    std::string_view signature;
    std::size_t at;
    const char* what;
    bool image;
  };
  static const Known known[] = {
      {"%PDF", 0, "a PDF document", false},
      {"GIF87a", 0, "a GIF image", true},
      {"GIF89a", 0, "a GIF image", true},
      {"ftypheic", 4, "a HEIC image", true},
      {"ftypheix", 4, "a HEIC image", true},
      {"ftypmif1", 4, "a HEIF image", true},
      {"ftypavif", 4, "an AVIF image", true},
      {"ftypcrx ", 4, "a Canon raw photo (CR3)", true},
      {"ftyp", 4, "a video or MP4 container", false},
      {std::string_view("\0\0\0\x0CjP  ", 8), 0, "a JPEG 2000 image", true},
      {"\xFF\x4F\xFF\x51", 0, "a JPEG 2000 codestream", true},
      {"\xFF\x0A", 0, "a JPEG XL image", true},
      {std::string_view("\0\0\0\x0CJXL ", 8), 0, "a JPEG XL image", true},
      {"8BPS", 0, "a Photoshop document", true},
      {"FUJIFILMCCD-RAW", 0, "a Fujifilm raw photo (RAF)", true},
      {"IIRO", 0, "an Olympus raw photo (ORF)", true},
      {std::string_view("IIU\0", 4), 0, "a Panasonic raw photo (RW2)", true},
      {"\x76\x2F\x31\x01", 0, "an OpenEXR image", true},
      {"II+", 0, "a BigTIFF image", true},
      {std::string_view("MM\0+", 4), 0, "a BigTIFF image", true},
      {"RIFF", 0, "a RIFF file (audio or video)", false},
      {"PK\x03\x04", 0, "a ZIP archive (or an office document)", false},
      {"\x1F\x8B", 0, "a gzip archive", false},
      {"<svg", 0, "an SVG drawing", true},
      {"<?xml", 0, "an XML document", false},
      {"<!DOCTYPE html", 0, "an HTML page", false},
      {"<!doctype html", 0, "an HTML page", false},
      {"<html", 0, "an HTML page", false},
  };
  // Netpbm: "P1" to "P7" and white space, then the size in ASCII (binary pixels may follow).
  if (b.size() >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7' && std::isspace(b[2])) {
    h.other = "a Netpbm image (PBM, PGM or PPM)";
    h.other_is_image = true;
    return;
  }
  for (const Known& k : known)
    if (starts(b, k.signature, k.at)) {
      h.other = k.what;
      h.other_is_image = k.image;
      return;
    }
  const std::size_t n = std::min<std::size_t>(b.size(), 512);
  const bool text = std::all_of(b.begin(), b.begin() + n, [](std::uint8_t c) {
    return c == '\t' || c == '\n' || c == '\r' || c >= 0x20;  // printable ASCII or UTF-8
  });
  if (text && n > 0) h.other = "a text file";
}

}  // namespace

ImageHeader read_image_header(const Bytes& b) {
  ImageHeader h;
  if (starts(b, "\xFF\xD8\xFF")) h.format = ImageFormat::jpeg;
  else if (starts(b, "\x89PNG\r\n\x1A\n")) h.format = ImageFormat::png;
  else if (starts(b, std::string_view("II*\0", 4)) || starts(b, std::string_view("MM\0*", 4))) h.format = ImageFormat::tiff;
  else if (starts(b, "BM") && b.size() >= 14) h.format = ImageFormat::bmp;
  else if (starts(b, "RIFF") && starts(b, "WEBP", 8)) h.format = ImageFormat::webp;

  switch (h.format) {
    case ImageFormat::jpeg: jpeg_header(b, h); break;
    case ImageFormat::png: png_header(b, h); break;
    case ImageFormat::tiff: b.size() >= 8 ? tiff_header(b, h) : void(h.complete = false); break;
    case ImageFormat::bmp: bmp_header(b, h); break;
    case ImageFormat::webp: webp_header(b, h); break;
    case ImageFormat::unknown: recognise_other(b, h); break;
  }
  return h;
}

const char* format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::jpeg: return "JPEG";
    case ImageFormat::png: return "PNG";
    case ImageFormat::tiff: return "TIFF";
    case ImageFormat::bmp: return "BMP";
    case ImageFormat::webp: return "WebP";
    case ImageFormat::unknown: break;
  }
  return "unknown";
}

}  // namespace conforme
