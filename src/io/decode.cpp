#include "io/decode.hpp"
#include "io/jpeg_quality.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "io/codec_header.hpp"
#include "io/colour_profile.hpp"
#include "io/image_header.hpp"
#include "io/jpeg_decode.hpp"
#include "io/png_decode.hpp"

namespace conforme {
namespace {

// Closes the descriptor on every path out of read_file_bytes.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

[[noreturn]] void throw_open_error(const std::string& path, int err) {
  struct stat link;
  switch (err) {
    case ENOENT:
      if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
        throw InputError("not_found", path + ": broken symbolic link (its target does not exist)");
      throw InputError("not_found", path + ": no such file");
    case ENOTDIR: throw InputError("not_found", path + ": no such file (a component of the path is not a directory)");
    case ELOOP: throw InputError("symlink_loop", path + ": symbolic link loop (too many levels of symbolic links)");
    case EACCES:
    case EPERM: throw InputError("permission_denied", path + ": permission denied");
    case EISDIR: throw InputError("is_directory", path + ": is a directory");
    default: throw InputError("read_failed", path + ": cannot open: " + std::strerror(err));
  }
}

// The ICC profile a JPEG, TIFF or WebP file embeds (a PNG's is read with its pixels), or empty.
std::vector<std::uint8_t> embedded_colour_profile(const std::vector<std::uint8_t>& bytes, const DecodePlan& plan) {
  switch (plan.format) {
    case ImageFormat::jpeg: return jpeg_colour_profile(bytes);
    case ImageFormat::tiff: return plan.colour_profile;  // read with the header (io/codec_header.hpp)
    case ImageFormat::webp: return webp_colour_profile(bytes);
    default: return {};
  }
}

std::string megabytes(std::uint64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB"; }

// Bytes of an image as its file stores it: pixels x samples x bytes per sample.
std::uint64_t stored_bytes(std::uint64_t pixels, int channels, int bits) {
  return pixels * static_cast<std::uint64_t>(std::max(1, channels)) *
         static_cast<std::uint64_t>((std::max(8, bits) + 7) / 8);
}

// --max-pixels, applied to a header's width and height (too_large).
void check_pixel_limit(const char* format, std::uint64_t width, std::uint64_t height, const std::string& path,
                       const DecodeLimits& limits) {
  const std::uint64_t pixels = width * height;
  if (pixels > limits.max_pixels)
    throw InputError("too_large", path + ": " + format + " header declares " + std::to_string(width) + " x " +
                                      std::to_string(height) + " = " + std::to_string(pixels) +
                                      " pixels, above the limit of " + std::to_string(limits.max_pixels));
}

// The first bytes of a large file are enough to know its image: a header lies within them.
constexpr std::uint64_t header_window = 16ull << 20;

void read_exactly(int fd, std::uint8_t* out, std::size_t size, const std::string& path) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, out + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError("read_failed", path + ": read error: " + std::strerror(errno));
    if (n == 0) throw InputError("read_failed", path + ": the file shrank while it was read");
    done += static_cast<std::size_t>(n);
  }
}

// A file larger than the header window may be read whole only when the image its header declares
// can need that many bytes: its uncompressed size, plus the window for metadata and trailers.
void check_large_file(const std::vector<std::uint8_t>& start, std::uint64_t size, const std::string& path,
                      const DecodeLimits& limits) {
  const ImageHeader h = read_image_header(start);
  if (!h.width || !h.height || h.format == ImageFormat::unknown)
    throw InputError("too_large", path + ": file of " + std::to_string(size) + " bytes whose first " +
                                      megabytes(header_window) + " declare no image size; not read further");
  check_pixel_limit(format_name(h.format), *h.width, *h.height, path, limits);
  const std::uint64_t need =
      stored_bytes(*h.width * *h.height, h.channels.value_or(4), h.bits_per_sample.value_or(32)) + header_window;
  if (size > need)
    throw InputError("too_large", path + ": file of " + std::to_string(size) + " bytes, more than its " +
                                      std::to_string(*h.width) + " x " + std::to_string(*h.height) +
                                      " image can need (" + std::to_string(need) + "); not read further");
}

// Reads standard input to its end ("-" as an input: `curl … | conforme check -`). The same
// limits as a file: a stream past the header window is read on only as far as the image its
// header declares can need, and never past max_file_bytes.
std::vector<std::uint8_t> read_stdin_bytes(const DecodeLimits& limits) {
  std::vector<std::uint8_t> bytes;
  std::uint64_t cap = std::min(header_window, limits.max_file_bytes);
  bool header_checked = false;
  for (;;) {
    if (bytes.size() == cap) {
      if (header_checked || cap == limits.max_file_bytes) {
        std::uint8_t probe;
        ssize_t n;
        while ((n = ::read(STDIN_FILENO, &probe, 1)) < 0 && errno == EINTR) {
        }
        if (n == 0) break;
        throw InputError("too_large", "standard input: more than " + std::to_string(cap) + " bytes " +
                                          (cap == limits.max_file_bytes ? "exceeds the file size limit"
                                                                        : "is more than the image its header declares can need"));
      }
      const ImageHeader h = read_image_header(bytes);
      if (!h.width || !h.height || h.format == ImageFormat::unknown)
        throw InputError("too_large", "standard input: the first " + megabytes(header_window) +
                                          " declare no image size; not read further");
      check_pixel_limit(format_name(h.format), *h.width, *h.height, "standard input", limits);
      cap = std::min<std::uint64_t>(limits.max_file_bytes,
                                    stored_bytes(*h.width * *h.height, h.channels.value_or(4),
                                                 h.bits_per_sample.value_or(32)) + header_window);
      header_checked = true;
      continue;
    }
    const std::size_t start = bytes.size();
    bytes.resize(std::min<std::uint64_t>(cap, start + (1u << 20)));
    ssize_t n;
    while ((n = ::read(STDIN_FILENO, bytes.data() + start, bytes.size() - start)) < 0 && errno == EINTR) {
    }
    if (n < 0) throw InputError("read_failed", std::string("standard input: read error: ") + std::strerror(errno));
    bytes.resize(start + static_cast<std::size_t>(n));
    if (n == 0) break;
  }
  if (bytes.empty()) throw InputError("empty_file", "standard input: empty (nothing was piped in)");
  return bytes;
}

}  // namespace

