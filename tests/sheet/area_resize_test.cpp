// area_resize: the copy comparison's shrink to 4 px/mm gives cv::resize's INTER_AREA pixels to
// the bit, so sheet.copies_identical measures what it measured before the quicker path.
#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "sheet/area_resize.hpp"

namespace conforme::sheet_test {
namespace {

cv::Mat random_image(cv::Size size, int type, cv::RNG& rng) {
  cv::Mat image(size, type);
  if (CV_MAT_DEPTH(type) == CV_8U)
    rng.fill(image, cv::RNG::UNIFORM, 0, 256);
  else
    rng.fill(image, cv::RNG::NORMAL, 0, 10);
  return image;
}

void expect_as_opencv(const cv::Mat& src, cv::Size size) {
  cv::Mat expected;
  cv::resize(src, expected, size, 0, 0, cv::INTER_AREA);
  const cv::Mat got = sheet_detail::area_resize(src, size);
  ASSERT_EQ(got.type(), expected.type());
  ASSERT_EQ(got.size(), expected.size());
  EXPECT_EQ(cv::norm(got, expected, cv::NORM_INF), 0) << src.size() << " -> " << size << ", type " << src.type();
}

TEST(AreaResize, CopiesToTheComparisonSizeAsOpenCV) {
  cv::RNG rng(2);
  // A 600 dpi copy cut from the reduced image (150 dpi), one cut at full size, and their
  // neighbours a pixel or two off.
  for (const cv::Size from : {cv::Size(207, 266), cv::Size(206, 265), cv::Size(208, 268), cv::Size(827, 1063),
                              cv::Size(413, 531), cv::Size(141, 181)})
    expect_as_opencv(random_image(from, CV_8UC3, rng), cv::Size(140, 180));
}

TEST(AreaResize, AnyShrinkAsOpenCV) {
  cv::RNG rng(7);
  const int types[] = {CV_8UC1, CV_8UC3, CV_32FC1, CV_32FC3};
  for (int i = 0; i < 200; ++i) {
    const cv::Size from(rng.uniform(20, 300), rng.uniform(20, 300));
    cv::Size to(rng.uniform(from.width / 7 + 1, from.width + 1), rng.uniform(from.height / 7 + 1, from.height + 1));
    if (i % 5 == 0) to.width = from.width;  // along one axis only
    expect_as_opencv(random_image(from, types[i % 4], rng), to);
  }
}

TEST(AreaResize, OtherPathsAreOpenCVs) {
  cv::RNG rng(3);
  const cv::Mat image = random_image(cv::Size(280, 360), CV_8UC3, rng);
  expect_as_opencv(image, cv::Size(140, 180));  // whole factors: OpenCV's 2 x 2 path
  expect_as_opencv(image, cv::Size(300, 200));  // enlarging along one axis
  expect_as_opencv(image(cv::Rect(3, 5, 200, 250)), cv::Size(140, 180));  // a view into a larger image
}

}  // namespace
}  // namespace conforme::sheet_test
