// The face detector compiled into libconforme (serialised at build time by
// src/tools/detector_blob.cpp) must be dlib's own, byte for byte: every face the project finds
// depends on it. And FaceAnalyser, which runs its filters on one feature pyramid per image, must
// find the boxes dlib's own detector finds.
#include <sstream>
#include <string>

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/shrink.hpp"
#include "face/embedded_detector.hpp"
#include "support/fixtures.hpp"

namespace conforme {
namespace {

std::string serialised(const dlib::frontal_face_detector& detector) {
  std::ostringstream out;
  dlib::serialize(detector, out);
  return out.str();
}

TEST(FaceDetector, EmbeddedDetectorIsDlibsFrontalFaceDetector) {
  const dlib::frontal_face_detector embedded = embedded_face_detector();
  const dlib::frontal_face_detector dlibs = dlib::get_frontal_face_detector();
  EXPECT_EQ(embedded.num_detectors(), dlibs.num_detectors());
  const std::string a = serialised(embedded);
  const std::string b = serialised(dlibs);
  EXPECT_GT(a.size(), 100000u);  // five HOG filters, about 155 kB
  EXPECT_TRUE(a == b) << "embedded " << a.size() << " bytes, dlib's " << b.size() << " bytes";
}

// The boxes dlib's detectors give at FaceAnalyser's passes (face/face_models.cpp): the frontal
// filter alone, then the whole detector when it finds other than one face; a larger scale only
// when a pass finds nothing.
std::vector<cv::Rect2f> dlib_boxes(const cv::Mat& bgr) {
  // dlib's own, as the test above proves the embedded one is (and read in milliseconds).
  static dlib::frontal_face_detector all = embedded_face_detector();
  static dlib::frontal_face_detector front(all.get_scanner(), all.get_overlap_tester(), all.get_w(0));
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  const int side = std::max(gray.cols, gray.rows);
  std::vector<dlib::rectangle> found;
  double scale = 1.0;
  for (int pass = 0; pass < 3; ++pass) {
    const double wanted = static_cast<double>(240 << pass) / side;
    scale = side < 240 ? wanted : std::min(wanted, 1.0);
    cv::Mat small = gray;
    if (scale < 1.0) small = shrink(gray, scale);
    else if (scale > 1.0) cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_LINEAR);
    const dlib::cv_image<unsigned char> img(small);
    found = front(img);
    if (found.size() != 1) found = all(img);
    if (!found.empty() || scale >= 1.0) break;
  }
  std::vector<cv::Rect2f> boxes;
  for (const auto& r : found)
    boxes.emplace_back(std::lround(r.left() / scale), std::lround(r.top() / scale),
                       std::lround(r.right() / scale) - std::lround(r.left() / scale) + 1,
                       std::lround(r.bottom() / scale) - std::lround(r.top() / scale) + 1);
  return boxes;
}

TEST(FaceDetector, FaceAnalyserFindsTheBoxesDlibsDetectorFinds) {
  std::vector<std::pair<std::string, cv::Mat>> photos;
  for (const auto& name : test::real_photo_names()) photos.emplace_back(name, test::real_photo(name));
  // Passes that find no face or several run all five filters: a photo with two faces, one with
  // none, a masked face and a grey photo.
  for (const char* name : {"two_faces", "no_face", "face_mask", "grey"}) photos.emplace_back(name, test::photo(name));
  // Turned or tilted heads whose best-scoring filter is not the frontal one: the order in which
  // the filters' boxes are suppressed decides which box is kept (tests/data/prints/PROVENANCE.md).
  for (const char* name : {"bioguide_002111.jpg", "bioguide_002144.jpg", "bioguide_003436.jpg"})
    photos.emplace_back(name, cv::imread(test::data_path(std::string("prints/") + name)));
  int several_or_none = 0;
  for (const auto& [name, bgr] : photos) {
    const std::vector<cv::Rect2f> expected = dlib_boxes(bgr);
    const FaceContext ctx = test::context(bgr);
    EXPECT_EQ(ctx.face_boxes, expected) << name;
    several_or_none += expected.size() != 1;
  }
  EXPECT_GE(several_or_none, 2);
  EXPECT_GE(photos.size(), 15u);
}

}  // namespace
}  // namespace conforme
