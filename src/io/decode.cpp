#include "io/decode.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace conforme {
namespace {

enum class Format { jpeg, png, tiff, bmp, webp, unknown };

Format sniff(const std::vector<std::uint8_t>& b) {
  auto starts = [&](std::initializer_list<std::uint8_t> sig) {
    return b.size() >= sig.size() && std::equal(sig.begin(), sig.end(), b.begin());
  };
  if (starts({0xFF, 0xD8, 0xFF})) return Format::jpeg;
  if (starts({0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) return Format::png;
  if (starts({'I', 'I', 0x2A, 0x00}) || starts({'M', 'M', 0x00, 0x2A})) return Format::tiff;
  if (starts({'B', 'M'})) return Format::bmp;
  if (b.size() >= 12 && starts({'R', 'I', 'F', 'F'}) && std::memcmp(&b[8], "WEBP", 4) == 0)
    return Format::webp;
  return Format::unknown;
}

// A JPEG ends with the EOI marker; scanners sometimes pad after it, so look near the end.
bool jpeg_has_end(const std::vector<std::uint8_t>& b) {
  const std::size_t from = b.size() > 4096 ? b.size() - 4096 : 2;
  for (std::size_t i = b.size() - 1; i > from; --i)
    if (b[i] == 0xD9 && b[i - 1] == 0xFF) return true;
  return false;
}

// Declared size from the header, so a decompression bomb is refused before any pixel is made.
std::optional<std::uint64_t> declared_pixels(const std::vector<std::uint8_t>& b, Format f) {
  auto be16 = [&](std::size_t i) { return (b[i] << 8) | b[i + 1]; };
  auto be32 = [&](std::size_t i) {
    return (std::uint64_t(b[i]) << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
  };
  if (f == Format::png && b.size() >= 24) return be32(16) * be32(20);
  if (f == Format::jpeg) {
    std::size_t i = 2;
    while (i + 9 < b.size()) {
      if (b[i] != 0xFF) return std::nullopt;
      const int marker = b[i + 1];
      if (marker == 0xFF) { ++i; continue; }
      const std::size_t length = be16(i + 2);
      const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) return std::uint64_t(be16(i + 5)) * be16(i + 7);
      i += 2 + length;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::uint8_t> read_file_bytes(const std::string& path, const DecodeLimits& limits) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    if (fs::is_symlink(fs::symlink_status(path, ec)))
      throw InputError("not_found", path + ": broken symbolic link");
    throw InputError("not_found", path + ": no such file");
  }
  if (fs::is_directory(status)) throw InputError("is_directory", path + ": is a directory");
  const auto size = fs::file_size(path, ec);
  if (ec) throw InputError("read_failed", path + ": " + ec.message());
  if (size == 0) throw InputError("empty_file", path + ": empty file");
  if (size > limits.max_file_bytes)
    throw InputError("too_large", path + ": file of " + std::to_string(size) + " bytes exceeds the limit of " +
                                      std::to_string(limits.max_file_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    if (err == EACCES) throw InputError("permission_denied", path + ": permission denied");
    throw InputError("read_failed", path + ": cannot open: " + std::strerror(err));
  }
  std::vector<std::uint8_t> bytes(size);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (static_cast<std::uint64_t>(in.gcount()) != size)
    throw InputError("read_failed", path + ": short read");
  return bytes;
}

DecodedImage decode_image(const std::vector<std::uint8_t>& bytes, const std::string& path,
                          const DecodeLimits& limits) {
  const Format format = sniff(bytes);
  if (format == Format::unknown)
    throw InputError("not_an_image", path + ": not a JPEG, PNG, TIFF, BMP or WebP image");
  if (const auto pixels = declared_pixels(bytes, format); pixels && *pixels > limits.max_pixels)
    throw InputError("too_large", path + ": declares " + std::to_string(*pixels) +
                                      " pixels, above the limit of " + std::to_string(limits.max_pixels));
  if (format == Format::jpeg && !jpeg_has_end(bytes))
    throw InputError("truncated", path + ": JPEG data ends before the end-of-image marker (truncated file)");
  DecodedImage out;
  try {
    const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8U, const_cast<std::uint8_t*>(bytes.data()));
    out.bgr = cv::imdecode(raw, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    throw InputError("corrupt", path + ": cannot be decoded: " + e.msg);
  }
  if (out.bgr.empty()) throw InputError("corrupt", path + ": image data is corrupt and cannot be decoded");
  if (static_cast<std::uint64_t>(out.bgr.total()) > limits.max_pixels)
    throw InputError("too_large", path + ": " + std::to_string(out.bgr.total()) + " pixels, above the limit of " +
                                      std::to_string(limits.max_pixels));
  out.dpi = read_dpi(bytes);
  return out;
}

}  // namespace conforme