std::uint64_t decode_bytes(std::uint64_t pixels, int channels, int bits) {
  // As stored, then (deeper than 8 bits) its 8-bit conversion, then the BGR copy: to_bgr8 holds
  // all three at once (measured: 34.8 MP of 16-bit RGBA peaks at 15 bytes a pixel).
  const std::uint64_t eight_bit_copy = bits > 8 ? stored_bytes(pixels, channels, 8) : 0;
  return stored_bytes(pixels, channels, bits) + eight_bit_copy + 3 * pixels;
}

std::vector<std::uint8_t> read_file_bytes(const std::string& path, const DecodeLimits& limits) {
  // "/dev/stdin" too: a pipe there is what the user meant, not a FIFO planted among the inputs.
  if (path == "-" || path == "/dev/stdin") return read_stdin_bytes(limits);
  // O_NONBLOCK: opening a FIFO named as an input must not wait for a writer; it is refused below.
  const FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  if (file.fd < 0) throw_open_error(path, errno);
  struct stat st;
  if (::fstat(file.fd, &st) != 0) throw InputError("read_failed", path + ": cannot stat: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw InputError("is_directory", path + ": is a directory");
  if (!S_ISREG(st.st_mode))
    throw InputError("not_a_file", path + ": not a regular file (a FIFO, socket or device)");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size == 0) throw InputError("empty_file", path + ": empty file");
  if (size > limits.max_file_bytes)
    throw InputError("too_large", path + ": file of " + std::to_string(size) + " bytes exceeds the limit of " +
                                      std::to_string(limits.max_file_bytes));
  std::vector<std::uint8_t> bytes(std::min(size, header_window));
  read_exactly(file.fd, bytes.data(), bytes.size(), path);
  if (size > bytes.size()) {
    check_large_file(bytes, size, path, limits);
    const std::size_t start = bytes.size();
    bytes.resize(size);
    read_exactly(file.fd, bytes.data() + start, size - start, path);
  }
  return bytes;
}

