#include "io/png_decode.hpp"

#include <csetjmp>
#include <cstring>

#include <png.h>

namespace conforme {
namespace {

struct Source {
  const std::vector<std::uint8_t>* bytes;
  std::size_t at = 0;
  PngDecoded* out;
};

void on_error(png_structp png, png_const_charp text) {
  static_cast<Source*>(png_get_error_ptr(png))->out->error = text;
  png_longjmp(png, 1);
}
void on_warning(png_structp png, png_const_charp text) {
  auto& warnings = static_cast<Source*>(png_get_error_ptr(png))->out->warnings;
  if (warnings.size() < 8) warnings.emplace_back(text);
}
void read_bytes(png_structp png, png_bytep out, png_size_t n) {
  auto* src = static_cast<Source*>(png_get_io_ptr(png));
  if (n > src->bytes->size() - src->at) png_error(png, "the file ends before the image does");
  std::memcpy(out, src->bytes->data() + src->at, n);
  src->at += n;
}

// The transforms that give OpenCV's layout; returns the Mat type of the rows they produce.
int set_transforms(png_structp png, png_infop info, bool keep_alpha) {
  const int colour = png_get_color_type(png, info);
  const int depth = png_get_bit_depth(png, info);
  png_set_expand(png);  // palette to RGB, grey below 8 bits to 8, tRNS to an alpha channel
  if (depth == 16) {
    if (keep_alpha) png_set_swap(png);  // 16-bit samples in the machine's order
    else png_set_strip_16(png);
  }
  const bool alpha = (colour & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS);
  if (!keep_alpha) {
    if (alpha) png_set_strip_alpha(png);
    if (!(colour & PNG_COLOR_MASK_COLOR)) png_set_gray_to_rgb(png);
  }
  if (colour & PNG_COLOR_MASK_COLOR || !keep_alpha) png_set_bgr(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const int channels = png_get_channels(png, info);
  return CV_MAKETYPE(png_get_bit_depth(png, info) == 16 ? CV_16U : CV_8U, channels);
}

// No object with a destructor lives in this frame between setjmp and longjmp.
bool read_header(png_structp png, png_infop info, bool keep_alpha, int& type) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_info(png, info);
  type = set_transforms(png, info, keep_alpha);
  return true;
}
bool read_rows(png_structp png, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_image(png, rows);
  png_read_end(png, nullptr);
  return true;
}

}  // namespace

PngDecoded decode_png(const std::vector<std::uint8_t>& bytes, bool keep_alpha) {
  PngDecoded out;
  Source source{&bytes, 0, &out};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, on_error, on_warning);
  if (!png) {
    out.error = "libpng could not start";
    return out;
  }
  png_infop info = png_create_info_struct(png);
  png_set_read_fn(png, &source, read_bytes);
  int type = 0;
  bool ok = info && read_header(png, info, keep_alpha, type);
  if (ok) {
    cv::Mat pixels(static_cast<int>(png_get_image_height(png, info)), static_cast<int>(png_get_image_width(png, info)),
                   type);
    std::vector<png_bytep> rows(static_cast<std::size_t>(pixels.rows));
    for (int y = 0; y < pixels.rows; ++y) rows[static_cast<std::size_t>(y)] = pixels.ptr(y);
    ok = read_rows(png, rows.data());
    if (ok) out.pixels = pixels;
  }
  png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
  if (!ok && out.error.empty()) out.error = "libpng could not read the image";
  return out;
}

}  // namespace conforme
