// core/area_resize must give cv::resize's INTER_AREA pixels to the bit: the checks that shrink
// with it (print.marks, sharp.focus, bg.shadow, colour.is_colour, the detector's copy) measure what
// they measured with OpenCV's slower path.
#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "core/area_resize.hpp"
#include "core/shrink.hpp"
#include "support/fixtures.hpp"

namespace conforme {
namespace {

cv::Mat random_image(cv::Size size, int type, cv::RNG& rng) {
  cv::Mat image(size, type);
  if (CV_MAT_DEPTH(type) == CV_8U)
    rng.fill(image, cv::RNG::UNIFORM, 0, 256);
  else
    rng.fill(image, cv::RNG::NORMAL, 0, 10);
  if (rng.uniform(0, 2)) cv::GaussianBlur(image, image, cv::Size(5, 5), 2);  // smooth: sums near .5 ties
  return image;
}

void expect_as_opencv(const cv::Mat& src, cv::Size size, double fx = 0, double fy = 0) {
  cv::Mat expected;
  cv::resize(src, expected, size, fx, fy, cv::INTER_AREA);
  const cv::Mat got = area_resize(src, size, fx, fy);
  ASSERT_EQ(got.type(), expected.type());
  ASSERT_EQ(got.size(), expected.size());
  EXPECT_EQ(cv::norm(got, expected, cv::NORM_INF), 0)
      << src.size() << " -> " << size << " (fx " << fx << ", fy " << fy << "), type " << src.type();
}

TEST(AreaAveraging, AnyShrinkToASizeAsOpenCV) {
  cv::RNG rng(7);
  const int types[] = {CV_8UC1, CV_8UC3, CV_32FC1, CV_32FC3};
  for (int i = 0; i < 200; ++i) {
    const cv::Size from(rng.uniform(5, 400), rng.uniform(5, 400));
    cv::Size to(rng.uniform(from.width / 9 + 1, from.width + 1), rng.uniform(from.height / 9 + 1, from.height + 1));
    if (i % 5 == 0) to.width = from.width;  // along one axis only
    expect_as_opencv(random_image(from, types[i % 4], rng), to);
  }
}

TEST(AreaAveraging, AnyShrinkByFactorsAsOpenCV) {
  // cv::resize(src, dst, {}, f, f): the factor itself sets the weights, not the sizes' ratio.
  cv::RNG rng(11);
  for (int i = 0; i < 120; ++i) {
    const cv::Size from(rng.uniform(40, 400), rng.uniform(40, 400));  // never shrunk to nothing
    const double f = rng.uniform(0.05, 1.0);
    expect_as_opencv(random_image(from, i % 2 ? CV_8UC3 : CV_8UC1, rng), cv::Size(), f, f);
  }
}

TEST(AreaAveraging, ThePhotoAtTheChecksScalesAsOpenCV) {
  const cv::Mat bgr = test::real_photo("congress_C001088.jpg");
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  const cv::Mat half = halve(gray);
  expect_as_opencv(half, cv::Size(cvRound(half.cols * 400.0 / half.rows), 400));  // print.marks
  expect_as_opencv(gray(cv::Rect(100, 150, 500, 640)), cv::Size(), 0.596, 0.596);  // sharp.focus
  expect_as_opencv(halve(halve(bgr)), cv::Size(), 0.6, 0.6);                        // bg.shadow
  expect_as_opencv(halve(halve(bgr)), cv::Size(64, 64));                            // colour.is_colour
}

TEST(AreaAveraging, OtherPathsAreOpenCVs) {
  cv::RNG rng(3);
  const cv::Mat image = random_image(cv::Size(280, 360), CV_8UC3, rng);
  expect_as_opencv(image, cv::Size(140, 180));                             // whole factors: 2 x 2 path
  expect_as_opencv(image, cv::Size(), 0.5, 0.5);
  expect_as_opencv(image, cv::Size(300, 200));                             // enlarging along one axis
  expect_as_opencv(image, cv::Size(), 1.3, 1.3);                           // enlarging
  expect_as_opencv(image(cv::Rect(3, 5, 200, 250)), cv::Size(140, 180));  // a view into a larger image
  expect_as_opencv(random_image(cv::Size(90, 70), CV_16UC1, rng), cv::Size(50, 40));  // another depth
}

}  // namespace
}  // namespace conforme