DecodePlan plan_decode(const std::vector<std::uint8_t>& bytes, const std::string& path, const DecodeLimits& limits) {
  const ImageHeader header = read_image_header(bytes);
  if (header.format == ImageFormat::unknown) {
    if (header.other_is_image)
      throw InputError("unsupported_format", path + ": " + header.other +
                                                 "; only JPEG, PNG, TIFF, BMP and WebP images are read");
    throw InputError("not_an_image", path + ": not a JPEG, PNG, TIFF, BMP or WebP image" +
                                         (header.other.empty() ? "" : " (looks like " + header.other + ")"));
  }
  const char* format = format_name(header.format);
  const auto check_size = [&](std::uint64_t width, std::uint64_t height) {
    check_pixel_limit(format, width, height, path, limits);
    if (width * height == 0)
      throw InputError("corrupt", path + ": " + format + " header declares an image of " + std::to_string(width) +
                                      " x " + std::to_string(height) + " pixels");
  };
  if (header.width && header.height) check_size(*header.width, *header.height);
  if (!header.complete)
    throw InputError("truncated", path + ": " + format + " data ends before the end of the image (truncated file)");

  // The size the decoder will allocate, as its own library reads it: the limits apply to that.
  // An image whose size cannot be established there is refused, never decoded to find out.
  std::string why;
  const std::optional<CodecHeader> codec = read_codec_header(bytes, header.format, why);
  if (!codec)
    throw InputError("corrupt", path + ": " + format + " header cannot be read (" + why +
                                    "), so its size is unknown; not decoded");
  check_size(codec->width, codec->height);
  const std::uint64_t long_side = std::max(codec->width, codec->height);
  const std::uint64_t short_side = std::min(codec->width, codec->height);
  if (long_side > limits.max_aspect_ratio * short_side)
    throw InputError("unsupported_shape", path + ": " + format + " of " + std::to_string(codec->width) + " x " +
                                              std::to_string(codec->height) + " pixels, sides in a ratio of 1:" +
                                              std::to_string(long_side / short_side) + ", beyond the 1:" +
                                              std::to_string(limits.max_aspect_ratio) +
                                              " of any ID photo, strip of photos or planche");
  const std::uint64_t pixels = codec->width * codec->height;
  const std::uint64_t need = decode_bytes(pixels, codec->channels, codec->bits_per_sample);
  if (need > limits.max_decode_bytes)
    throw InputError("too_large", path + ": " + format + " of " + std::to_string(codec->width) + " x " +
                                      std::to_string(codec->height) + " pixels, " + std::to_string(codec->channels) +
                                      " samples of " + std::to_string(codec->bits_per_sample) + " bits, needs " +
                                      megabytes(need) + " to decode, over the budget of " +
                                      megabytes(limits.max_decode_bytes));
  if (header.format == ImageFormat::jpeg && limits.max_jpeg_scans > 0 && header.jpeg_scans > limits.max_jpeg_scans)
    throw InputError("too_large", path + ": JPEG of " + std::to_string(header.jpeg_scans) +
                                      " scans, above the limit of " + std::to_string(limits.max_jpeg_scans) +
                                      " (each scan is a pass over the whole image)");
  if (header.format == ImageFormat::png) {
    // Deflate never grows data by more than a few bytes per 16 KiB block (stored blocks), and a
    // careless fixed-Huffman encoder by an eighth: twice the filtered rows, plus 64 KiB, is more
    // than any encoder writes. Beyond that the data is not this image's: libpng would inflate all
    // of it ("Too much image data"), gigabytes from a few megabytes.
    const std::uint64_t row_bytes = (codec->width * codec->channels * codec->bits_per_sample + 7) / 8;
    const std::uint64_t rows = codec->height * (header.png_interlaced ? 2 : 1);  // Adam7: 7 passes, short rows
    const std::uint64_t most = 2 * (rows * (row_bytes + 1) + 7 * codec->height) + (64 << 10);
    if (header.png_idat_bytes > most)
      throw InputError("corrupt", path + ": PNG holds " + std::to_string(header.png_idat_bytes) +
                                      " bytes of compressed image data where " + std::to_string(codec->width) +
                                      " x " + std::to_string(codec->height) + " pixels need at most " +
                                      std::to_string(most));
  }
  return DecodePlan{header.format, header.has_alpha, codec->width, codec->height, need, codec->warnings,
                    std::move(codec->colour_profile)};
}

