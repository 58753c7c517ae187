#include "io/png_reader.hpp"

#include <cstring>

namespace conforme {
namespace {

void on_error(png_structp png, png_const_charp text) {
  static_cast<PngReader*>(png_get_error_ptr(png))->error = text;
  png_longjmp(png, 1);
}
void on_warning(png_structp png, png_const_charp text) {
  auto& warnings = static_cast<PngReader*>(png_get_error_ptr(png))->warnings;
  if (warnings.size() < 8) warnings.emplace_back(text);
}
void read_bytes(png_structp png, png_bytep out, png_size_t n) {
  auto* reader = static_cast<PngReader*>(png_get_io_ptr(png));
  if (n > reader->bytes.size() - reader->at) png_error(png, "the file ends before the image does");
  std::memcpy(out, reader->bytes.data() + reader->at, n);
  reader->at += n;
}

}  // namespace

PngReader::PngReader(const std::vector<std::uint8_t>& b) : bytes(b) {
  png = png_create_read_struct(PNG_LIBPNG_VER_STRING, this, on_error, on_warning);
  if (!png) {
    error = "libpng could not start";
    return;
  }
  info = png_create_info_struct(png);
  png_set_read_fn(png, this, read_bytes);
}

PngReader::~PngReader() {
  if (png) png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
}

}  // namespace conforme
