#pragma once
// The library's entry point: a profile and the models, loaded once; checks photos in memory.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/report.hpp"
#include "core/run.hpp"
#include "face/models.hpp"
#include "profile/profile.hpp"

namespace conforme {

// What the file says about the image, beside its pixels.
struct ImageFacts {
  std::optional<double> dpi;           // from the file or --dpi
  std::optional<double> jpeg_quality;  // IJG quality of the JPEG tables, when a JPEG
  std::optional<int> jpeg_damaged_data;  // DecodedImage::jpeg_damaged_data
  bool dpi_from_file = false;          // `dpi` is the file's, not --dpi's (see photo_dpi)
};

// The dpi a photo's millimetres are measured with. A file's 72, 96 or 144 dpi is what cameras,
// editors and screenshots write when no print resolution is known (EXIF's default, Windows',
// a Retina screen's): a 35 x 45 mm photo of 413 x 531 px would print 146 x 187 mm at 72 dpi, and
// head.height would read a 140 mm face. Such a dpi is not used, unless the photo measures an ID
// photo at it (99 x 128 px at 72 dpi); a dpi the user gives (--dpi) always is.
std::optional<double> photo_dpi(const cv::Mat& bgr, const ImageFacts& facts);

// An image whose stated size is that of one ID photo (35 x 45 mm, give or take the 1 mm the rule
// allows and a scanner's margin) at `dpi`.
bool photo_sized(const cv::Mat& bgr, std::optional<double> dpi);

struct DecodedImage;  // io/decode.hpp

// What a decoded file says beside its pixels; `dpi_override` (--dpi), when given, replaces its dpi.
ImageFacts image_facts(const DecodedImage& image, std::optional<double> dpi_override = std::nullopt);

// What the decoder said of a file (its warnings, the colour profile its pixels were converted
// from), put on a report of one of its photos or of its error.
void note_decoding(PhotoReport& report, const DecodedImage& image);

// --kind: detect single photo or planche, or take the user's word.
enum class InputKindOption { automatic, photo, sheet };

// While one is alive on a thread, the Checker's calls on that thread run a photo's independent
// steps — its checks, the parts of its geometry, a planche's copy comparison and copy 0's
// analysis (core/side_by_side.hpp) — one after the other instead of side by side on TBB's
// workers. run_pipeline holds one in its analysis node: it already gives every core a photo
// of its own, and a core that waits for the last of its photo's checks to end on another core sits
// idle (2 threads gave 1.2 times one thread's photos/s instead of 1.9).
class ChecksOnCallingThread {
 public:
  ChecksOnCallingThread();
  ~ChecksOnCallingThread();
  ChecksOnCallingThread(const ChecksOnCallingThread&) = delete;
  ChecksOnCallingThread& operator=(const ChecksOnCallingThread&) = delete;

 private:
  bool previous_;
};

class Checker {
 public:
  // Throws ProfileError or ModelError; both name the file at fault.
  Checker(Profile profile, std::shared_ptr<const FaceModels> models);

  const Profile& profile() const { return profile_; }
  const RunIdentity& identity() const { return identity_; }
  std::shared_ptr<const FaceModels> models() const { return models_; }

  // Measures and judges one photo already in memory.
  // requires: `analyser` owned by the calling thread. `bgr` is 8-bit BGR, or grey, BGRA, 16-bit
  // or float, converted first as a decoded file is (io/decode.hpp, to_bgr8: BGRA over white).
  // Throws std::invalid_argument naming the problem for an empty or unsupported image.
  // ensures: one check result per rule of the profile, in registry order.
  // context_out, when given, receives the photo's FaceContext (for drawing the measurements).
  // jpeg_quality: the IJG quality of the file the photo was decoded from (DecodedImage), if a JPEG;
  // jpeg_damaged_data: how often its image data was found damaged (DecodedImage), when known.
  PhotoReport check_photo(const cv::Mat& bgr, std::optional<double> dpi, FaceAnalyser& analyser,
                          FaceContext* context_out = nullptr,
                          std::optional<double> jpeg_quality = std::nullopt,
                          std::optional<int> jpeg_damaged_data = std::nullopt) const;

  // The same for a decoded file (decode_image): its pixels judged with what the file says
  // (image_facts), `dpi_override` replacing its dpi when given; the report carries the decoder's
  // warnings and the colour profile converted from.
  PhotoReport check_photo(const DecodedImage& image, FaceAnalyser& analyser,
                          std::optional<double> dpi_override = std::nullopt, FaceContext* context_out = nullptr) const;

  // Judges a FaceContext already built (by FaceAnalyser::analyse, with dpi, sheet... set).
  // The checks run side by side on TBB's workers, unless a ChecksOnCallingThread is alive on the
  // calling thread; the results are the same and in the same order either way.
  PhotoReport judge_context(const FaceContext& ctx) const;

  // Checks a decoded input (any image to_bgr8 takes; std::invalid_argument otherwise) that may be a single photo or a planche (Ville de Saint-Paul page): a sheet is split
  // into its copies, the first copy is checked in full, and a copy the profile's
  // sheet.copies_identical limit judges identical to it shares its measurements (measured_on);
  // a copy that differs is checked in full. One report per copy, in reading order, each with its
  // photo_index and box on the sheet; a single photo gives one report.
  // contexts_out, when given, receives the FaceContext behind each report (same order).
  // Throws InputError "sheet_layout_unclear" (the message says what was seen) for a planche whose
  // layout cannot be decided: no report on fewer copies than it holds, nor on it as one photo.
  std::vector<PhotoReport> check_image(const cv::Mat& bgr, const ImageFacts& facts, InputKindOption kind,
                                       FaceAnalyser& analyser, std::vector<FaceContext>* contexts_out = nullptr) const;

  // Reads, decodes and checks one file; a problem with it becomes an `error` report.
  PhotoReport check_file(const std::string& path, FaceAnalyser& analyser,
                         std::optional<double> dpi_override = std::nullopt) const;

 private:
  // The photo's FaceContext with the file's facts (dpi, JPEG quality and damage) in it.
  static FaceContext analyse(const cv::Mat& bgr, const ImageFacts& facts, FaceAnalyser& analyser);
  // One photo (any depth or channels to_bgr8 takes) with its facts, judged; its context to
  // `context_out` when given. Both check_photo overloads.
  PhotoReport check_with_facts(const cv::Mat& image, const ImageFacts& facts, FaceAnalyser& analyser,
                               FaceContext* context_out) const;

  Profile profile_;
  std::shared_ptr<const FaceModels> models_;
  RunIdentity identity_;
};

// An `error` report for an input that could not be processed.
PhotoReport error_report(const std::string& input, const std::string& code, const std::string& message);

}  // namespace conforme
