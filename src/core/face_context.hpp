#pragma once
// Everything the checks read about one photo, computed once (FaceAnalyser::analyse,
// face/face_models.cpp, and derive_geometry, face/geometry.cpp) and read-only afterwards, so
// checks are pure functions that can run in any order.
//
// Its type says what is valid: the photo's own facts always are; `face` is set exactly when one
// face was found, and everything measured from that face (landmarks, pose, masks, the reduced
// photo scaled by its eyes, the evidence shared by several checks) lives inside it, so a check
// that needs the face reads `*ctx.face` and cannot read a member that was never filled.
//
// THREAD SAFETY
//   A FaceContext is built on one thread; once built, any number of threads may read the same
//   one at once (the checks of a photo do, side by side) as long as none writes to it. The
//   evidence derive_geometry takes (Face::evidence) is const; the one exception to read-only is
//   Face::on_demand, whose slots the first check that asks fills, once, for every other reader
//   (core/on_demand.hpp).
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/on_demand.hpp"

namespace conforme {

struct UprightFace;      // face/face_crop.hpp
struct LabStats;         // face/image_stats.hpp
struct GlassesEvidence;  // evidence/glasses_evidence.hpp
struct LensShares;       // evidence/glasses_evidence.hpp

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

// What several checks read and derive_geometry takes once per photo, so that no two checks
// compute it twice. Null only in a Face built by hand without derive_geometry: the readers
// (face/image_stats.hpp, face/face_crop.hpp cut_crop) then compute it themselves.
struct FaceEvidence {
  // Median CIELAB of the face and of the backdrop on the reduced photo (face/image_stats.hpp,
  // face_lab and background_lab): for the checks that share them (light.exposure and
  // colour.is_colour; bg.colour and head.covering).
  std::shared_ptr<const LabStats> face_lab, background_lab;
  // The face upright around the eyes at 128 px between them (face/face_crop.hpp, eye_region):
  // cut once for the three glasses checks, which read the same crop.
  std::shared_ptr<const UprightFace> eye_region;
  // The mouth upright at the same scale (face/face_crop.hpp, mouth_region): cut once for
  // expr.mouth_closed and expr.neutral, which both read its teeth.
  std::shared_ptr<const UprightFace> mouth_region;
};

// Evidence several checks read, computed from the face when the first enabled check asks for it
// and kept for the others: a profile that leaves those checks off never pays for it. Only
// evidence/ fills these slots, through the function named beside each; checks call that function.
// A copied Face starts with them empty.
struct OnDemandEvidence {
  // The frame edges on the eye crop (evidence/glasses_evidence.hpp, glasses_evidence(ctx)): read
  // by the four glasses checks, by light.hot_spots, which leaves the lenses out, and by eyes.open,
  // which reports the eye-state network apart behind frames.
  OnDemand<GlassesEvidence> glasses;
  // The glasses network's probability on the eye crop (evidence/glasses_evidence.hpp,
  // glasses_net_probability(ctx)): read by glasses and, where the frame edges see no frame, by
  // glasses.tinted (lenses_found).
  OnDemand<double> glasses_net_probability;
  // The cheeks' median colour below the lenses on the eye crop (evidence/glasses_evidence.hpp,
  // cheek_lab(ctx)): what glasses.tinted's transmission and the skin share compare the lenses with.
  OnDemand<LabStats> cheek_lab;
  // The shares of the lens ellipses showing skin and darker than the cheeks
  // (evidence/glasses_evidence.hpp, lens_skin_share(ctx) and lens_dark_share(ctx)): read by
  // glasses and glasses.tinted, and through dark_lenses(ctx) by every check that reads the eyes
  // (checks/eyes_hidden.hpp).
  OnDemand<LensShares> lens_shares;
  // The mouth crop reduced to 64 x 46 (evidence/mouth_net.hpp, mouth_net_input(ctx)): the input
  // of the mouth, occlusion and smile networks (expr.mouth_closed, face.occlusion, expr.neutral).
  OnDemand<cv::Mat> mouth_net_input;
  // Teeth between the lips (evidence/mouth_evidence.hpp, teeth_share(ctx)): read by
  // expr.mouth_closed and expr.neutral.
  OnDemand<double> teeth_share;
  // The reduced photo blurred and in CIELAB down to the tip of the nose (evidence/outline_lab.hpp,
  // outline_lab(ctx, rows)): read by head.top_margin (down to the eyes) and head.side_margin.
  OnDemand<cv::Mat> outline_lab;
};

// The one face of a photo, in photo pixels: its landmarks and everything derived from them.
struct Face {
  cv::Rect2f box;                           // detector box
  std::array<cv::Point2f, 68> landmarks{};  // iBUG 300-W 68-point layout
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
  cv::Mat face_mask;        // 8-bit, the photo's size, 255 inside the face outline (jaw + forehead)
  cv::Mat background_mask;  // 8-bit, the photo's size, 255 where the background is sampled

