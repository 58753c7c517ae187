#include "bench_photos.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "conforme/build_info.hpp"

namespace conforme::bench {

std::vector<cv::Mat> load_portraits(const std::string& dir) {
  namespace fs = std::filesystem;
  const fs::path from = dir.empty() ? fs::path(build::source_dir) / "tests/data/faces" : fs::path(dir);
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(from, ec))
    if (entry.path().extension() == ".jpg") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<cv::Mat> portraits;
  for (const auto& f : files)
    if (cv::Mat img = cv::imread(f.string(), cv::IMREAD_COLOR); !img.empty()) portraits.push_back(img);
  if (portraits.empty()) throw std::runtime_error(from.string() + ": no readable *.jpg portrait");
  return portraits;
}

cv::Mat id_photo(const cv::Mat& portrait, int variant) {
  // Cover the target with a 4 % margin, so the crop can move without leaving the portrait.
  const double scale = 1.04 * std::max(double(id_width_px) / portrait.cols, double(id_height_px) / portrait.rows);
  cv::Mat resized;
  cv::resize(portrait, resized, cv::Size(), scale, scale, scale < 1.0 ? cv::INTER_AREA : cv::INTER_CUBIC);
  const int slack_x = resized.cols - id_width_px, slack_y = resized.rows - id_height_px;
  const int x = slack_x / 2 + (variant % 5 - 2) * slack_x / 8;
  const int y = slack_y / 2 + (variant / 5 % 3 - 1) * slack_y / 6;
  cv::Mat photo;
  resized(cv::Rect(x, y, id_width_px, id_height_px)).convertTo(photo, -1, 1.0, variant % 7 - 3);
  return photo;
}

cv::Mat planche(const cv::Mat& photo) {
  cv::Mat sheet(planche_height_px, planche_width_px, CV_8UC3, cv::Scalar::all(255));
  const int gutter_x = (planche_width_px - 3 * photo.cols) / 4;
  const int gutter_y = (planche_height_px - 2 * photo.rows) / 3;
  for (int row = 0; row < 2; ++row)
    for (int col = 0; col < 3; ++col)
      photo.copyTo(sheet(cv::Rect(gutter_x + col * (photo.cols + gutter_x),
                                  gutter_y + row * (photo.rows + gutter_y), photo.cols, photo.rows)));
  return sheet;
}

std::vector<std::uint8_t> encode_jpeg(const cv::Mat& bgr, int quality) {
  std::vector<std::uint8_t> bytes;
  cv::imencode(".jpg", bgr, bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
  // OpenCV writes a JFIF APP0 with an aspect ratio only and offers no density option; set the
  // density fields in place (units at offset 13, X and Y density big-endian after it).
  const bool jfif = bytes.size() > 18 && bytes[2] == 0xFF && bytes[3] == 0xE0 &&
                    std::equal(bytes.begin() + 6, bytes.begin() + 11, "JFIF");
  if (!jfif) throw std::runtime_error("encoder did not write a JFIF header");
  bytes[13] = 1;  // dots per inch
  bytes[14] = bytes[16] = dots_per_inch >> 8;
  bytes[15] = bytes[17] = dots_per_inch & 0xFF;
  return bytes;
}

cv::Mat set_photo(const std::vector<cv::Mat>& portraits, int i) {
  const int n = static_cast<int>(portraits.size());
  return id_photo(portraits[i % n], i / n + i);
}

std::vector<std::string> write_photo_set(const std::string& dir, PhotoSet set, int count,
                                         const std::vector<cv::Mat>& portraits) {
  std::filesystem::create_directories(dir);
  std::vector<std::string> paths;
  for (int i = 0; i < count; ++i) {
    const cv::Mat photo = set_photo(portraits, i);
    const auto bytes = encode_jpeg(set == PhotoSet::single ? photo : planche(photo));
    char name[32];
    std::snprintf(name, sizeof name, "%s_%05d.jpg", set == PhotoSet::single ? "photo" : "planche", i);
    const std::string path = (std::filesystem::path(dir) / name).string();
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error(path + ": cannot write");
    paths.push_back(path);
  }
  return paths;
}

}  // namespace conforme::bench
