#pragma once
// Test material for the sheet splitter: 35:45 crops of the portraits in tests/data/faces and
// the overlap of two boxes.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "sheet/make_planche.hpp"

namespace conforme::sheet_test {

// profiles/fr-ants.toml's sheet.copies_identical limit: a larger difference is another photo.
inline constexpr double identical_at_most = 0.02;

// tests/data/faces/<file>, centre-cropped to 35:45 as a photographer frames an ID photo.
inline cv::Mat face(const std::string& file) {
  const cv::Mat portrait = cv::imread(std::string(CONFORME_SHEET_FACES) + "/" + file, cv::IMREAD_COLOR);
  if (portrait.empty()) throw std::runtime_error("missing test portrait " + file);
  return crop_to_aspect(portrait, 35.0 / 45.0);
}

// Portraits with a studio backdrop, plus the hard one: a white background (congress_K000391)
// that meets white paper with no edge at the copy's top.
inline const std::vector<std::string> studio_faces = {"congress_C001088.jpg", "congress_F000479.jpg",
                                                      "congress_H001046.jpg", "congress_S001183.jpg",
                                                      "congress_A000369.jpg", "congress_M001160.jpg"};
inline const std::string white_background_face = "congress_K000391.jpg";

// Intersection over union of two rotated boxes.
inline double iou(const cv::RotatedRect& a, const cv::RotatedRect& b) {
  std::vector<cv::Point2f> overlap, hull;
  if (cv::rotatedRectangleIntersection(a, b, overlap) == cv::INTERSECT_NONE) return 0;
  cv::convexHull(overlap, hull);
  const double common = cv::contourArea(hull);
  return common / (a.size.area() + b.size.area() - common);
}

// A scan as CERT desks receive it: a little rotated, noisy, unevenly lit, JPEG-compressed.
inline ScanSimulation typical_scan(double rotation_deg) {
  ScanSimulation scan;
  scan.rotation_deg = rotation_deg;
  scan.noise_sigma = 5;
  scan.illumination_drop = 0.15;
  scan.jpeg_quality = 80;
  return scan;
}

}  // namespace conforme::sheet_test
