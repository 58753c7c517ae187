#include "io/jpeg_decode.hpp"

#include <chrono>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <string>

#include <jpeglib.h>
#include <jerror.h>

namespace conforme {
namespace {

// libjpeg reports errors through error_exit, which must not return: it jumps back to the stage
// that called libjpeg. A warning (corrupt data that libjpeg repairs, as it would for OpenCV's
// reader) is kept as text and decoding goes on, except the file ending before the image does:
// OpenCV's reader suspends there where jpeg_mem_src pads, so that file is left to OpenCV. The
// progress monitor jumps back when the file costs more than allowed, with the reason in
// `too_costly`.
struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf back;
  jpeg_progress_mgr progress;
  int max_scans = 0;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  double max_seconds = 0;
  std::string too_costly;
  bool ended_early = false;
  // Fixed buffers: nothing that can throw runs inside libjpeg's callbacks.
  static constexpr int max_kept = 8;
  char kept[max_kept][JMSG_LENGTH_MAX] = {};
  int kept_count = 0;
  int damaged = 0;  // warnings that say the image data itself was damaged (decode_jpeg_bgr)
};

[[noreturn]] void on_error(j_common_ptr info) { std::longjmp(reinterpret_cast<ErrorManager*>(info->err)->back, 1); }
void on_message(j_common_ptr info, int level) {
  if (level >= 0) return;
  auto& err = *reinterpret_cast<ErrorManager*>(info->err);
  ++err.pub.num_warnings;
  switch (err.pub.msg_code) {
    case JWRN_HIT_MARKER:     // "Corrupt JPEG data: premature end of data segment"
    case JWRN_HUFF_BAD_CODE:  // "Corrupt JPEG data: bad Huffman code"
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:    // "Corrupt JPEG data: found marker 0x.. instead of RST.."
      ++err.damaged;
      break;
    default:
      break;
  }
  if (err.kept_count < ErrorManager::max_kept) (*err.pub.format_message)(info, err.kept[err.kept_count++]);
  if (err.pub.msg_code == JWRN_JPEG_EOF) {
    err.ended_early = true;
    std::longjmp(err.back, 1);
  }
}
void no_output(j_common_ptr) {}

// Called by libjpeg between passes, scans and groups of rows.
void on_progress(j_common_ptr common) {
  auto& err = *reinterpret_cast<ErrorManager*>(common->err);
  const auto& info = *reinterpret_cast<j_decompress_ptr>(common);
  if (err.max_scans > 0 && info.input_scan_number > err.max_scans)
    err.too_costly = "more than " + std::to_string(err.max_scans) + " scans";
  else if (std::chrono::steady_clock::now() > err.deadline)
    err.too_costly = "still decoding after " + std::to_string(static_cast<int>(err.max_seconds)) + " s";
  if (!err.too_costly.empty()) std::longjmp(err.back, 1);
}

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

// How OpenCV would turn the image, as the EXIF Orientation it reads (1 = as stored), or 0 when
// that is not certain and the file is left to OpenCV. 1: no APP1 segment, or a first APP1 that is
// EXIF with a well-formed first IFD whose Orientation entries (tag 0x0112), if any, all say 1.
// 2-8: such an IFD with exactly one Orientation entry, a SHORT holding that value. OpenCV reads
// the first APP1 as EXIF whatever it holds, so anything else (an XMP packet first, a malformed
// IFD, duplicate or odd entries) is left to it.
int exif_orientation(const jpeg_decompress_struct& info) {
  const jpeg_saved_marker_ptr app1 = info.marker_list;  // only APP1 segments are saved
  if (app1 == nullptr) return 1;
  const std::uint8_t* p = app1->data;
  const std::size_t size = app1->data_length;
  if (size < 6 + 8 || std::memcmp(p, "Exif\0\0", 6) != 0) return 0;
  const std::uint8_t* t = p + 6;
  const std::size_t n = size - 6;
  const bool le = t[0] == 'I' && t[1] == 'I' && t[2] == 42 && t[3] == 0;
  const bool be = t[0] == 'M' && t[1] == 'M' && t[2] == 0 && t[3] == 42;
  if (!le && !be) return 0;
  auto u16 = [&](std::size_t i) -> unsigned { return le ? t[i] | (t[i + 1] << 8) : (t[i] << 8) | t[i + 1]; };
  auto u32 = [&](std::size_t i) -> std::size_t {
    return le ? t[i] | (t[i + 1] << 8) | (t[i + 2] << 16) | (std::size_t(t[i + 3]) << 24)
              : (std::size_t(t[i]) << 24) | (t[i + 1] << 16) | (t[i + 2] << 8) | t[i + 3];
  };
  const std::size_t ifd = u32(4);
  if (ifd < 8 || ifd + 2 > n) return 0;
  const std::size_t entries = u16(ifd);
  if (ifd + 2 + 12 * entries > n) return 0;
  int found = 0;
  unsigned value = 1;
  bool all_upright = true, plain_short = true;
  for (std::size_t e = 0; e < entries; ++e) {
    const std::size_t at = ifd + 2 + 12 * e;
    if (u16(at) != 0x0112) continue;
    ++found;
    value = u16(at + 8);
    all_upright = all_upright && value == 1;
    plain_short = plain_short && u16(at + 2) == 3 && u32(at + 4) == 1;  // type SHORT, count 1
  }
  if (all_upright) return 1;
  return found == 1 && plain_short && value >= 2 && value <= 8 ? static_cast<int>(value) : 0;
}

// The image turned for display as OpenCV 4.6 turns it for an EXIF Orientation (imgcodecs,
// ApplyExifOrientation): pixels moved, never resampled.
cv::Mat turned_for_display(const cv::Mat& stored, int orientation) {
  if (orientation == 1) return stored;
  cv::Mat out;
  switch (orientation) {
    case 2: cv::flip(stored, out, 1); break;
    case 3: cv::flip(stored, out, -1); break;
    case 4: cv::flip(stored, out, 0); break;
    case 5: cv::transpose(stored, out); break;
    case 6: cv::transpose(stored, out); cv::flip(out, out, 1); break;
    case 7: cv::transpose(stored, out); cv::flip(out, out, -1); break;
    default: cv::transpose(stored, out); cv::flip(out, out, 0); break;  // 8
  }
  return out;
}

}  // namespace

