#pragma once
// The test data of io_tests, which link neither the models nor the test kit (tests/support):
// CONFORME_TEST_DATA is tests/data, set by tests/robustness/CMakeLists.txt.
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace conforme::test {

inline std::string data_path(const std::string& relative) { return std::string(CONFORME_TEST_DATA) + "/" + relative; }

// 60 x 80, a real face: asymmetric, so a wrong rotation shows.
inline cv::Mat small_photo() {
  cv::Mat small;
  cv::resize(cv::imread(data_path("faces/congress_S001183.jpg")), small, cv::Size(60, 80), 0, 0, cv::INTER_AREA);
  return small;
}

}  // namespace conforme::test
