#pragma once
// Everything the checks read about one photo, computed once (FaceAnalyser::analyse,
// face/face_models.cpp, and derive_geometry, face/geometry.cpp) and read-only afterwards, so
// checks are pure functions that can run in any order.
//
// THREAD SAFETY
//   A FaceContext is built on one thread; once built, any number of threads may read the same
//   one at once (the checks of a photo do, side by side) as long as none writes to it. The
//   shared evidence (face_lab, eye_region...) is const and never filled in lazily.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace conforme {

struct UprightFace;  // face/face_crop.hpp
struct LabStats;     // face/image_stats.hpp

// Head pose in degrees, camera frame: yaw > 0 turns to the image right, pitch > 0 looks up,
// roll > 0 tilts the head clockwise in the image.
struct HeadPose {
  double yaw_deg = 0, pitch_deg = 0, roll_deg = 0;
};

// What the sheet checks read when the photo was cut from a planche (Ville de Saint-Paul page).
struct SheetInfo {
  int copies = 0;                 // copies found on the sheet
  double copies_difference = 0;   // largest normalised difference between aligned copies, 0..1
};

struct FaceContext {
  cv::Mat bgr;   // the photo, 8-bit BGR
  cv::Mat gray;  // the same, 8-bit grey
  std::optional<double> dpi;  // from the file or --dpi; never guessed
  std::optional<double> jpeg_quality;  // IJG quality of the file's tables; nullopt when not a JPEG file

  std::optional<SheetInfo> sheet;  // set when the input is a planche; nullopt for a single photo

  int face_count = 0;  // faces found by the detector
  std::vector<cv::Rect2f> face_boxes;  // every face found, detector boxes in photo pixels
  bool has_single_face() const { return face_count == 1; }

  // The remaining members are valid only when face_count == 1.
  cv::Rect2f face_box;                      // detector box, photo pixels
  std::array<cv::Point2f, 68> landmarks{};  // iBUG 300-W 68-point layout, photo pixels
  // Landmarks rotated by -roll about eye_mid, so expression measures ignore head tilt.
  std::array<cv::Point2f, 68> upright_landmarks{};
  cv::Point2f eye_left;   // centre of the eye on the image left (subject's right eye)
  cv::Point2f eye_right;  // centre of the eye on the image right
  cv::Point2f eye_mid;
  double inter_eye_px = 0;
  cv::Point2f chin;      // landmark 8 (menton)
  double crown_y = 0;    // estimated top of the skull, hair excluded (face/geometry.hpp, estimate_crown)
  double midline_x = 0;  // face mid-line
  HeadPose pose;
  cv::Mat face_mask;        // 8-bit, 255 inside the face outline (jaw + forehead)
  cv::Mat background_mask;  // 8-bit, 255 where the background is sampled

  // The photo and its masks reduced by 2 x 2 pixel means, halved while the eyes stay at least
  // `reduced_min_ied_px` apart: statistics over large regions (backdrop colour and light, face
  // colour) read a quarter or a sixteenth of the pixels, and no check rescans the whole photo.
  static constexpr double reduced_min_ied_px = 48.0;
  double reduced_scale = 1.0;       // reduced pixels per photo pixel: 1, 1/2, 1/4...
  cv::Mat reduced_bgr;              // 8-bit BGR
  cv::Mat reduced_face_mask;        // 255 where the reduced pixel lies wholly inside face_mask
  cv::Mat reduced_background_mask;  // 255 where it lies wholly inside background_mask
  // Median CIELAB of the face and of the backdrop on the reduced photo (face/image_stats.hpp,
  // face_lab and background_lab): taken once for the checks that share them (light.exposure and
  // colour.is_colour; bg.colour and head.covering).
  std::shared_ptr<const LabStats> face_lab, background_lab;

  // The face upright around the eyes at 128 px between them (face/face_crop.hpp, eye_region):
  // cut once for the three glasses checks, which read the same crop.
  std::shared_ptr<const UprightFace> eye_region;
  // The mouth upright at the same scale (face/face_crop.hpp, mouth_region): cut once for
  // expr.mouth_closed and expr.neutral, which both read its teeth.
  std::shared_ptr<const UprightFace> mouth_region;

  int width() const { return bgr.cols; }
  int height() const { return bgr.rows; }
};

}  // namespace conforme
