#pragma once
// libpng reading PNG bytes held in memory, with handlers that keep its error and warnings for the
// file's record instead of printing them (libpng's default handlers write to stderr). Shared by
// the header reader (io/codec_header.cpp) and the decoder (io/png_decode.cpp).
// Functions that call libpng under setjmp(png_jmpbuf(reader.png)) must hold no object with a
// destructor in their own frame: the reader lives in the caller's.
#include <cstdint>
#include <string>
#include <vector>

#include <png.h>

namespace conforme {

struct PngReader {
  explicit PngReader(const std::vector<std::uint8_t>& bytes);
  ~PngReader();
  PngReader(const PngReader&) = delete;
  PngReader& operator=(const PngReader&) = delete;

  bool ready() const { return png != nullptr && info != nullptr; }

  png_structp png = nullptr;
  png_infop info = nullptr;
  const std::vector<std::uint8_t>& bytes;
  std::size_t at = 0;
  std::string error;                  // libpng's error, when it gave up
  std::vector<std::string> warnings;  // libpng's warnings, at most 8
};

}  // namespace conforme
