// Issue 17: no bomb gets past the limits. The size every limit judges is the one the decoder
// library reads; the header parser reads headers the way the libraries do; bytes, JPEG scans,
// PNG image data and large files are bounded before the cost is paid. I/O code only: this
// binary also runs under AddressSanitizer and UBSan (scripts/sanitize).
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <zlib.h>

#include "decode_error.hpp"
#include "image_bytes.hpp"
#include "io_test_data.hpp"
#include "io/codec_header.hpp"
#include "io/decode.hpp"
#include "io/image_header.hpp"
#include "io/jpeg_decode.hpp"

namespace conforme::test {
namespace {

// One stray byte before the frame header stopped the parser, so no limit applied (issue 17 #1).
TEST(IoLimits, JpegParserSkipsStrayBytesAsLibjpegDoes) {
  const Bytes b = read_file(data_path("bad/jpeg_stray_byte_bomb.jpg"));
  const ImageHeader h = read_image_header(b);
  EXPECT_EQ(h.width, 32000u);
  EXPECT_EQ(h.height, 32000u);
  EXPECT_EQ(h.jpeg_stray_bytes, 1u);
  std::string error;
  const auto codec = read_codec_header(b, ImageFormat::jpeg, error);
  ASSERT_TRUE(codec) << error;
  EXPECT_EQ(codec->width, 32000u);
  ASSERT_EQ(codec->warnings.size(), 1u);  // captured, not printed
  EXPECT_NE(codec->warnings[0].find("extraneous bytes"), std::string::npos) << codec->warnings[0];
  DecodeLimits limits;
  limits.max_pixels = 1000;
  EXPECT_EQ(decode_error_code(b, limits), "too_large");
}

// A stray byte in a valid photo: decoded once, to OpenCV's pixels, libjpeg's warning kept with
// the image (it went to stderr, without the file's name, from OpenCV's reader).
TEST(IoLimits, JpegWarningsAreCapturedWithTheImage) {
  const Bytes b = read_file(data_path("bad/jpeg_stray_byte.jpg"));
  const DecodedImage image = decode_image(b, "input", {});
  ASSERT_EQ(image.warnings.size(), 1u);
  EXPECT_EQ(image.warnings[0], "Corrupt JPEG data: 1 extraneous bytes before marker 0xc0");
  const cv::Mat raw(1, static_cast<int>(b.size()), CV_8U, const_cast<std::uint8_t*>(b.data()));
  cv::Mat diff;
  cv::absdiff(image.bgr, cv::imdecode(raw, cv::IMREAD_COLOR), diff);
  EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0);
  EXPECT_TRUE(decode_image(read_file(data_path("bad/jpeg_named.png")), "input", {}).warnings.empty());
}

// SSHORT/SLONG sizes were ignored and the last duplicate won; libtiff reads both and keeps the
// first (issue 17 #2). The parser and the library agree on every such file.
TEST(IoLimits, TiffSizesOfSignedTypesAndDuplicateTagsAreReadAsLibtiffDoes) {
  for (const char* name : {"tiff_sshort_bomb.tif", "tiff_slong_bomb.tif", "tiff_duplicate_width.tif"}) {
    SCOPED_TRACE(name);
    const Bytes b = read_file(data_path(std::string("bad/") + name));
    const ImageHeader h = read_image_header(b);
    EXPECT_EQ(h.width, 30000u);
    EXPECT_EQ(h.height, 30000u);
    std::string error;
    const auto codec = read_codec_header(b, ImageFormat::tiff, error);
    ASSERT_TRUE(codec) << error;
    EXPECT_EQ(codec->width, 30000u);
    EXPECT_EQ(codec->height, 30000u);
    EXPECT_EQ(decode_error_code(b), "too_large");
  }
}

// "The header reader found no size" no longer means "no check needed": the library is asked,
// and an image it cannot size is refused, not decoded.
TEST(IoLimits, ImageWhoseSizeCannotBeEstablishedIsRefused) {
  EXPECT_EQ(decode_error_code(read_file(data_path("bad/tiff_rational_width.tif"))), "corrupt");
  EXPECT_EQ(decode_error_code(read_file(data_path("bad/png_ihdr_not_first.png"))), "corrupt");
  EXPECT_EQ(decode_error_code(read_file(data_path("bad/jpeg_two_sofs.jpg"))), "corrupt");
  // Valid files of every format are sized by their library exactly as the parser sizes them.
  const cv::Mat photo = small_photo();
  for (const char* ext : {".jpg", ".png", ".tif", ".bmp", ".webp"}) {
    SCOPED_TRACE(ext);
    const Bytes b = encode(ext, photo);
    const ImageHeader h = read_image_header(b);
    std::string error;
    const auto codec = read_codec_header(b, h.format, error);
    ASSERT_TRUE(codec) << error;
    EXPECT_EQ(codec->width, 60u);
    EXPECT_EQ(codec->height, 80u);
    EXPECT_EQ(codec->channels, 3);
    EXPECT_EQ(codec->bits_per_sample, 8);
    EXPECT_TRUE(codec->warnings.empty());
  }
}

// Pixels alone do not bound memory: a 16-bit RGBA image takes 15 bytes a pixel (issue 17 #6).
TEST(IoLimits, ByteBudgetCountsSamplesAndTheirDepth) {
  cv::Mat deep;
  cv::cvtColor(small_photo(), deep, cv::COLOR_BGR2BGRA);
  deep.convertTo(deep, CV_16UC4, 257);
  const Bytes b = encode(".png", deep);
  const std::uint64_t need = decode_bytes(60 * 80, 4, 16);
  EXPECT_EQ(need, 60u * 80 * (4 * 2 + 4 + 3));
  DecodeLimits limits;
  limits.max_decode_bytes = need - 1;
  EXPECT_EQ(decode_error_code(b, limits), "too_large");
  limits.max_decode_bytes = need;
  EXPECT_EQ(decode_error_code(b, limits), "");
  EXPECT_EQ(decode_bytes(60 * 80, 3, 8), 60u * 80 * 6);
  EXPECT_EQ(decode_bytes(60 * 80, 4, 32), 60u * 80 * 23);
  EXPECT_EQ(decode_bytes(60 * 80, 1, 1), 60u * 80 * 4);  // 1-bit samples decode to bytes
}

// A 64 x 100,000 image reached the analysis and failed there (analysis_failed after 15 s); its
// shape is now refused from the header.
TEST(IoLimits, ShapesNoPhotoOrPlancheHasAreRefused) {
  EXPECT_EQ(decode_error_code(read_file(data_path("bad/tiff_64x100000.tif"))), "unsupported_shape");
  EXPECT_EQ(decode_error_code(encode(".png", cv::Mat(2000, 16, CV_8UC3, cv::Scalar::all(200)))), "unsupported_shape");
  EXPECT_EQ(decode_error_code(encode(".png", cv::Mat(16, 2000, CV_8UC3, cv::Scalar::all(200)))), "unsupported_shape");
  EXPECT_EQ(decode_error_code(encode(".png", cv::Mat(400, 20, CV_8UC3, cv::Scalar::all(200)))), "");  // 1:20 exactly
  DecodeLimits wide;
  wide.max_aspect_ratio = 200;
  EXPECT_EQ(decode_error_code(encode(".png", cv::Mat(2000, 16, CV_8UC3, cv::Scalar::all(200))), wide), "");
}

// A JPEG's scans are counted in the header walk (which guards OpenCV's reader too), and again by
// libjpeg's progress monitor on the libjpeg-turbo path (issue 17 #5).
TEST(IoLimits, JpegScansAreLimited) {
  const Bytes bomb = read_file(data_path("bad/jpeg_3000_scans.jpg"));
  EXPECT_GT(read_image_header(bomb).jpeg_scans, 3000);
  EXPECT_EQ(decode_error_code(bomb), "too_large");
  const Bytes progressive = encode(".jpg", small_photo(), {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  const int scans = read_image_header(progressive).jpeg_scans;
  EXPECT_GE(scans, 5);
  EXPECT_LE(scans, 12);
  EXPECT_EQ(decode_error_code(progressive), "");
  DecodeLimits few;
  few.max_jpeg_scans = scans - 1;
  EXPECT_EQ(decode_error_code(progressive, few), "too_large");
  EXPECT_THROW(decode_jpeg_bgr(progressive, scans - 1), JpegTooCostly);
  EXPECT_FALSE(decode_jpeg_bgr(progressive, scans).empty());
}

TEST(IoLimits, JpegDecodingStopsAtItsDeadline) {
  const Bytes b = read_file(data_path("faces/congress_S001183.jpg"));
  EXPECT_THROW(decode_jpeg_bgr(b, 0, 1e-9), JpegTooCostly);
  EXPECT_FALSE(decode_jpeg_bgr(b, 0, 60).empty());
  DecodeLimits limits;
  limits.max_decode_seconds = 1e-9;
  EXPECT_EQ(decode_error_code(b, limits), "too_large");
}

// A few megabytes of IDAT behind a 1 x 1 header inflated to gigabytes (issue 17 #5).
TEST(IoLimits, PngImageDataIsBoundedByWhatItsSizeNeeds) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(decode_error_code(read_file(data_path("bad/png_idat_bomb.png"))), "corrupt");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
  // Stored (uncompressed) deflate, the largest any encoder writes, is well inside the bound.
  Bytes raw;
  for (int y = 0; y < 80; ++y) {
    raw.push_back(0);
    for (int x = 0; x < 180; ++x) raw.push_back(static_cast<std::uint8_t>(x * 7 + y));
  }
  uLongf size = compressBound(raw.size());
  Bytes stored(size);
  ASSERT_EQ(compress2(stored.data(), &size, raw.data(), raw.size(), 0), Z_OK);
  stored.resize(size);
  EXPECT_GT(stored.size(), raw.size());
  EXPECT_EQ(decode_error_code(png_file({png_chunk("IHDR", png_ihdr(60, 80, 8, 2)), png_chunk("IDAT", stored), png_chunk("IEND", {})})), "");
}

// A sparse 511 MB file was read whole; now its first 16 MiB decide (issue 17, low items).
TEST(IoLimits, LargeFileIsReadOnlyWhenItsImageCanNeedItsBytes) {
  const std::string path = std::filesystem::temp_directory_path() / ("conforme-sparse-" + std::to_string(getpid()) + ".jpg");
  const Bytes jpeg = encode(".jpg", small_photo());
  {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(jpeg.data()), static_cast<long>(jpeg.size()));
  }
  ASSERT_EQ(::truncate(path.c_str(), 511ll << 20), 0);
  const auto start = std::chrono::steady_clock::now();
  try {
    read_file_bytes(path, {});
    ADD_FAILURE() << "read whole";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code, "too_large");
    EXPECT_NE(std::string(e.what()).find("more than its 60 x 80 image can need"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // 17 MiB of zeros: no image size in the first 16 MiB.
  ASSERT_EQ(::truncate(path.c_str(), 0), 0);
  ASSERT_EQ(::truncate(path.c_str(), 17ll << 20), 0);
  try {
    read_file_bytes(path, {});
    ADD_FAILURE() << "read whole";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code, "too_large");
  }
  // An uncompressed image as large as its pixels is read whole: a 3000 x 2000 BMP (18 MB).
  const Bytes bmp = encode(".bmp", cv::Mat(2000, 3000, CV_8UC3, cv::Scalar(10, 20, 30)));
  {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(bmp.data()), static_cast<long>(bmp.size()));
  }
  EXPECT_EQ(read_file_bytes(path, {}), bmp);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace conforme::test
