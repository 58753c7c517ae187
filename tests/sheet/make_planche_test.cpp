// The planche generator: exact copy boxes, deterministic output, dpi recorded in the file.
#include <nlohmann/json.hpp>

#include "io/decode.hpp"
#include "sheet/make_planche.hpp"
#include "sheet_fixtures.hpp"

namespace conforme::sheet_test {
namespace {

TEST(MakePlanche, CopiesAre35x45mmInReadingOrder) {
  PlancheSpec spec;
  spec.copies = 6;
  const Planche planche = make_planche({face("congress_C001088.jpg")}, spec);
  EXPECT_EQ(planche.bgr.size(), cv::Size(1772, 1181));  // 150 x 100 mm at 300 dpi
  EXPECT_EQ(planche.columns, 3);
  EXPECT_EQ(planche.rows, 2);
  ASSERT_EQ(planche.copy_boxes.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(planche.copy_boxes[i].size, cv::Size2f(413, 531));
    if (i % 3) {
      EXPECT_GT(planche.copy_boxes[i].center.x, planche.copy_boxes[i - 1].center.x);
    }
    if (i >= 3) {
      EXPECT_GT(planche.copy_boxes[i].center.y, planche.copy_boxes[i - 3].center.y);
    }
  }
}

TEST(MakePlanche, RotatedBoxesFollowTheRotation) {
  PlancheSpec spec;
  spec.copies = 2;
  spec.scan.rotation_deg = 2.5;
  const Planche planche = make_planche({face("congress_C001088.jpg")}, spec);
  // Counter-clockwise on screen: the right copy sits higher than the left one.
  EXPECT_LT(planche.copy_boxes[1].center.y, planche.copy_boxes[0].center.y);
  EXPECT_FLOAT_EQ(planche.copy_boxes[0].angle, -2.5f);
  // The sheet fits on the simulated scanner bed.
  for (const cv::RotatedRect& box : planche.copy_boxes)
    EXPECT_TRUE(cv::Rect(0, 0, planche.bgr.cols, planche.bgr.rows).contains(box.boundingRect().tl()));
}

TEST(MakePlanche, SameSeedSamePixels) {
  PlancheSpec spec;
  spec.copies = 4;
  spec.scan = {1.0, 5.0, 0.15, 0};  // rotation, noise and lamp: everything the seed drives
  const cv::Mat photo = face("congress_F000479.jpg");
  const Planche a = make_planche({photo}, spec), b = make_planche({photo}, spec);
  EXPECT_EQ(cv::norm(a.bgr, b.bgr, cv::NORM_INF), 0.0);
  spec.seed = 2;
  EXPECT_GT(cv::norm(a.bgr, make_planche({photo}, spec).bgr, cv::NORM_INF), 0.0);
}

TEST(MakePlanche, SecondPhotoGoesToCopyOne) {
  PlancheSpec spec;
  spec.copies = 4;
  const Planche planche = make_planche({face("congress_C001088.jpg"), face("congress_H001046.jpg")}, spec);
  EXPECT_EQ(planche.copy_photo, (std::vector<int>{0, 1, 0, 0}));
}

TEST(MakePlanche, RefusesWhatDoesNotFit) {
  const cv::Mat photo = face("congress_C001088.jpg");
  PlancheSpec spec;
  spec.copies = 8;
  spec.landscape = false;  // 4 rows of 45 mm do not fit in 150 mm
  EXPECT_THROW(make_planche({photo}, spec), std::invalid_argument);
  spec.copies = 5;
  EXPECT_THROW(make_planche({photo}, spec), std::invalid_argument);
}

TEST(MakePlanche, FilesRecordTheirDpi) {
  const cv::Mat image = face("congress_C001088.jpg");
  for (const std::string ext : {".jpg", ".png"})
    for (const double dpi : {300.0, 600.0}) {
      SCOPED_TRACE(ext + " " + std::to_string(dpi));
      const std::vector<std::uint8_t> bytes = encode_with_dpi(image, ext, dpi);
      const DecodedImage decoded = decode_image(bytes, "planche" + ext, DecodeLimits{});
      ASSERT_TRUE(decoded.dpi.has_value());
      EXPECT_NEAR(*decoded.dpi, dpi, 0.5);
      EXPECT_EQ(decoded.bgr.size(), image.size());
    }
  EXPECT_THROW(encode_with_dpi(image, ".bmp", 600), std::invalid_argument);
}

TEST(MakePlanche, SidecarListsTheTrueBoxes) {
  PlancheSpec spec;
  spec.copies = 4;
  const Planche planche = make_planche({face("congress_C001088.jpg")}, spec);
  const nlohmann::json sidecar = planche_to_json(planche, spec);
  EXPECT_EQ(sidecar["dpi"], 300);
  EXPECT_EQ(sidecar["columns"], 2);
  ASSERT_EQ(sidecar["boxes"].size(), 4u);
  EXPECT_EQ(sidecar["boxes"][3]["index"], 3);
  EXPECT_EQ(sidecar["boxes"][3]["corners"].size(), 4u);
  EXPECT_FLOAT_EQ(sidecar["boxes"][2]["center"][0].get<float>(), planche.copy_boxes[2].center.x);
}

}  // namespace
}  // namespace conforme::sheet_test
