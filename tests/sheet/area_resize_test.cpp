// The sheet's shrinks by area_resize (core/area_resize.hpp) give cv::resize's INTER_AREA pixels to
// the bit, so sheet.copies_identical and the refined borders measure what they measured with
// cv::resize: each copy brought to the comparison's 140 x 180, and a border strip's gradient
// averaged over blocks along the border. tests/unit/area_resize_test.cpp covers any shrink.
#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "core/area_resize.hpp"

namespace conforme::sheet_test {
namespace {

void expect_as_opencv(const cv::Mat& src, cv::Size size) {
  cv::Mat expected;
  cv::resize(src, expected, size, 0, 0, cv::INTER_AREA);
  const cv::Mat got = area_resize(src, size);
  ASSERT_EQ(got.type(), expected.type());
  ASSERT_EQ(got.size(), expected.size());
  EXPECT_EQ(cv::norm(got, expected, cv::NORM_INF), 0) << src.size() << " -> " << size << ", type " << src.type();
}

TEST(AreaResize, CopiesToTheComparisonSizeAsOpenCV) {
  cv::RNG rng(2);
  // A 600 dpi copy cut from the reduced image (150 dpi), one cut at full size, and their
  // neighbours a pixel or two off.
  for (const cv::Size from : {cv::Size(207, 266), cv::Size(206, 265), cv::Size(208, 268), cv::Size(827, 1063),
                              cv::Size(413, 531), cv::Size(141, 181)}) {
    cv::Mat copy(from, CV_8UC3);
    rng.fill(copy, cv::RNG::UNIFORM, 0, 256);
    expect_as_opencv(copy, cv::Size(140, 180));
  }
}

TEST(AreaResize, BorderStripBlocksAsOpenCV) {
  cv::RNG rng(7);
  // refine_border: a float gradient strip, 30-60 pixels across, 100-300 samples along the
  // border, averaged over blocks of 6 samples (rows only).
  for (int i = 0; i < 40; ++i) {
    cv::Mat strip(rng.uniform(100, 300), rng.uniform(30, 60), CV_32F);
    rng.fill(strip, cv::RNG::NORMAL, 0, 10);
    expect_as_opencv(strip, cv::Size(strip.cols, std::max(1, strip.rows / 6)));
  }
}

}  // namespace
}  // namespace conforme::sheet_test
