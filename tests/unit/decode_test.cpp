// Reading and decoding: every bad input gets a precise error code naming the file; the
// resolution comes from the file or is left unknown.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "io/decode.hpp"
#include "io/inputs.hpp"
#include "support/fixtures.hpp"
#include "synth/synth.hpp"

namespace conforme::test {
namespace {

std::vector<std::uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

std::string error_code(const std::vector<std::uint8_t>& bytes, const DecodeLimits& limits = {}) {
  try {
    decode_image(bytes, "input.jpg", limits);
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("input.jpg"), std::string::npos);
    return e.code;
  }
  return "";
}

std::vector<std::uint8_t> real_jpeg() {
  std::ifstream in(data_path("faces/congress_S001183.jpg"), std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(Decode, RealJpegDecodesToBgr) {
  const DecodedImage img = decode_image(real_jpeg(), "x", {});
  EXPECT_EQ(img.bgr.cols, 452);
  EXPECT_EQ(img.bgr.rows, 553);
  EXPECT_EQ(img.bgr.type(), CV_8UC3);
}

TEST(Decode, BadInputsGetPreciseCodes) {
  auto jpeg = real_jpeg();
  EXPECT_EQ(error_code(bytes_of("%PDF-1.4 not an image")), "not_an_image");
  EXPECT_EQ(error_code(std::vector<std::uint8_t>(jpeg.begin(), jpeg.begin() + jpeg.size() / 3)), "truncated");
  auto corrupt = jpeg;
  std::fill(corrupt.begin() + 20, corrupt.begin() + 2000, 0x00);  // header tables destroyed
  EXPECT_EQ(error_code(corrupt), "corrupt");
  DecodeLimits small;
  small.max_pixels = 1000;
  EXPECT_EQ(error_code(jpeg, small), "too_large");
}

TEST(Decode, DecompressionBombIsRefusedByItsHeader) {
  // A PNG header declaring 100000 x 100000 pixels, with no pixel data behind it.
  std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                   0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 2, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(error_code(png), "too_large");
}

TEST(Decode, FileErrorsNameThePath) {
  const std::string dir = temp_dir("files");
  std::ofstream(dir + "/empty.jpg").close();
  auto code_of = [](const std::string& path) {
    try {
      read_file_bytes(path, {});
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
      return e.code;
    }
    return std::string();
  };
  EXPECT_EQ(code_of(dir + "/empty.jpg"), "empty_file");
  EXPECT_EQ(code_of(dir + "/missing.jpg"), "not_found");
  EXPECT_EQ(code_of(dir), "is_directory");
  std::filesystem::create_symlink(dir + "/gone.jpg", dir + "/link.jpg");
  EXPECT_EQ(code_of(dir + "/link.jpg"), "not_found");
}

TEST(Dpi, ReadFromJfifDensity) {
  const auto jpeg = synth::encode_jpeg_with_dpi(real_photo("congress_S001183.jpg"), 600);
  ASSERT_TRUE(read_dpi(jpeg).has_value());
  EXPECT_DOUBLE_EQ(*read_dpi(jpeg), 600.0);
  EXPECT_DOUBLE_EQ(*decode_image(jpeg, "x", {}).dpi, 600.0);
}

TEST(Dpi, UnknownWhenTheFileSaysNothing) {
  std::vector<uchar> png;
  cv::imencode(".png", real_photo("congress_S001183.jpg"), png);
  EXPECT_FALSE(read_dpi(png).has_value());
  // JFIF "aspect ratio only" density (units 0) is not a resolution.
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", real_photo("congress_S001183.jpg"), jpeg);
  EXPECT_FALSE(read_dpi(jpeg).has_value());
}

TEST(Inputs, DirectoriesAreWalkedRecursivelyInSortedOrderImagesOnly) {
  const std::string dir = temp_dir("walk");
  std::filesystem::create_directories(dir + "/b/sub");
  for (const char* f : {"/c.JPG", "/a.png", "/b/sub/z.jpeg", "/b/a.tif", "/notes.txt", "/b/readme.md"})
    std::ofstream(dir + f) << "x";
  std::filesystem::create_directory_symlink(dir, dir + "/b/loop");  // must not be followed
  const auto items = expand_inputs({dir});
  std::vector<std::string> names;
  for (const auto& i : items) names.push_back(i.path.substr(dir.size()));
  EXPECT_EQ(names, (std::vector<std::string>{"/a.png", "/b/a.tif", "/b/sub/z.jpeg", "/c.JPG"}));
}

TEST(Inputs, ListFilesSkipCommentsAndBlankLines) {
  std::istringstream list("# batch 12\n/a.jpg\n\n/b.png\r\n");
  EXPECT_EQ(read_path_list(list), (std::vector<std::string>{"/a.jpg", "/b.png"}));
}

}  // namespace
}  // namespace conforme::test
