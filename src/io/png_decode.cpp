#include "io/png_decode.hpp"

#include <csetjmp>

#include "io/png_reader.hpp"

namespace conforme {
namespace {

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
// `stored_colour`: the colour type as stored, before the transforms (a grey image read as BGR).
bool read_header(png_structp png, png_infop info, bool keep_alpha, int& type, int& stored_colour) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_info(png, info);
  stored_colour = png_get_color_type(png, info);
  type = set_transforms(png, info, keep_alpha);
  return true;
}
bool read_rows(png_structp png, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_image(png, rows);
  png_read_end(png, nullptr);
  return true;
}

// A warning libpng gives about the compressed image data (its chunk name first) other than bytes
// left after the stream's end.
bool says_rows_damaged(const std::string& warning) {
  return warning.rfind("IDAT: ", 0) == 0 && warning.find("xtra compress") == std::string::npos &&
         warning.find("Too much image data") == std::string::npos;
}

}  // namespace

PngDecoded decode_png(const std::vector<std::uint8_t>& bytes, bool keep_alpha) {
  PngDecoded out;
  PngReader reader(bytes);
  int type = 0, stored_colour = 0;
  if (reader.ready() && read_header(reader.png, reader.info, keep_alpha, type, stored_colour)) {
    png_charp name = nullptr;
    int compression = 0;
    png_bytep profile = nullptr;
    png_uint_32 profile_bytes = 0;
    if ((stored_colour & PNG_COLOR_MASK_COLOR) &&
        png_get_iCCP(reader.png, reader.info, &name, &compression, &profile, &profile_bytes) && profile)
      out.colour_profile.assign(profile, profile + profile_bytes);
    cv::Mat pixels(static_cast<int>(png_get_image_height(reader.png, reader.info)),
                   static_cast<int>(png_get_image_width(reader.png, reader.info)), type);
    std::vector<png_bytep> rows(static_cast<std::size_t>(pixels.rows));
    for (int y = 0; y < pixels.rows; ++y) rows[static_cast<std::size_t>(y)] = pixels.ptr(y);
    if (read_rows(reader.png, rows.data())) out.pixels = pixels;
  }
  out.warnings = reader.warnings;
  for (const auto& w : out.warnings)
    if (says_rows_damaged(w)) {
      out.damaged_rows = w;
      break;
    }
  out.error = out.pixels.empty() ? (reader.error.empty() ? "libpng could not read the image" : reader.error) : "";
  return out;
}

}  // namespace conforme
