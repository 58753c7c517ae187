// The face detector compiled into libconforme (serialised at build time by
// src/tools/detector_blob.cpp) must be dlib's own, byte for byte: every face the project finds
// depends on it.
#include <sstream>
#include <string>

#include <dlib/image_processing/frontal_face_detector.h>
#include <gtest/gtest.h>

#include "face/embedded_detector.hpp"

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

}  // namespace
}  // namespace conforme
