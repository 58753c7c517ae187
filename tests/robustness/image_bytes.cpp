#include "image_bytes.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <jpeglib.h>
#include <zlib.h>

#include <opencv2/imgcodecs.hpp>

namespace conforme::test {

Bytes encode(const std::string& ext, const cv::Mat& image, const std::vector<int>& params) {
  std::vector<uchar> buf;
  if (!cv::imencode(ext, image, buf, params)) throw std::runtime_error("cannot encode " + ext);
  return {buf.begin(), buf.end()};
}

void put_be32(Bytes& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}
void put_le16(Bytes& b, std::uint32_t v) {
  b.push_back(v & 0xFF);
  b.push_back((v >> 8) & 0xFF);
}
void put_le32(Bytes& b, std::uint32_t v) {
  put_le16(b, v & 0xFFFF);
  put_le16(b, v >> 16);
}
Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
Bytes bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

Bytes with_exif_orientation(const Bytes& jpeg, int orientation) {
  // "Exif\0\0", then a little-endian TIFF header and IFD0 with one SHORT entry.
  Bytes tiff = bytes_of(std::string("Exif\0\0II*\0", 10));
  put_le32(tiff, 8);       // IFD0 right after the 8-byte TIFF header
  put_le16(tiff, 1);       // one entry
  put_le16(tiff, 0x0112);  // Orientation
  put_le16(tiff, 3);       // SHORT
  put_le32(tiff, 1);       // one value
  put_le16(tiff, static_cast<std::uint32_t>(orientation));
  put_le16(tiff, 0);  // padding of the 4-byte value field
  put_le32(tiff, 0);  // no next IFD
  Bytes app1 = {0xFF, 0xE1, static_cast<std::uint8_t>((tiff.size() + 2) >> 8),
                static_cast<std::uint8_t>((tiff.size() + 2) & 0xFF)};
  app1 = app1 + tiff;
  Bytes out(jpeg.begin(), jpeg.begin() + 2);  // SOI
  return out + app1 + Bytes(jpeg.begin() + 2, jpeg.end());
}

namespace {

// Compresses `size` rows with libjpeg: `setup` adjusts the defaults (before the quality tables
// are made), `row(y)` gives row y in `in_space`, `components` samples a pixel.
template <class Setup, class Row>
Bytes libjpeg_compress(cv::Size size, int components, J_COLOR_SPACE in_space, int quality, Setup setup, Row row) {
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* out = nullptr;
  unsigned long length = 0;
  jpeg_mem_dest(&c, &out, &length);
  c.image_width = static_cast<JDIMENSION>(size.width);
  c.image_height = static_cast<JDIMENSION>(size.height);
  c.input_components = components;
  c.in_color_space = in_space;
  jpeg_set_defaults(&c);
  setup(c);
  jpeg_set_quality(&c, quality, TRUE);
  jpeg_start_compress(&c, TRUE);
  for (int y = 0; y < size.height; ++y) {
    JSAMPROW rows[] = {row(y)};
    jpeg_write_scanlines(&c, rows, 1);
  }
  jpeg_finish_compress(&c);
  Bytes jpeg(out, out + length);
  jpeg_destroy_compress(&c);
  std::free(out);
  return jpeg;
}

}  // namespace

Bytes cmyk_jpeg(const cv::Mat& bgr, int quality) {
  // CMYK in, CMYK stored, Adobe APP14 marker written (jpeg_set_defaults).
  std::vector<JSAMPLE> row(static_cast<std::size_t>(bgr.cols) * 4);
  return libjpeg_compress(bgr.size(), 4, JCS_CMYK, quality, [](jpeg_compress_struct&) {}, [&](int y) {
    for (int x = 0; x < bgr.cols; ++x) {
      const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
      // Ink amounts from RGB with full grey-component replacement, stored inverted (255 = no
      // ink), the Adobe convention that decoders, OpenCV's included, expect.
      const double r = p[2] / 255.0, g = p[1] / 255.0, b = p[0] / 255.0;
      const double k = 1 - std::max({r, g, b});
      const double d = k < 1 ? 1 - k : 1;
      const double ink[4] = {(1 - r - k) / d, (1 - g - k) / d, (1 - b - k) / d, k};
      for (int i = 0; i < 4; ++i) row[4 * x + i] = static_cast<JSAMPLE>(cv::saturate_cast<uchar>(255 * (1 - ink[i])));
    }
    return row.data();
  });
}

Bytes sampled_jpeg(const cv::Mat& bgr, int quality, int h_luma, int v_luma, bool stored_rgb) {
  auto setup = [&](jpeg_compress_struct& c) {
    if (stored_rgb) jpeg_set_colorspace(&c, JCS_RGB);  // no YCbCr transform; Adobe marker says so
    c.comp_info[0].h_samp_factor = h_luma;
    c.comp_info[0].v_samp_factor = v_luma;
    for (int i = 1; i < 3; ++i) c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
  };
  return libjpeg_compress(bgr.size(), 3, JCS_EXT_BGR, quality, setup,
                          [&](int y) { return const_cast<JSAMPLE*>(bgr.ptr<JSAMPLE>(y)); });
}

Bytes png_chunk(const std::string& type, const Bytes& data) {
  Bytes chunk;
  put_be32(chunk, static_cast<std::uint32_t>(data.size()));
  Bytes body = bytes_of(type) + data;
  const auto crc = crc32(0, body.data(), static_cast<uInt>(body.size()));
  chunk = chunk + body;
  put_be32(chunk, static_cast<std::uint32_t>(crc));
  return chunk;
}

Bytes png_ihdr(std::uint32_t width, std::uint32_t height, int bit_depth, int colour_type) {
  Bytes d;
  put_be32(d, width);
  put_be32(d, height);
  d.push_back(static_cast<std::uint8_t>(bit_depth));
  d.push_back(static_cast<std::uint8_t>(colour_type));
  d.push_back(0);
  d.push_back(0);
  d.push_back(0);
  return d;
}

Bytes zlib_compress(const Bytes& raw, int level) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  Bytes out(size);
  if (compress2(out.data(), &size, raw.data(), static_cast<uLong>(raw.size()), level) != Z_OK)
    throw std::runtime_error("zlib compress failed");
  out.resize(size);
  return out;
}

Bytes png_file(const std::vector<Bytes>& chunks) {
  Bytes b = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  for (const auto& c : chunks) b = b + c;
  return b;
}

}  // namespace conforme::test
