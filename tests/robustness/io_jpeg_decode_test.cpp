// io/jpeg_decode: libjpeg-turbo straight to BGR must give cv::imdecode's pixels to the byte for
// every layout it accepts, and leave to OpenCV what OpenCV turns, converts or repairs. I/O code
// only: this binary also runs under AddressSanitizer and UBSan (scripts/sanitize).
#include <filesystem>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "image_bytes.hpp"
#include "io_test_data.hpp"
#include "io/decode.hpp"
#include "io/jpeg_decode.hpp"

namespace conforme::test {
namespace {

cv::Mat portrait(const std::string& name, cv::Size size) {
  const cv::Mat full = cv::imread(data_path("faces/" + name));
  cv::Mat out;
  cv::resize(full, out, size, 0, 0, cv::INTER_AREA);
  return out;
}

Bytes file_bytes(const std::filesystem::path& path) {
  const cv::Mat raw = cv::imread(path.string(), cv::IMREAD_UNCHANGED);  // only to know it is readable
  EXPECT_FALSE(raw.empty()) << path;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  Bytes b;
  if (f == nullptr) return b;
  for (int c; (c = std::fgetc(f)) != EOF;) b.push_back(static_cast<std::uint8_t>(c));
  std::fclose(f);
  return b;
}

// Largest difference between two 8-bit BGR images, or 256 when their sizes or types differ.
double max_difference(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return 256;
  return cv::norm(a, b, cv::NORM_INF);
}

cv::Mat opencv_decode(const Bytes& b) { return cv::imdecode(b, cv::IMREAD_COLOR); }

TEST(IoJpegDecode, GivesOpenCvsPixelsForEveryCommonLayout) {
  // Odd sizes: partial MCUs on the right and at the bottom, where upsampling has edge cases.
  const cv::Mat photo = portrait("congress_S001183.jpg", cv::Size(61, 83));
  const cv::Mat large = portrait("congress_W000808.jpg", cv::Size(827, 1063));
  cv::Mat grey;
  cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
  const std::vector<std::pair<std::string, Bytes>> cases = {
      {"OpenCV default (4:2:0)", encode(".jpg", photo, {cv::IMWRITE_JPEG_QUALITY, 92})},
      {"600 dpi ID photo size", encode(".jpg", large, {cv::IMWRITE_JPEG_QUALITY, 92})},
      {"progressive", encode(".jpg", photo, {cv::IMWRITE_JPEG_QUALITY, 75, cv::IMWRITE_JPEG_PROGRESSIVE, 1})},
      {"restart markers", encode(".jpg", photo, {cv::IMWRITE_JPEG_QUALITY, 92, cv::IMWRITE_JPEG_RST_INTERVAL, 3})},
      {"grey", encode(".jpg", grey, {cv::IMWRITE_JPEG_QUALITY, 90})},
      {"4:4:4", sampled_jpeg(photo, 95, 1, 1)},
      {"4:2:2", sampled_jpeg(photo, 95, 2, 1)},
      {"4:4:0", sampled_jpeg(photo, 95, 1, 2)},
      {"stored as RGB", sampled_jpeg(photo, 95, 1, 1, true)},
      {"EXIF orientation 1", with_exif_orientation(encode(".jpg", photo), 1)},
  };
  for (const auto& [name, bytes] : cases) {
    SCOPED_TRACE(name);
    const cv::Mat fast = decode_jpeg_bgr(bytes);
    ASSERT_FALSE(fast.empty()) << "the libjpeg-turbo path declined it";
    const cv::Mat reference = opencv_decode(bytes);
    EXPECT_EQ(max_difference(fast, reference), 0);
    EXPECT_EQ(max_difference(decode_image(bytes, "x", {}).bgr, reference), 0);
  }
}

TEST(IoJpegDecode, RealPortraitsDecodeToOpenCvsPixels) {
  int fast_count = 0, jpegs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(data_path("faces"))) {
    if (entry.path().extension() != ".jpg") continue;
    SCOPED_TRACE(entry.path().filename().string());
    ++jpegs;
    const Bytes bytes = file_bytes(entry.path());
    const cv::Mat reference = opencv_decode(bytes);
    const cv::Mat fast = decode_jpeg_bgr(bytes);
    if (!fast.empty()) {
      ++fast_count;
      EXPECT_EQ(max_difference(fast, reference), 0);
    }
    EXPECT_EQ(max_difference(decode_image(bytes, "x", {}).bgr, reference), 0);
  }
  EXPECT_GE(jpegs, 10);
  EXPECT_EQ(fast_count, jpegs) << "a plain camera or agency JPEG fell back to OpenCV's slower reader";
}

// A phone photo stored turned, with a well-formed EXIF Orientation: decoded here and turned as
// OpenCV turns it, to the same pixels, and its damage counted like any other's.
TEST(IoJpegDecode, TurnsAsOpenCvDoesForEachExifOrientation) {
  const cv::Mat photo = portrait("congress_S001183.jpg", cv::Size(60, 80));
  const Bytes jpeg = encode(".jpg", photo);
  for (int orientation = 1; orientation <= 8; ++orientation) {
    SCOPED_TRACE(orientation);
    const Bytes tagged = with_exif_orientation(jpeg, orientation);
    int damaged = -1;
    const cv::Mat fast = decode_jpeg_bgr(tagged, 0, 0, nullptr, &damaged);
    ASSERT_FALSE(fast.empty());
    EXPECT_EQ(max_difference(fast, opencv_decode(tagged)), 0);
    EXPECT_EQ(fast.size(), orientation >= 5 ? cv::Size(80, 60) : cv::Size(60, 80));
    EXPECT_EQ(damaged, 0);
    EXPECT_EQ(decode_image(tagged, "x", {}).jpeg_damaged_data, 0);
  }
}

TEST(IoJpegDecode, LeavesToOpenCvWhatItTurnsOrConverts) {
  const cv::Mat photo = portrait("congress_S001183.jpg", cv::Size(60, 80));
  const Bytes jpeg = encode(".jpg", photo);
  // An Orientation entry that is not one plain SHORT (here a LONG), or two of them: how OpenCV
  // reads it is not certain, so it is left to OpenCV.
  for (const std::uint8_t type_low : {std::uint8_t{4}, std::uint8_t{3}}) {
    Bytes tagged = with_exif_orientation(jpeg, 6);
    const std::size_t entry = 2 + 4 + 6 + 8 + 2;  // SOI, APP1 marker and length, "Exif\0\0", TIFF header, count
    if (type_low == 4) {
      tagged[entry + 2] = 4;
    } else {  // a second Orientation entry, saying 1, after the first (the IFD read says 2 entries)
      tagged[entry - 2] = 2;
      const Bytes second = {0x12, 0x01, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0};
      tagged.insert(tagged.begin() + static_cast<long>(entry + 12), second.begin(), second.end());
      const std::size_t length = (static_cast<std::size_t>(tagged[4]) << 8 | tagged[5]) + 12;
      tagged[4] = static_cast<std::uint8_t>(length >> 8);
      tagged[5] = static_cast<std::uint8_t>(length & 0xFF);
    }
    SCOPED_TRACE(static_cast<int>(type_low));
    EXPECT_TRUE(decode_jpeg_bgr(tagged).empty());
    EXPECT_EQ(max_difference(decode_image(tagged, "x", {}).bgr, opencv_decode(tagged)), 0);
  }
  EXPECT_TRUE(decode_jpeg_bgr(cmyk_jpeg(photo, 95)).empty());
  // An XMP packet as the first APP1: OpenCV reads the first APP1 as EXIF whatever it holds.
  Bytes xmp = bytes_of("http://ns.adobe.com/xap/1.0/") + Bytes(1, 0) + bytes_of("<x:xmpmeta/>");
  Bytes app1 = {0xFF, 0xE1, static_cast<std::uint8_t>((xmp.size() + 2) >> 8), static_cast<std::uint8_t>(xmp.size() + 2)};
  const Bytes with_xmp = Bytes(jpeg.begin(), jpeg.begin() + 2) + app1 + xmp + Bytes(jpeg.begin() + 2, jpeg.end());
  EXPECT_TRUE(decode_jpeg_bgr(with_xmp).empty());
  EXPECT_EQ(max_difference(decode_image(with_xmp, "x", {}).bgr, opencv_decode(with_xmp)), 0);
  EXPECT_TRUE(decode_jpeg_bgr(encode(".png", photo)).empty());
  EXPECT_TRUE(decode_jpeg_bgr(Bytes(jpeg.begin(), jpeg.begin() + static_cast<long>(jpeg.size() / 2))).empty());
}

TEST(IoJpegDecode, DamagedDataDecodesToOpenCvsRepair) {
  // Bytes changed inside the entropy-coded data: libjpeg warns (and repairs) or fails. A repair
  // is decoded on this path, with its warnings kept, to OpenCV's pixels exactly; a failure
  // declines, and decode_image gives what OpenCV gives, with the warnings read here, or an
  // InputError when OpenCV gives nothing.
  const Bytes good = encode(".jpg", portrait("congress_W000808.jpg", cv::Size(120, 160)), {cv::IMWRITE_JPEG_QUALITY, 90});
  std::size_t scan = 0;
  for (std::size_t i = 2; i + 1 < good.size(); ++i)
    if (good[i] == 0xFF && good[i + 1] == 0xDA) scan = i;
  ASSERT_GT(scan, 0u);
  std::mt19937 random(11);
  int repaired = 0, left_to_opencv = 0;
  for (int trial = 0; trial < 60; ++trial) {
    Bytes b = good;
    for (int k = 0; k < 3; ++k) {
      const std::size_t at = scan + 20 + random() % (good.size() - scan - 22);
      b[at] = static_cast<std::uint8_t>(random());
    }
    std::vector<std::string> warnings;
    const cv::Mat fast = decode_jpeg_bgr(b, 0, 0, &warnings);
    const cv::Mat reference = opencv_decode(b);
    if (!fast.empty()) {
      EXPECT_EQ(max_difference(fast, reference), 0) << "trial " << trial;
      repaired += !warnings.empty();
    }
    try {
      const DecodedImage image = decode_image(b, "x", {});
      EXPECT_EQ(max_difference(image.bgr, reference), 0) << "trial " << trial;
      // Declined here and decoded by OpenCV (the data ends early): the report still says why.
      if (fast.empty()) {
        ++left_to_opencv;
        EXPECT_FALSE(image.warnings.empty()) << "trial " << trial;
      }
    } catch (const InputError&) {
      EXPECT_TRUE(reference.empty()) << "trial " << trial;
    }
  }
  EXPECT_GT(repaired, 30);  // most changes make libjpeg warn, and it repairs them
  EXPECT_GT(left_to_opencv, 0);
}

}  // namespace
}  // namespace conforme::test
