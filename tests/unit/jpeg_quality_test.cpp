// The JPEG quality read from a file's quantisation table (io/jpeg_quality.hpp), which the
// jpeg.quality check judges against the SPEC's minimum of 75.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "io/jpeg_quality.hpp"
#include "support/fixtures.hpp"

namespace conforme::test {
namespace {

std::vector<std::uint8_t> encode(const std::string& ext, std::vector<int> params = {}) {
  std::vector<uchar> buf;
  cv::imencode(ext, real_photo("congress_S001183.jpg"), buf, params);
  return {buf.begin(), buf.end()};
}

TEST(JpegQuality, RecoversTheQualityLibjpegWroteWith) {
  for (int q : {10, 15, 30, 50, 74, 75, 76, 90, 95, 100}) {
    const auto quality = read_jpeg_quality(encode(".jpg", {cv::IMWRITE_JPEG_QUALITY, q}));
    ASSERT_TRUE(quality.has_value()) << q;
    EXPECT_EQ(*quality, q);
  }
}

TEST(JpegQuality, NoneForOtherFormatsAndBrokenFiles) {
  EXPECT_FALSE(read_jpeg_quality(encode(".png")).has_value());
  EXPECT_FALSE(read_jpeg_quality({}).has_value());
  auto jpeg = encode(".jpg", {cv::IMWRITE_JPEG_QUALITY, 80});
  jpeg.resize(20);  // cut inside the first segments, before any table is complete
  EXPECT_FALSE(read_jpeg_quality(jpeg).has_value());
}

}  // namespace
}  // namespace conforme::test
