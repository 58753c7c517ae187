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
