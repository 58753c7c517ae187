// The library's public entry points on images as callers hold them (issue 21): a camera's BGRA
// frame, grey, 16-bit and float images are judged as the decoder would give them; empty and
// unsupported images are refused with std::invalid_argument naming the problem, never a raw
// cv::Exception or dlib error; decode_image works on bytes in memory.
#include <stdexcept>

#include <gtest/gtest.h>
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

}  // namespace
}  // namespace conforme::test
