// The packed landmark model must give exactly what dlib::shape_predictor gives on the same face
// box: it is a faster layout of the same trees, not a different model. (Its loader is compared
// with dlib's field by field in landmark_model_load_test.cpp.)
#include <filesystem>
#include <fstream>
#include <sstream>

#include <dlib/image_processing.h>
#include <dlib/opencv/cv_image.h>
#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "face/landmark_forest.hpp"
#include "support/fixtures.hpp"

namespace conforme {
namespace {

struct Models {
  dlib::shape_predictor reference;
  LandmarkForest packed;
};

const Models& models_once() {
  static const Models m = [] {
    Models out;
    const std::string& path = test::models()->landmark_model().path;
    dlib::deserialize(path) >> out.reference;
    std::ifstream in(path, std::ios::binary);
    out.packed = LandmarkForest::load(in);
    return out;
  }();
  return m;
}

dlib::rectangle box_of(const FaceContext& ctx, int dx = 0, int dy = 0) {
  const cv::Rect2f& b = ctx.face->box;
  return dlib::rectangle(std::lround(b.x) + dx, std::lround(b.y) + dy, std::lround(b.x + b.width - 1) + dx,
                         std::lround(b.y + b.height - 1) + dy);
}

// Every landmark of both fits, compared exactly; returns how many differ.
int differing_parts(const cv::Mat& gray, const dlib::rectangle& box) {
  const dlib::cv_image<unsigned char> img(gray);
  const dlib::full_object_detection a = models_once().reference(img, box);
  const dlib::full_object_detection b = models_once().packed(img, box);
  EXPECT_EQ(a.num_parts(), b.num_parts());
  int differ = 0;
  for (unsigned long i = 0; i < a.num_parts(); ++i) differ += a.part(i) != b.part(i);
  return differ;
}

TEST(LandmarkForest, SameLandmarksAsDlibOnEveryRealPortrait) {
  EXPECT_EQ(models_once().packed.num_parts(), 68u);
  int faces = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::data_path("faces"))) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".jpg" && ext != ".png") continue;
    const cv::Mat bgr = test::real_photo(entry.path().filename().string());
    const FaceContext ctx = test::context(bgr);
    if (ctx.face_count != 1) continue;
    ++faces;
    EXPECT_EQ(differing_parts(ctx.gray, box_of(ctx)), 0) << entry.path();
    // A box half outside the photo: the samples that fall outside read 0 in both.
    const int shift = static_cast<int>(ctx.face->box.width * 0.6f);
    EXPECT_EQ(differing_parts(ctx.gray, box_of(ctx, -std::lround(ctx.face->box.x) - shift, 0)), 0) << entry.path();
  }
  EXPECT_GE(faces, 10);
}

TEST(LandmarkForest, SameLandmarksOnGeneratedTiltAndBlur) {
  for (const char* name : {"compliant", "roll_12", "blur_strong"}) {
    const FaceContext ctx = test::context(test::photo(name));
    ASSERT_EQ(ctx.face_count, 1) << name;
    EXPECT_EQ(differing_parts(ctx.gray, box_of(ctx)), 0) << name;
  }
}

TEST(LandmarkForest, RejectsWhatIsNotAShapePredictor) {
  std::istringstream empty("");
  EXPECT_ANY_THROW(LandmarkForest::load(empty));
  // A valid start cut short: version 1, then nothing.
  std::ostringstream head;
  dlib::serialize(1, head);
  std::istringstream cut(head.str());
  EXPECT_ANY_THROW(LandmarkForest::load(cut));
  // The first 10 kB of the real model.
  std::ifstream in(test::models()->landmark_model().path, std::ios::binary);
  std::string start(10000, '\0');
  in.read(start.data(), static_cast<std::streamsize>(start.size()));
  std::istringstream truncated(start);
  EXPECT_ANY_THROW(LandmarkForest::load(truncated));
}

// A model file cut short: FaceModels::load's error names the file and says what was being read.
TEST(LandmarkForest, FaceModelsNamesACutModelFileAndWhatWasBeingRead) {
  const std::string dir = test::temp_dir("cut-model");
  const std::string path = dir + "/" + FaceModels::landmark_file;
  {
    std::ifstream in(test::models()->landmark_model().path, std::ios::binary);
    std::string start(3'000'000, '\0');
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    std::ofstream(path, std::ios::binary) << start;
  }
  try {
    FaceModels::load(dir);
    ADD_FAILURE() << "no error";
  } catch (const ModelError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(path + ": landmark model unreadable: cut short", 0), 0u) << message;
    EXPECT_NE(message.find("reading a leaf value (forest 0, tree "), std::string::npos) << message;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace conforme
