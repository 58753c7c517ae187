#include "io/decode.hpp"
#include "io/jpeg_quality.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "io/image_header.hpp"
#include "io/jpeg_decode.hpp"

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

// 8-bit, 3-channel BGR whatever the file held: 16-bit samples scaled, grey expanded, and
// transparency composited over white, as the photo would look printed on white paper.
cv::Mat to_bgr8(const cv::Mat& decoded) {
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

}  // namespace

std::vector<std::uint8_t> read_file_bytes(const std::string& path, const DecodeLimits& limits) {
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
  std::vector<std::uint8_t> bytes(size);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(file.fd, bytes.data() + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError("read_failed", path + ": read error: " + std::strerror(errno));
    if (n == 0) throw InputError("read_failed", path + ": the file shrank while it was read");
    done += static_cast<std::size_t>(n);
  }
  return bytes;
}

DecodedImage decode_image(const std::vector<std::uint8_t>& bytes, const std::string& path,
                          const DecodeLimits& limits) {
  const ImageHeader header = read_image_header(bytes);
  if (header.format == ImageFormat::unknown) {
    if (header.other_is_image)
      throw InputError("unsupported_format", path + ": " + header.other +
                                                 "; only JPEG, PNG, TIFF, BMP and WebP images are read");
    throw InputError("not_an_image", path + ": not a JPEG, PNG, TIFF, BMP or WebP image" +
                                         (header.other.empty() ? "" : " (looks like " + header.other + ")"));
  }
  const char* format = format_name(header.format);
  if (header.width && header.height) {
    const std::uint64_t pixels = *header.width * *header.height;
    if (pixels > limits.max_pixels)
      throw InputError("too_large", path + ": " + format + " header declares " + std::to_string(*header.width) +
                                        " x " + std::to_string(*header.height) + " = " + std::to_string(pixels) +
                                        " pixels, above the limit of " + std::to_string(limits.max_pixels));
    if (pixels == 0)
      throw InputError("corrupt", path + ": " + format + " header declares an image of " +
                                      std::to_string(*header.width) + " x " + std::to_string(*header.height) + " pixels");
  }
  if (!header.complete)
    throw InputError("truncated", path + ": " + format + " data ends before the end of the image (truncated file)");
  DecodedImage out;
  try {
    // Most JPEGs go straight to BGR through libjpeg-turbo (io/jpeg_decode.hpp), the same pixels
    // as OpenCV's reader in 60 % of its time; the others, and every other format, through OpenCV.
    if (header.format == ImageFormat::jpeg) out.bgr = decode_jpeg_bgr(bytes);
    if (out.bgr.empty()) {
      const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8U, const_cast<std::uint8_t*>(bytes.data()));
      // IMREAD_COLOR applies the EXIF orientation (OpenCV 4.6), so a phone photo stored sideways
      // is judged upright; it drops transparency, so images with alpha are read unchanged and
      // composited here.
      const cv::Mat decoded = cv::imdecode(raw, header.has_alpha ? cv::IMREAD_UNCHANGED : cv::IMREAD_COLOR);
      if (!decoded.empty()) out.bgr = to_bgr8(decoded);
    }
  } catch (const cv::Exception& e) {
    throw InputError("corrupt", path + ": " + format + " data cannot be decoded: " + e.msg);
  }
  if (out.bgr.empty())
    throw InputError("corrupt", path + ": " + format + " data is corrupt and cannot be decoded");
  if (static_cast<std::uint64_t>(out.bgr.total()) > limits.max_pixels)
    throw InputError("too_large", path + ": " + std::to_string(out.bgr.total()) + " pixels, above the limit of " +
                                      std::to_string(limits.max_pixels));
  out.dpi = read_dpi(bytes);
  out.jpeg_quality = read_jpeg_quality(bytes);
  return out;
}

}  // namespace conforme
