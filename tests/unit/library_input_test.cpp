// The library's public entry points on images as callers hold them (issue 21): a camera's BGRA
// frame, grey, 16-bit and float images are judged as the decoder would give them; empty and
// unsupported images are refused with std::invalid_argument naming the problem, never a raw
// cv::Exception or dlib error; decode_image works on bytes in memory.
#include <algorithm>
#include <stdexcept>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "conforme/conforme.hpp"
#include "support/fixtures.hpp"

namespace conforme::test {
namespace {

const CheckResult& result(const PhotoReport& r, const std::string& id) {
  for (const auto& c : r.checks)
    if (c.id == id) return c;
  throw std::runtime_error("no check " + id);
}

std::vector<double> values(const PhotoReport& r, const std::string& id) {
  std::vector<double> out;
  for (const auto& v : result(r, id).measurement.values) out.push_back(v.value);
  return out;
}

std::string refusal(const cv::Mat& image) {
  try {
    checker().check_photo(image, 600.0, analyser());
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(LibraryInput, BgraGrey16BitAndFloatAreJudgedAsTheDecoderGivesThem) {
  const cv::Mat bgr = photo("compliant");
  const PhotoReport reference = checker().check_photo(bgr, 600.0, analyser());
  ASSERT_EQ(reference.status, PhotoStatus::pass);

  cv::Mat bgra;
  cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);  // opaque: a camera's frame
  const PhotoReport from_bgra = checker().check_photo(bgra, 600.0, analyser());
  EXPECT_EQ(from_bgra.status, PhotoStatus::pass);
  EXPECT_EQ(values(from_bgra, "bg.colour"), values(reference, "bg.colour"));

  cv::Mat deep;
  bgr.convertTo(deep, CV_16U, 257);
  EXPECT_EQ(values(checker().check_photo(deep, 600.0, analyser()), "bg.colour"), values(reference, "bg.colour"));
  cv::Mat unit;
  bgr.convertTo(unit, CV_32F, 1.0 / 255);
  EXPECT_EQ(values(checker().check_photo(unit, 600.0, analyser()), "bg.colour"), values(reference, "bg.colour"));

  cv::Mat grey;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  const PhotoReport from_grey = checker().check_photo(grey, 600.0, analyser());
  EXPECT_EQ(result(from_grey, "colour.is_colour").verdict, Verdict::fail);
  EXPECT_EQ(result(from_grey, "face.count").verdict, Verdict::pass);

  // Transparent pixels are composited over white, as printed: a fully transparent frame is a
  // white page with no face.
  cv::Mat clear = bgra.clone();
  cv::Mat alpha(clear.size(), CV_8U, cv::Scalar(0));
  cv::mixChannels(std::vector<cv::Mat>{alpha}, std::vector<cv::Mat>{clear}, {0, 3});
  const PhotoReport from_clear = checker().check_photo(clear, 600.0, analyser());
  // faces, faces too small to measure, the larger one's size, quarter turns showing a face: none.
  EXPECT_EQ(values(from_clear, "face.count"), (std::vector<double>{0.0, 0.0, 0.0, 0.0}));
}

TEST(LibraryInput, EmptyAndUnsupportedImagesAreRefusedByName) {
  EXPECT_NE(refusal(cv::Mat()).find("empty"), std::string::npos) << refusal(cv::Mat());
  const cv::Mat signed16(100, 80, CV_16SC3, cv::Scalar(0));
  EXPECT_NE(refusal(signed16).find("16S"), std::string::npos) << refusal(signed16);
  const cv::Mat five(100, 80, CV_8UC(5), cv::Scalar(0));
  EXPECT_NE(refusal(five).find("5 channels"), std::string::npos) << refusal(five);
  EXPECT_THROW(checker().check_image(cv::Mat(), ImageFacts{}, InputKindOption::automatic, analyser()),
               std::invalid_argument);
}

TEST(LibraryInput, DecodeImageFromBytesInMemory) {
  const std::string path = source_path("samples/S001183_ok.jpg");
  const std::vector<std::uint8_t> bytes = read_file_bytes(path, DecodeLimits{});
  const DecodedImage image = decode_image(bytes);
  EXPECT_EQ(image.bgr.type(), CV_8UC3);
  ASSERT_TRUE(image.dpi.has_value());
  ASSERT_TRUE(image.jpeg_quality.has_value());
  const PhotoReport from_bytes = checker().check_photo(image, analyser());
  const PhotoReport from_file = checker().check_file(path, analyser());
  EXPECT_EQ(from_bytes.status, PhotoStatus::pass);
  ASSERT_EQ(from_bytes.checks.size(), from_file.checks.size());
  for (std::size_t i = 0; i < from_file.checks.size(); ++i)
    EXPECT_EQ(values(from_bytes, from_file.checks[i].id), values(from_file, from_file.checks[i].id));
  try {
    decode_image(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + bytes.size() / 2));
    FAIL() << "half a JPEG decoded";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code, "truncated");
    EXPECT_NE(std::string(e.what()).find("(memory)"), std::string::npos) << e.what();
  }
}

// The compliant photo encoded as a JPEG whose JFIF header states `dpi` (libjpeg writes no unit).
std::vector<std::uint8_t> jpeg_at_dpi(const cv::Mat& bgr, int dpi) {
  std::vector<std::uint8_t> bytes;
  cv::imencode(".jpg", bgr, bytes);
  const std::string jfif = "JFIF";
  const auto at = std::search(bytes.begin(), bytes.end(), jfif.begin(), jfif.end());
  if (at == bytes.end()) throw std::runtime_error("no JFIF header");
  const std::size_t i = static_cast<std::size_t>(at - bytes.begin()) + 7;  // "JFIF\0", version
  bytes[i] = 1;  // dots per inch
  bytes[i + 1] = bytes[i + 3] = static_cast<std::uint8_t>(dpi >> 8);
  bytes[i + 2] = bytes[i + 4] = static_cast<std::uint8_t>(dpi & 0xff);
  return bytes;
}

// A file's 72 dpi is what cameras and editors write when no print resolution is known: the
// compliant 827 x 1063 px photo would print 292 x 375 mm at it, and head.height would read a
// 281 mm face. Its millimetres are not measured at it, unless the photo is 35 x 45 mm at it or
// the user gives that dpi; a file's 300 dpi is used.
TEST(LibraryInput, ScreenDefaultDpiDoesNotMeasureMillimetres) {
  const cv::Mat c = photo("compliant");
  const DecodedImage at72 = decode_image(jpeg_at_dpi(c, 72));
  ASSERT_EQ(at72.dpi, 72.0);
  const PhotoReport r = checker().check_photo(at72, analyser());
  EXPECT_FALSE(r.dpi.has_value());
  const CheckResult& size = result(r, "photo.size_mm");
  EXPECT_EQ(size.verdict, Verdict::skipped);
  EXPECT_NE(size.measurement.not_measured_reason.find("screen or software default"), std::string::npos)
      << size.measurement.not_measured_reason;
  EXPECT_EQ(result(r, "head.height").verdict, Verdict::pass);
  EXPECT_FALSE(result(r, "head.height").measurement.get("height_mm").has_value());

  const PhotoReport given = checker().check_photo(at72, analyser(), 72.0);  // --dpi 72: the user's word
  EXPECT_EQ(result(given, "photo.size_mm").verdict, Verdict::fail);
  EXPECT_NEAR(*result(given, "photo.size_mm").measurement.get("width_mm"), 827 / 72.0 * 25.4, 0.1);

  const PhotoReport at300 = checker().check_photo(decode_image(jpeg_at_dpi(c, 300)), analyser());
  EXPECT_EQ(at300.dpi, 300.0);
  EXPECT_EQ(result(at300, "photo.size_mm").verdict, Verdict::fail);  // 70 x 90 mm
  EXPECT_EQ(result(at300, "head.height").verdict, Verdict::fail);    // a 67 mm face

  cv::Mat small;  // 99 x 128 px: 34.9 x 45.2 mm at 72 dpi
  cv::resize(c, small, cv::Size(99, 128), 0, 0, cv::INTER_AREA);
  const PhotoReport tiny = checker().check_photo(decode_image(jpeg_at_dpi(small, 72)), analyser());
  EXPECT_EQ(tiny.dpi, 72.0);
  EXPECT_EQ(result(tiny, "photo.size_mm").verdict, Verdict::pass);
}

}  // namespace
}  // namespace conforme::test