cv::Mat decode_jpeg_bgr(const std::vector<std::uint8_t>& bytes, int max_scans, double max_seconds,
                        std::vector<std::string>* warnings, int* damaged_data) {
  if (bytes.size() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) return {};
  jpeg_decompress_struct info;
  ErrorManager err;
  info.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = on_error;
  err.pub.emit_message = on_message;
  err.pub.output_message = no_output;
  err.max_scans = max_scans;
  err.max_seconds = max_seconds;
  if (max_seconds > 0)
    err.deadline = std::chrono::steady_clock::now() +
                   std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(max_seconds));
  err.progress.progress_monitor = on_progress;
  jpeg_create_decompress(&info);
  info.progress = &err.progress;
  struct Destroy {
    jpeg_decompress_struct* info;
    ~Destroy() { jpeg_destroy_decompress(info); }
  } destroy{&info};

  const bool header = read_header(info, bytes.data(), bytes.size());
  if (!err.too_costly.empty()) throw JpegTooCostly(err.too_costly);
  if (!header) return {};
  const bool plain_colour = (info.num_components == 1 && info.jpeg_color_space == JCS_GRAYSCALE) ||
                            (info.num_components == 3 &&
                             (info.jpeg_color_space == JCS_YCbCr || info.jpeg_color_space == JCS_RGB));
  const int orientation = exif_orientation(info);
  if (!plain_colour || info.data_precision != 8 || orientation == 0) return {};
  const bool started = start(info);  // a progressive file's scans are read here, counted
  if (!err.too_costly.empty()) throw JpegTooCostly(err.too_costly);
  if (!started || info.output_components != 3) return {};

  cv::Mat bgr(static_cast<int>(info.output_height), static_cast<int>(info.output_width), CV_8UC3);
  std::vector<JSAMPROW> rows(info.output_height);
  for (int y = 0; y < bgr.rows; ++y) rows[y] = bgr.ptr<JSAMPLE>(y);
  const bool read = read_rows(info, rows.data());
  if (!err.too_costly.empty()) throw JpegTooCostly(err.too_costly);
  // The warnings are kept whether these pixels are returned or not: data that ends before the
  // image does is then decoded by OpenCV, from the same damaged bytes.
  if (warnings)
    for (int i = 0; i < err.kept_count; ++i) warnings->emplace_back(err.kept[i]);
  if (damaged_data) *damaged_data = err.damaged;
  if (!read || err.ended_early) return {};
  return turned_for_display(bgr, orientation);
}

}  // namespace conforme
