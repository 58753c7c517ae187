// Writes the corpus of odd and hostile inputs in tests/data/bad/ and its README (run by
// scripts/make-bad-inputs). Every file is small and made from one real portrait shrunk to
// 60 x 80, so the corpus is deterministic and can be committed.
//
// usage: conforme-make-bad-inputs PORTRAIT.jpg OUT_DIR
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "image_bytes.hpp"

namespace fs = std::filesystem;
using namespace conforme::test;

namespace {

struct Entry {
  std::string name;
  std::string expected;  // an error code, or "report WxH"
  std::string what;
  std::function<Bytes()> make;  // empty for symbolic links (see link_target)
  std::string link_target = {};
};

// The bytes of a string literal, embedded NULs included, without the terminating one.
template <std::size_t N>
Bytes lit(const char (&s)[N]) {
  return Bytes(s, s + N - 1);
}

Bytes cut(const Bytes& b, double fraction) { return Bytes(b.begin(), b.begin() + static_cast<long>(b.size() * fraction)); }

// Minimal TIFF: one uncompressed grey strip of `strip_bytes` at offset 8 + IFD size.
Bytes tiff_header(std::uint32_t width, std::uint32_t height, std::uint32_t strip_bytes) {
  Bytes t = lit("II*\0");
  put_le32(t, 8);
  const int entries = 8;
  put_le16(t, entries);
  const std::uint32_t data_at = 8 + 2 + 12 * entries + 4;
  auto entry = [&](int tag, int type, std::uint32_t value) {
    put_le16(t, tag);
    put_le16(t, type);
    put_le32(t, 1);
    put_le32(t, value);  // SHORT values sit in the low bytes (little-endian)
  };
  entry(256, 4, width);
  entry(257, 4, height);
  entry(258, 3, 8);           // BitsPerSample
  entry(259, 3, 1);           // no compression
  entry(262, 3, 1);           // BlackIsZero
  entry(273, 4, data_at);     // StripOffsets
  entry(278, 4, height);      // RowsPerStrip
  entry(279, 4, strip_bytes); // StripByteCounts
  put_le32(t, 0);
  return t;
}

Bytes bmp_header(std::int32_t width, std::int32_t height) {
  Bytes b = bytes_of("BM");
  put_le32(b, 54);  // file size (as if empty)
  put_le32(b, 0);
  put_le32(b, 54);  // pixel data offset
  put_le32(b, 40);  // BITMAPINFOHEADER
  put_le32(b, static_cast<std::uint32_t>(width));
  put_le32(b, static_cast<std::uint32_t>(height));
  put_le16(b, 1);
  put_le16(b, 24);
  for (int i = 0; i < 6; ++i) put_le32(b, 0);
  return b;
}

Bytes webp_vp8x(std::uint32_t width, std::uint32_t height) {
  Bytes chunk = bytes_of("VP8X");
  put_le32(chunk, 10);
  Bytes data = {0, 0, 0, 0};
  for (std::uint32_t v : {width - 1, height - 1})
    for (int s = 0; s < 24; s += 8) data.push_back(static_cast<std::uint8_t>((v >> s) & 0xFF));
  Bytes riff = bytes_of("RIFF");
  put_le32(riff, static_cast<std::uint32_t>(4 + chunk.size() + data.size()));
  return riff + bytes_of("WEBP") + chunk + data;
}

// A JPEG whose SOF0 declares width x height, followed by EOI: no pixel data at all.
Bytes jpeg_declaring(const Bytes& real, std::uint16_t width, std::uint16_t height) {
  Bytes b = real;
  for (std::size_t i = 2; i + 9 < b.size();) {
    const std::size_t length = (b[i + 2] << 8) | b[i + 3];
    if (b[i + 1] == 0xC0 || b[i + 1] == 0xC2) {
      b[i + 5] = height >> 8, b[i + 6] = height & 0xFF, b[i + 7] = width >> 8, b[i + 8] = width & 0xFF;
      return b;
    }
    i += 2 + length;
  }
  throw std::runtime_error("no SOF segment");
}

// Offset of the first JPEG segment with `marker` (its 0xFF byte), walking segment lengths.
std::size_t jpeg_segment(const Bytes& b, int marker) {
  for (std::size_t i = 2; i + 3 < b.size();) {
    if (b[i + 1] == marker) return i;
    i += 2 + ((b[i + 2] << 8) | b[i + 3]);
  }
  throw std::runtime_error("no such JPEG segment");
}

Bytes insert_at(const Bytes& b, std::size_t at, const Bytes& inserted) {
  return Bytes(b.begin(), b.begin() + static_cast<long>(at)) + inserted + Bytes(b.begin() + static_cast<long>(at), b.end());
}

// The first scan of a JPEG: its SOS segment and entropy-coded data, up to the next marker.
Bytes first_scan(const Bytes& b) {
  const std::size_t sos = jpeg_segment(b, 0xDA);
  std::size_t end = sos + 2 + ((b[sos + 2] << 8) | b[sos + 3]);
  while (end + 1 < b.size() && !(b[end] == 0xFF && b[end + 1] != 0 && (b[end + 1] < 0xD0 || b[end + 1] > 0xD7))) ++end;
  return Bytes(b.begin() + static_cast<long>(sos), b.begin() + static_cast<long>(end));
}

// A TIFF of one strip after the directory; StripOffsets (273) and, when 0, StripByteCounts (279)
// are filled in. Entries are written in the order given (duplicates and odd types included).
struct TiffEntry {
  int tag, type;
  std::uint32_t count, value;
};
Bytes tiff_file(const std::vector<TiffEntry>& entries, const Bytes& strip) {
  Bytes t = lit("II*\0");
  put_le32(t, 8);
  put_le16(t, static_cast<std::uint32_t>(entries.size()));
  const auto data_at = static_cast<std::uint32_t>(8 + 2 + 12 * entries.size() + 4);
  for (const TiffEntry& e : entries) {
    put_le16(t, e.tag);
    put_le16(t, e.type);
    put_le32(t, e.count);
    const std::uint32_t value = e.tag == 273 ? data_at : e.tag == 279 && e.value == 0 ? strip.size() : e.value;
    put_le32(t, value);  // SHORT values sit in the low bytes (little-endian)
  }
  put_le32(t, 0);
  return t + strip;
}

// PNG rows of a BGR photo, RGB, filter type 0 (none), compressed.
Bytes png_idat_of(const cv::Mat& bgr) {
  Bytes raw;
  for (int y = 0; y < bgr.rows; ++y) {
    raw.push_back(0);
    for (int x = 0; x < bgr.cols; ++x) {
      const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
      raw.insert(raw.end(), {p[2], p[1], p[0]});
    }
  }
  return zlib_compress(raw);
}

Bytes be32(std::uint32_t v) {
  Bytes b;
  put_be32(b, v);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: conforme-make-bad-inputs PORTRAIT.jpg OUT_DIR\n";
    return 2;
  }
  const cv::Mat source = cv::imread(argv[1], cv::IMREAD_COLOR);
  if (source.empty()) {
    std::cerr << argv[1] << ": cannot read\n";
    return 2;
  }
  cv::Mat photo;  // 60 x 80: width x height, portrait like an ID photo
  cv::resize(source, photo, cv::Size(60, 80), 0, 0, cv::INTER_AREA);
  cv::Mat grey;
  cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
  const Bytes jpeg = encode(".jpg", photo, {cv::IMWRITE_JPEG_QUALITY, 90});
  const Bytes progressive = encode(".jpg", photo, {cv::IMWRITE_JPEG_QUALITY, 90, cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  const Bytes png = encode(".png", photo);
  const std::string report = "report 60x80";

  const std::vector<Entry> entries = {
      // Not images, or nothing at all.
      {"empty.jpg", "empty_file", "zero bytes", [] { return Bytes{}; }},
      {"one_byte.jpg", "not_an_image", "a single 0xFF byte", [] { return Bytes{0xFF}; }},
      {"text.txt", "not_an_image", "a line of text", [] { return bytes_of("this is not a photo\n"); }},
      {"document.pdf", "not_an_image", "the start of a PDF document",
       [] { return bytes_of("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"); }},
      {"download_error.jpg", "not_an_image", "an HTML error page saved under a photo's name",
       [] { return bytes_of("<!DOCTYPE html>\n<html><body>404 Not Found</body></html>\n"); }},
      {"archive.jpg", "not_an_image", "the start of a ZIP archive named .jpg",
       [] { return lit("PK\x03\x04\x14\0\0\0\0\0"); }},
      // Images in formats conforme does not read.
      {"animation.gif", "unsupported_format", "a 1 x 1 GIF",
       [] { return lit("GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0;"); }},
      {"phone.heic", "unsupported_format", "the ftyp box of an iPhone HEIC photo",
       [] { return lit("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic"); }},
      // JPEG cut short or damaged.
      {"jpeg_soi_only.jpg", "truncated", "the 3 bytes that start every JPEG, nothing after", [] { return Bytes{0xFF, 0xD8, 0xFF}; }},
      {"jpeg_cut_in_header.jpg", "truncated", "a JPEG cut inside its header segments", [&] { return Bytes(jpeg.begin(), jpeg.begin() + 300); }},
      {"jpeg_cut_in_scan.jpg", "truncated", "a JPEG cut half-way through its image data", [&] { return cut(jpeg, 0.5); }},
      {"progressive_cut.jpg", "truncated", "a progressive JPEG cut after its first scans", [&] { return cut(progressive, 0.6); }},
      {"jpeg_bad_segment_length.jpg", "truncated", "a JPEG whose first segment's length runs past the end of the file",
       [&] {
         Bytes b = jpeg;
         b[4] = 0xFF, b[5] = 0xF0;
         return b;
       }},
      {"jpeg_tables_destroyed.jpg", "corrupt", "a JPEG whose quantisation and Huffman tables are zeroed",
       [&] {
         Bytes b = jpeg;
         std::fill(b.begin() + 20, b.begin() + 400, 0x00);
         return b;
       }},
      {"jpeg_zero_size.jpg", "corrupt", "a JPEG whose frame header declares 0 x 0 pixels", [&] { return jpeg_declaring(jpeg, 0, 0); }},
      {"jpeg_bomb.jpg", "too_large", "a 3 KB JPEG declaring 65000 x 65000 pixels (a decompression bomb)",
       [&] { return jpeg_declaring(jpeg, 65000, 65000); }},
      // PNG cut short or damaged.
      {"png_signature_only.png", "truncated", "the 8-byte PNG signature, nothing after", [&] { return Bytes(png.begin(), png.begin() + 8); }},
      {"png_cut.png", "truncated", "a PNG cut half-way through its image data", [&] { return cut(png, 0.5); }},
      {"png_bad_crc.png", "corrupt", "a PNG whose image data fails its CRC",
       [&] {
         Bytes b = png;
         b[b.size() - 20] ^= 0xFF;  // inside the last IDAT chunk
         return b;
       }},
      {"png_bad_zlib.png", "corrupt", "a PNG whose image data is not a zlib stream (CRCs correct)",
       [] { return png_file({png_chunk("IHDR", png_ihdr(60, 80, 8, 2)), png_chunk("IDAT", bytes_of("not deflate data at all")), png_chunk("IEND", {})}); }},
      {"png_bad_bit_depth.png", "corrupt", "a PNG header with bit depth 7",
       [] { return png_file({png_chunk("IHDR", png_ihdr(60, 80, 7, 2)), png_chunk("IDAT", zlib_compress(Bytes(81 * 60 * 3))), png_chunk("IEND", {})}); }},
      {"png_zero_width.png", "corrupt", "a PNG header declaring 0 x 80 pixels",
       [] { return png_file({png_chunk("IHDR", png_ihdr(0, 80, 8, 2)), png_chunk("IDAT", zlib_compress(Bytes(80))), png_chunk("IEND", {})}); }},
      {"png_bomb.png", "too_large", "a PNG declaring 100000 x 100000 pixels (a decompression bomb)",
       [] { return png_file({png_chunk("IHDR", png_ihdr(100000, 100000, 8, 2)), png_chunk("IDAT", zlib_compress(Bytes(1000))), png_chunk("IEND", {})}); }},
      // TIFF, BMP, WebP: bombs refused from the header, files cut short.
      {"tiff_bomb.tif", "too_large", "a TIFF declaring 50000 x 50000 pixels", [] { return tiff_header(50000, 50000, 16) + Bytes(16); }},
      {"tiff_cut.tif", "truncated", "a TIFF whose strip runs past the end of the file", [] { return tiff_header(60, 80, 4800) + Bytes(1000, 0x80); }},
      {"bmp_bomb.bmp", "too_large", "a BMP declaring 20000 x 20000 pixels", [] { return bmp_header(20000, 20000) + Bytes(64); }},
      {"bmp_cut.bmp", "truncated", "a BMP cut half-way through its pixels", [&] { return cut(encode(".bmp", photo), 0.5); }},
      {"webp_bomb.webp", "too_large", "a WebP declaring a 16384 x 16384 canvas", [] { return webp_vp8x(16384, 16384); }},
      {"webp_cut.webp", "truncated", "a WebP shorter than its RIFF size", [&] { return cut(encode(".webp", photo, {cv::IMWRITE_WEBP_QUALITY, 90}), 0.5); }},
      // Decompression and CPU bombs that hide from a header parser (issue 17): every one is refused
      // from its header in milliseconds, or decoded at the size its header really states.
      {"jpeg_stray_byte_bomb.jpg", "too_large", "a JPEG declaring 32000 x 32000 pixels behind a stray byte before its frame header (libjpeg skips it)",
       [&] { return insert_at(jpeg_declaring(jpeg, 32000, 32000), jpeg_segment(jpeg, 0xC0), Bytes{0x00}); }},
      {"jpeg_stray_byte.jpg", report, "a JPEG with a stray byte between two segments: decoded (libjpeg warns)",
       [&] { return insert_at(jpeg, jpeg_segment(jpeg, 0xC0), Bytes{0x00}); }},
      {"jpeg_fill_bytes.jpg", report, "a JPEG with 100 0xFF fill bytes before its frame header (legal)",
       [&] { return insert_at(jpeg, jpeg_segment(jpeg, 0xC0), Bytes(100, 0xFF)); }},
      {"jpeg_two_sofs.jpg", "corrupt", "a JPEG with a second frame header declaring 30000 x 30000 (libjpeg refuses two)",
       [&] {
         const std::size_t sof = jpeg_segment(jpeg, 0xC0);
         const std::size_t length = 2 + ((jpeg[sof + 2] << 8) | jpeg[sof + 3]);
         const Bytes big = jpeg_declaring(jpeg, 30000, 30000);
         return insert_at(jpeg, sof + length, Bytes(big.begin() + static_cast<long>(sof), big.begin() + static_cast<long>(sof + length)));
       }},
      {"jpeg_two_sofs_huge_first.jpg", "too_large", "a JPEG whose first of two frame headers declares 30000 x 30000",
       [&] {
         const std::size_t sof = jpeg_segment(jpeg, 0xC0);
         const std::size_t length = 2 + ((jpeg[sof + 2] << 8) | jpeg[sof + 3]);
         const Bytes big = jpeg_declaring(jpeg, 30000, 30000);
         return insert_at(big, sof + length, Bytes(jpeg.begin() + static_cast<long>(sof), jpeg.begin() + static_cast<long>(sof + length)));
       }},
      {"jpeg_dnl.jpg", "corrupt", "a JPEG declaring height 0, its height in a DNL marker after the scan (libjpeg does not support DNL)",
       [&] {
         const Bytes zero = jpeg_declaring(jpeg, 60, 0);
         return insert_at(zero, zero.size() - 2, Bytes{0xFF, 0xDC, 0x00, 0x04, 0x00, 0x50});
       }},
      {"jpeg_3000_scans.jpg", "too_large", "a progressive JPEG whose first scan is repeated 3000 times (a CPU bomb: each scan is a pass over the image)",
       [&] {
         const Bytes small = encode(".jpg", cv::Mat(8, 8, CV_8UC1, cv::Scalar(128)), {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
         const Bytes scan = first_scan(small);
         Bytes scans;
         for (int i = 0; i < 3000; ++i) scans = scans + scan;
         return insert_at(small, jpeg_segment(small, 0xDA), scans);
       }},
      {"png_idat_bomb.png", "corrupt", "a 1 x 1 PNG whose image data inflates to 128 MB (libpng would inflate all of it)",
       [] { return png_file({png_chunk("IHDR", png_ihdr(1, 1, 8, 2)), png_chunk("IDAT", zlib_compress(Bytes(128u << 20))), png_chunk("IEND", {})}); }},
      {"png_16bit_rgba_bomb.png", "too_large", "a 7000 x 7000 16-bit RGBA PNG (49 MP, under the pixel limit): 735 MB to decode",
       [] { return png_file({png_chunk("IHDR", png_ihdr(7000, 7000, 16, 6)), png_chunk("IDAT", zlib_compress(Bytes(1000))), png_chunk("IEND", {})}); }},
      {"png_ihdr_not_first.png", "corrupt", "a PNG whose first chunk is not IHDR (a text chunk first, IHDR after)",
       [&] {
         return png_file({png_chunk("tEXt", bytes_of(std::string("Comment\0x", 9))), png_chunk("IHDR", png_ihdr(60, 80, 8, 2)),
                          png_chunk("IDAT", png_idat_of(photo)), png_chunk("IEND", {})});
       }},
      {"png_ztxt_bomb.png", report, "a PNG with a zTXt comment inflating to 32 MB (libpng stops at 8 MB): decoded",
       [&] {
         const Bytes text = bytes_of(std::string("Comment\0\0", 9)) + zlib_compress(Bytes(32u << 20, 'A'));
         return png_file({png_chunk("IHDR", png_ihdr(60, 80, 8, 2)), png_chunk("zTXt", text), png_chunk("IDAT", png_idat_of(photo)),
                          png_chunk("IEND", {})});
       }},
      {"png_iccp_bomb.png", report, "a PNG with an ICC profile inflating to 32 MB (libpng refuses it): decoded",
       [&] {
         const Bytes profile = bytes_of(std::string("ICC\0\0", 5)) + zlib_compress(Bytes(32u << 20, 0));
         return png_file({png_chunk("IHDR", png_ihdr(60, 80, 8, 2)), png_chunk("iCCP", profile), png_chunk("IDAT", png_idat_of(photo)),
                          png_chunk("IEND", {})});
       }},
      {"apng_huge_frame.png", report, "an APNG whose second frame declares 100000 x 100000: the default image is decoded, frames ignored",
       [&] {
         Bytes actl = be32(2) + be32(0);
         Bytes fctl = be32(1) + be32(100000) + be32(100000) + be32(0) + be32(0) + Bytes{0, 1, 0, 1, 0, 0};
         Bytes fdat = be32(2) + zlib_compress(Bytes(1000));
         return png_file({png_chunk("IHDR", png_ihdr(60, 80, 8, 2)), png_chunk("acTL", actl), png_chunk("IDAT", png_idat_of(photo)),
                          png_chunk("fcTL", fctl), png_chunk("fdAT", fdat), png_chunk("IEND", {})});
       }},
      {"tiff_sshort_bomb.tif", "too_large", "a TIFF declaring 30000 x 30000 in SSHORT fields (libtiff reads them)",
       [] {
         return tiff_file({{256, 8, 1, 30000}, {257, 8, 1, 30000}, {258, 3, 1, 8}, {259, 3, 1, 1}, {262, 3, 1, 1},
                           {273, 4, 1, 0}, {278, 4, 1, 30000}, {279, 4, 1, 0}}, Bytes(16));
       }},
      {"tiff_slong_bomb.tif", "too_large", "a TIFF declaring 30000 x 30000 in SLONG fields",
       [] {
         return tiff_file({{256, 9, 1, 30000}, {257, 9, 1, 30000}, {258, 3, 1, 8}, {259, 3, 1, 1}, {262, 3, 1, 1},
                           {273, 4, 1, 0}, {278, 4, 1, 30000}, {279, 4, 1, 0}}, Bytes(16));
       }},
      {"tiff_duplicate_width.tif", "too_large", "a TIFF with two ImageWidth tags, 30000 then 60 (libtiff keeps the first)",
       [] {
         return tiff_file({{256, 4, 1, 30000}, {256, 4, 1, 60}, {257, 4, 1, 30000}, {258, 3, 1, 8}, {259, 3, 1, 1}, {262, 3, 1, 1},
                           {273, 4, 1, 0}, {278, 4, 1, 30000}, {279, 4, 1, 0}}, Bytes(16));
       }},
      {"tiff_rational_width.tif", "corrupt", "a TIFF whose ImageWidth is a RATIONAL (libtiff refuses it)",
       [] {
         return tiff_file({{256, 5, 1, 8}, {257, 4, 1, 80}, {258, 3, 1, 8}, {259, 3, 1, 1}, {262, 3, 1, 1},
                           {273, 4, 1, 0}, {278, 4, 1, 80}, {279, 4, 1, 0}}, Bytes(4800, 0x80));
       }},
      {"tiff_float_rgba_bomb.tif", "too_large", "a 6000 x 6000 32-bit float RGBA TIFF (36 MP, under the pixel limit): 828 MB to decode",
       [] {
         return tiff_file({{256, 4, 1, 6000}, {257, 4, 1, 6000}, {258, 3, 1, 32}, {259, 3, 1, 8}, {262, 3, 1, 2}, {273, 4, 1, 0},
                           {277, 3, 1, 4}, {278, 4, 1, 6000}, {279, 4, 1, 0}, {284, 3, 1, 1}, {338, 3, 1, 2}, {339, 3, 1, 3}},
                          zlib_compress(Bytes(4096)));
       }},
      {"tiff_64x1000000.tif", "too_large", "a 64 x 1,000,000 grey TIFF, one deflate strip (64 MP)",
       [] {
         return tiff_file({{256, 4, 1, 64}, {257, 4, 1, 1000000}, {258, 3, 1, 8}, {259, 3, 1, 8}, {262, 3, 1, 1},
                           {273, 4, 1, 0}, {278, 4, 1, 1000000}, {279, 4, 1, 0}}, zlib_compress(Bytes(64u * 1000000)));
       }},
      {"tiff_64x100000.tif", "unsupported_shape", "a 64 x 100,000 grey TIFF (6.4 MP): sides in a ratio of 1:1562, no ID photo or planche",
       [] {
         return tiff_file({{256, 4, 1, 64}, {257, 4, 1, 100000}, {258, 3, 1, 8}, {259, 3, 1, 8}, {262, 3, 1, 1},
                           {273, 4, 1, 0}, {278, 4, 1, 100000}, {279, 4, 1, 0}}, zlib_compress(Bytes(64u * 100000, 200)));
       }},
      {"bmp_top_down.bmp", report, "a BMP with a negative height: rows stored top-down (legal)",
       [&] {
         Bytes b = bmp_header(60, -80);
         const std::uint32_t size = 54 + 60 * 3 * 80;
         for (int k = 0; k < 4; ++k) b[2 + k] = static_cast<std::uint8_t>(size >> (8 * k));
         for (int y = 0; y < 80; ++y) b.insert(b.end(), photo.ptr<std::uint8_t>(y), photo.ptr<std::uint8_t>(y) + 180);
         return b;
       }},
      {"bmp_top_down_bomb.bmp", "too_large", "a BMP declaring 30000 x -30000 pixels (top-down)", [] { return bmp_header(30000, -30000) + Bytes(64); }},
      {"webp_canvas_lie.webp", "too_large", "a WebP whose VP8X canvas is 16383 x 16383 around a 60 x 80 frame",
       [&] {
         const Bytes real = encode(".webp", photo, {cv::IMWRITE_WEBP_QUALITY, 90});
         Bytes out = webp_vp8x(16383, 16383);
         out = out + Bytes(real.begin() + 12, real.end());
         const auto riff = static_cast<std::uint32_t>(out.size() - 8);
         for (int k = 0; k < 4; ++k) out[4 + k] = static_cast<std::uint8_t>(riff >> (8 * k));
         return out;
       }},
      // Links.
      {"broken_link.jpg", "not_found", "a symbolic link to a file that does not exist", {}, "does_not_exist.jpg"},
      {"link_loop.jpg", "symlink_loop", "a symbolic link to itself", {}, "link_loop.jpg"},
      // Odd but valid: judged like any photo (60 x 80, no face found: status fail).
      {"jpeg_named.png", report, "a JPEG named .png: judged by its content", [&] { return jpeg; }},
      {"jpeg_named.txt", report, "a JPEG named .txt: judged by its content when named explicitly", [&] { return jpeg; }},
      {"png_named.jpg", report, "a PNG named .jpg", [&] { return png; }},
      {"grey.jpg", report, "a 1-channel (greyscale) JPEG", [&] { return encode(".jpg", grey); }},
      {"grey.png", report, "a 1-channel (greyscale) PNG", [&] { return encode(".png", grey); }},
      {"png_16bit.png", report, "a 16-bit-per-channel PNG",
       [&] {
         cv::Mat deep;
         photo.convertTo(deep, CV_16UC3, 257);
         return encode(".png", deep);
       }},
      {"alpha.png", report, "an RGBA PNG with a transparent border (composited over white)",
       [&] {
         cv::Mat bgra;
         cv::cvtColor(photo, bgra, cv::COLOR_BGR2BGRA);
         for (int y = 0; y < bgra.rows; ++y)
           for (int x = 0; x < bgra.cols; ++x)
             if (x < 6 || x >= 54 || y < 6) bgra.at<cv::Vec4b>(y, x) = {0, 0, 0, 0};
         return encode(".png", bgra);
       }},
      {"grey_alpha.png", report, "a grey + alpha PNG",
       [&] {
         Bytes raw;
         for (int y = 0; y < 80; ++y) {
           raw.push_back(0);  // filter: none
           for (int x = 0; x < 60; ++x) {
             raw.push_back(grey.at<uchar>(y, x));
             raw.push_back(x < 30 ? 255 : 128);
           }
         }
         return png_file({png_chunk("IHDR", png_ihdr(60, 80, 8, 4)), png_chunk("IDAT", zlib_compress(raw)), png_chunk("IEND", {})});
       }},
      {"palette.png", report, "an indexed-colour (palette) PNG with a transparent entry",
       [&] {
         Bytes palette, raw;
         for (int i = 0; i < 256; ++i) palette = palette + Bytes{static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(255 - i)};
         for (int y = 0; y < 80; ++y) {
           raw.push_back(0);
           for (int x = 0; x < 60; ++x) raw.push_back(grey.at<uchar>(y, x));
         }
         return png_file({png_chunk("IHDR", png_ihdr(60, 80, 8, 3)), png_chunk("PLTE", palette), png_chunk("tRNS", Bytes{0}),
                          png_chunk("IDAT", zlib_compress(raw)), png_chunk("IEND", {})});
       }},
      {"cmyk.jpg", report, "a CMYK JPEG (Adobe marker, as print workflows write)", [&] { return cmyk_jpeg(photo); }},
      {"exif_rotated.jpg", report, "stored 80 x 60 (sideways) with EXIF Orientation 6: judged upright, 60 x 80",
       [&] {
         cv::Mat sideways;
         cv::rotate(photo, sideways, cv::ROTATE_90_COUNTERCLOCKWISE);  // Orientation 6 turns it back clockwise
         return with_exif_orientation(encode(".jpg", sideways, {cv::IMWRITE_JPEG_QUALITY, 90}), 6);
       }},
      {"exif_bad_orientation.jpg", report, "EXIF Orientation 9 (undefined): ignored", [&] { return with_exif_orientation(jpeg, 9); }},
      {"progressive.jpg", report, "a progressive JPEG", [&] { return progressive; }},
      {"jpeg_with_trailer.jpg", report, "a JPEG followed by 16 KB of other data (phone \"motion photo\" style)",
       [&] { return jpeg + Bytes(16384, 0x5A); }},
      {"tiny_1x1.png", "report 1x1", "a 1 x 1 pixel PNG", [] { return encode(".png", cv::Mat(1, 1, CV_8UC3, cv::Scalar(200, 200, 200))); }},
      {"photo.tif", report, "a TIFF", [&] { return encode(".tif", photo); }},
      {"photo.bmp", report, "a BMP", [&] { return encode(".bmp", photo); }},
      {"photo.webp", report, "a WebP", [&] { return encode(".webp", photo, {cv::IMWRITE_WEBP_QUALITY, 90}); }},
      {"nom avec espaces et accentué é.jpg", report, "a file name with spaces and accents (UTF-8)", [&] { return jpeg; }},
  };

  const fs::path dir = argv[2];
  fs::create_directories(dir);
  std::ofstream readme(dir / "README.md", std::ios::binary | std::ios::trunc);
  readme << "# Odd and hostile inputs\n\n"
            "Made by `scripts/make-bad-inputs` (tests/robustness/make_bad_inputs.cpp) from one portrait of\n"
            "`tests/data/faces` shrunk to 60 x 80; do not edit by hand. `tests/robustness/corpus_test.cpp`\n"
            "runs `conforme check` on every file below, named explicitly, and checks that each gets exactly\n"
            "one record: an `error` record with the code in the *expected* column, or a report (status `pass`\n"
            "or `fail`, here `fail`: no face in 60 x 80 pixels) of the size given, after EXIF orientation.\n"
            "`io_decode_test.cpp` decodes each file in-process too, also under AddressSanitizer and UBSan\n"
            "(`scripts/sanitize`), and the fuzzer starts from them.\n\n"
            "Cases that cannot be committed are made by the tests at run time: a file name that is not\n"
            "UTF-8, a FIFO and /dev/null, an unreadable file and directory, missing files in a list,\n"
            "duplicates (`hostile_inputs_test.cpp`), directory symlink loops (`io_report_test.cpp`).\n\n"
            "| file | expected | what it is |\n|---|---|---|\n";
  for (const Entry& e : entries) {
    const fs::path path = dir / e.name;
    fs::remove(path);
    if (e.make) {
      const Bytes b = e.make();
      std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    } else {
      fs::create_symlink(e.link_target, path);
    }
    readme << "| `" << e.name << "` | " << e.expected << " | " << e.what << " |\n";
  }
  std::cout << entries.size() << " inputs written to " << dir.string() << "\n";
  return 0;
}
