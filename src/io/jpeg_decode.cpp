#include "io/jpeg_decode.hpp"

#include <csetjmp>
#include <cstdio>
#include <cstring>

#include <jpeglib.h>

namespace conforme {
namespace {

// libjpeg reports errors through error_exit, which must not return: it jumps back to the stage
// that called libjpeg. Warnings (corrupt but decodable data) are only counted.
struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf back;
};

[[noreturn]] void on_error(j_common_ptr info) { std::longjmp(reinterpret_cast<ErrorManager*>(info->err)->back, 1); }
void on_message(j_common_ptr info, int level) {
  if (level < 0) ++info->err->num_warnings;
}
void no_output(j_common_ptr) {}

// The stages that call libjpeg hold no object with a destructor, so jumping out of them skips
// nothing; the caller owns the pixels and the row pointers.
bool read_header(jpeg_decompress_struct& info, const std::uint8_t* data, std::size_t size) {
  ErrorManager& err = *reinterpret_cast<ErrorManager*>(info.err);
  if (setjmp(err.back)) return false;
  jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
  jpeg_save_markers(&info, JPEG_APP0 + 1, 0xFFFF);
  return jpeg_read_header(&info, TRUE) == JPEG_HEADER_OK;
}

bool start(jpeg_decompress_struct& info) {
  ErrorManager& err = *reinterpret_cast<ErrorManager*>(info.err);
  if (setjmp(err.back)) return false;
  info.out_color_space = JCS_EXT_BGR;
  return jpeg_start_decompress(&info) != 0;
}

bool read_rows(jpeg_decompress_struct& info, JSAMPROW* rows) {
  ErrorManager& err = *reinterpret_cast<ErrorManager*>(info.err);
  if (setjmp(err.back)) return false;
  while (info.output_scanline < info.output_height) {
    const JDIMENSION done = info.output_scanline;
    if (jpeg_read_scanlines(&info, rows + done, info.output_height - done) == 0) return false;
  }
  return jpeg_finish_decompress(&info) != 0;
}

// True when OpenCV would not turn the image: no APP1 segment, or a first APP1 that is EXIF with a
// well-formed first IFD whose Orientation entries (tag 0x0112), if any, all say 1 (as stored).
// Other orientations are left to OpenCV, which turns the image the way it reads its EXIF.
bool stored_upright(const jpeg_decompress_struct& info) {
  const jpeg_saved_marker_ptr app1 = info.marker_list;  // only APP1 segments are saved
  if (app1 == nullptr) return true;
  const std::uint8_t* p = app1->data;
  const std::size_t size = app1->data_length;
  if (size < 6 + 8 || std::memcmp(p, "Exif\0\0", 6) != 0) return false;
  const std::uint8_t* t = p + 6;
  const std::size_t n = size - 6;
  const bool le = t[0] == 'I' && t[1] == 'I' && t[2] == 42 && t[3] == 0;
  const bool be = t[0] == 'M' && t[1] == 'M' && t[2] == 0 && t[3] == 42;
  if (!le && !be) return false;
  auto u16 = [&](std::size_t i) -> unsigned { return le ? t[i] | (t[i + 1] << 8) : (t[i] << 8) | t[i + 1]; };
  auto u32 = [&](std::size_t i) -> std::size_t {
    return le ? t[i] | (t[i + 1] << 8) | (t[i + 2] << 16) | (std::size_t(t[i + 3]) << 24)
              : (std::size_t(t[i]) << 24) | (t[i + 1] << 16) | (t[i + 2] << 8) | t[i + 3];
  };
  const std::size_t ifd = u32(4);
  if (ifd < 8 || ifd + 2 > n) return false;
  const std::size_t entries = u16(ifd);
  if (ifd + 2 + 12 * entries > n) return false;
  for (std::size_t e = 0; e < entries; ++e) {
    const std::size_t at = ifd + 2 + 12 * e;
    if (u16(at) == 0x0112 && u16(at + 8) != 1) return false;
  }
  return true;
}

}  // namespace

cv::Mat decode_jpeg_bgr(const std::vector<std::uint8_t>& bytes) {
  if (bytes.size() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) return {};
  jpeg_decompress_struct info;
  ErrorManager err;
  info.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = on_error;
  err.pub.emit_message = on_message;
  err.pub.output_message = no_output;
  jpeg_create_decompress(&info);
  struct Destroy {
    jpeg_decompress_struct* info;
    ~Destroy() { jpeg_destroy_decompress(info); }
  } destroy{&info};

  if (!read_header(info, bytes.data(), bytes.size())) return {};
  const bool plain_colour = (info.num_components == 1 && info.jpeg_color_space == JCS_GRAYSCALE) ||
                            (info.num_components == 3 &&
                             (info.jpeg_color_space == JCS_YCbCr || info.jpeg_color_space == JCS_RGB));
  if (!plain_colour || info.data_precision != 8 || !stored_upright(info) || err.pub.num_warnings != 0) return {};
  if (!start(info) || info.output_components != 3) return {};

  cv::Mat bgr(static_cast<int>(info.output_height), static_cast<int>(info.output_width), CV_8UC3);
  std::vector<JSAMPROW> rows(info.output_height);
  for (int y = 0; y < bgr.rows; ++y) rows[y] = bgr.ptr<JSAMPLE>(y);
  if (!read_rows(info, rows.data()) || err.pub.num_warnings != 0) return {};
  return bgr;
}

}  // namespace conforme