DecodedImage decode_planned(const std::vector<std::uint8_t>& bytes, const DecodePlan& plan, const std::string& path,
                            const DecodeLimits& limits) {
  const char* format = format_name(plan.format);
  const std::uint64_t need = plan.decode_bytes;
  DecodedImage out;
  std::vector<std::uint8_t> png_profile;  // a PNG's colour profile comes with its pixels
  try {
    // Most JPEGs go straight to BGR through libjpeg-turbo (io/jpeg_decode.hpp), the same pixels
    // as OpenCV's reader in 60 % of its time; the others, and every other format, through OpenCV.
    if (plan.format == ImageFormat::jpeg) {
      int damaged = -1;  // not read by libjpeg-turbo
      out.bgr = decode_jpeg_bgr(bytes, limits.max_jpeg_scans, limits.max_decode_seconds, &out.warnings, &damaged);
      // Known when these pixels are returned, or when damage was seen before OpenCV was left the file.
      if (damaged > 0 || (damaged == 0 && !out.bgr.empty())) out.jpeg_damaged_data = damaged;
    }
    // PNG through libpng with handlers that keep its messages (io/png_decode.hpp).
    if (plan.format == ImageFormat::png) {
      PngDecoded png = decode_png(bytes, plan.has_alpha);
      out.warnings = plan.warnings;
      for (auto& w : png.warnings)  // the header's warnings come again with the pixels
        if (std::find(out.warnings.begin(), out.warnings.end(), w) == out.warnings.end()) out.warnings.push_back(w);
      if (png.pixels.empty())
        throw InputError("corrupt", path + ": PNG data is corrupt and cannot be decoded (libpng: " + png.error + ")");
      if (!png.damaged_rows.empty())
        throw InputError("corrupt", path + ": PNG image data is damaged: the pixels decoded are not those written (libpng: " +
                                        png.damaged_rows + ")");
      out.bgr = to_bgr8(png.pixels);
      png_profile = std::move(png.colour_profile);
    }
    if (out.bgr.empty()) {
      // What the header said, and what libjpeg said of the data before the path above declined
      // (OpenCV's reader keeps its own, and prints the first one only).
      std::vector<std::string> said = plan.warnings;
      for (auto& w : out.warnings)
        if (std::find(said.begin(), said.end(), w) == said.end()) said.push_back(std::move(w));
      out.warnings = std::move(said);
      const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8U, const_cast<std::uint8_t*>(bytes.data()));
      // IMREAD_COLOR applies the EXIF orientation (OpenCV 4.6), so a phone photo stored sideways
      // is judged upright; it drops transparency, so images with alpha are read unchanged and
      // composited here.
      const cv::Mat decoded = cv::imdecode(raw, plan.has_alpha ? cv::IMREAD_UNCHANGED : cv::IMREAD_COLOR);
      if (!decoded.empty()) out.bgr = to_bgr8(decoded);
    }
  } catch (const JpegTooCostly& e) {
    throw InputError("too_large", path + ": JPEG too costly to decode: " + e.what());
  } catch (const std::bad_alloc&) {
    throw InputError("out_of_memory", path + ": " + format + " needs about " + megabytes(need) +
                                          " to decode; the system refused the memory");
  } catch (const cv::Exception& e) {
    if (e.code == cv::Error::StsNoMem)
      throw InputError("out_of_memory", path + ": " + format + " needs about " + megabytes(need) +
                                            " to decode; the system refused the memory");
    throw InputError("corrupt", path + ": " + format + " data cannot be decoded: " + e.msg);
  }
  if (out.bgr.empty()) {
    throw InputError("corrupt", path + ": " + format + " data is corrupt and cannot be decoded");
  }
  if (static_cast<std::uint64_t>(out.bgr.total()) > limits.max_pixels)
    throw InputError("too_large", path + ": " + std::to_string(out.bgr.total()) + " pixels, above the limit of " +
                                      std::to_string(limits.max_pixels));
  // Colours in the file's own colour space are converted to sRGB (io/colour_profile.hpp).
  std::string profile_not_applied;
  out.colour_profile = convert_to_srgb(
      out.bgr, plan.format == ImageFormat::png ? png_profile : embedded_colour_profile(bytes, plan), &profile_not_applied);
  // A profile the file holds but that could not be used: its colours are measured as sRGB.
  if (!profile_not_applied.empty())
    out.warnings.push_back("colour profile not applied (" + profile_not_applied + "): colours taken as sRGB");
  out.dpi = read_dpi(bytes);
  out.jpeg_quality = read_jpeg_quality(bytes);
  return out;
}