  // The photo and the masks reduced by 2 x 2 pixel means, halved while the eyes stay at least
  // `reduced_min_ied_px` apart: statistics over large regions (backdrop colour and light, face
  // colour) read a quarter or a sixteenth of the pixels, and no check rescans the whole photo.
  // The scale follows the eyes, so the reduced photo belongs to the face.
  static constexpr double reduced_min_ied_px = 48.0;
  double reduced_scale = 1.0;       // reduced pixels per photo pixel: 1, 1/2, 1/4...
  cv::Mat reduced_bgr;              // 8-bit BGR
  cv::Mat reduced_face_mask;        // 255 where the reduced pixel lies wholly inside face_mask
  cv::Mat reduced_background_mask;  // 255 where it lies wholly inside background_mask

  FaceEvidence evidence;
  OnDemandEvidence on_demand;
};

struct FaceContext {
  // The photo's facts, valid for every photo.
  cv::Mat bgr;   // the photo, 8-bit BGR
  cv::Mat gray;  // the same, 8-bit grey
  std::optional<double> dpi;  // from the file or --dpi; never guessed
  bool screen_dpi = false;    // the file's dpi was a screen or software default, not used (pipeline/checker.hpp, photo_dpi)
  std::optional<double> jpeg_quality;  // IJG quality of the file's tables; nullopt when not a JPEG file
  // How often the JPEG's image data was found damaged and repaired by the decoder; nullopt when not
  // known (not a JPEG, or a JPEG decoded by OpenCV: CMYK, an EXIF block OpenCV may read otherwise).
  std::optional<int> jpeg_damaged_data;
  std::optional<SheetInfo> sheet;  // set when the input is a planche; nullopt for a single photo
  int face_count = 0;  // faces found by the detector the right way up
  std::vector<cv::Rect2f> face_boxes;  // every face found, detector boxes in photo pixels
  // When none is found at a size the checks can measure (face_count == 0): the faces a last look
  // at the photo enlarged finds, too small to measure (detector boxes in photo pixels). They tell
  // "no face" from "a face too small" and "several small faces" (a group photo).
  std::vector<cv::Rect2f> small_face_boxes;
  // When no face is found, not even a small one: the quarter turns clockwise (1, 2 or 3) that show
  // one face upright, for a photo scanned or saved on its side or upside down; 2 also when the one
  // face found is upside down (it is then not counted: face_count is 0); 0 otherwise.
  int turned_quarters = 0;

  // When one face is found (face_count == 1): other, smaller faces beside it, which the passes do
  // not see (face/other_faces.hpp: a person behind, a photo on the backdrop); detector boxes in
  // photo pixels.
  std::vector<cv::Rect2f> other_face_boxes;

  // Set exactly when face_count == 1 (checks with Needs::single_face run only then).
  std::optional<Face> face;

  int width() const { return bgr.cols; }
  int height() const { return bgr.rows; }
};

}  // namespace conforme