DecodedImage decode_image(const std::vector<std::uint8_t>& bytes, const std::string& path,
                          const DecodeLimits& limits) {
  return decode_planned(bytes, plan_decode(bytes, path, limits), path, limits);
}

cv::Mat to_bgr8(const cv::Mat& decoded) {
  if (decoded.empty()) throw std::invalid_argument("image is empty (0 x 0 pixels, or no data)");
  if (decoded.dims != 2)
    throw std::invalid_argument("image has " + std::to_string(decoded.dims) + " dimensions; a 2-dimensional image is needed");
  if (decoded.channels() > 4)
    throw std::invalid_argument("image has " + std::to_string(decoded.channels()) +
                                " channels; 1 (grey), 2 (grey and alpha), 3 (BGR) or 4 (BGRA) are accepted");
  const int depth = decoded.depth();
  if (depth != CV_8U && depth != CV_16U && depth != CV_32F && depth != CV_64F)
    throw std::invalid_argument(std::string("image samples are ") + cv::depthToString(depth) +
                                "; 8-bit or 16-bit unsigned, or floating point in [0, 1], are accepted");
  cv::Mat m = decoded;
  if (m.depth() != CV_8U) {
    const double scale = m.depth() == CV_16U ? 1.0 / 257 : m.depth() == CV_32F || m.depth() == CV_64F ? 255.0 : 1.0;
    m.convertTo(m, CV_8U, scale);
  }
  if (m.channels() == 3) return m;
  if (m.channels() == 1) {
    cv::Mat bgr;
    cv::cvtColor(m, bgr, cv::COLOR_GRAY2BGR);
    return bgr;
  }
  cv::Mat bgra;
  if (m.channels() == 2) {  // grey + alpha
    std::vector<cv::Mat> ga;
    cv::split(m, ga);
    cv::merge(std::vector<cv::Mat>{ga[0], ga[0], ga[0], ga[1]}, bgra);
  } else {
    bgra = m;
  }
  cv::Mat bgr(bgra.size(), CV_8UC3);
  bgra.forEach<cv::Vec4b>([&](const cv::Vec4b& p, const int* at) {
    const int a = p[3];
    cv::Vec3b& out = bgr.at<cv::Vec3b>(at[0], at[1]);
    for (int c = 0; c < 3; ++c) out[c] = static_cast<uchar>((p[c] * a + 255 * (255 - a) + 127) / 255);
  });
  return bgr;
}

}  // namespace conforme
