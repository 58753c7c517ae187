#pragma once
// Shared test material: the models (loaded once per test process), the profiles, and the test
// photos, real (tests/data/faces) or generated from them by src/synth. Generated photos are cached
// on disk under the build tree (safe when absent: they are made again).
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"
#include "core/report.hpp"
#include "face/models.hpp"
#include "pipeline/checker.hpp"
#include "profile/profile.hpp"

namespace conforme::test {

std::string data_path(const std::string& relative);  // tests/data/<relative>
std::string source_path(const std::string& relative);  // repository root/<relative>
std::string temp_dir(const std::string& name);          // a fresh empty directory for one test

std::shared_ptr<const FaceModels> models();
FaceAnalyser& analyser();  // one per test process (tests run on one thread)
const Checker& checker(const std::string& profile = "fr-ants");

cv::Mat real_photo(const std::string& file);  // tests/data/faces/<file>, must decode
std::vector<std::string> real_photo_names();   // every JPEG and PNG of tests/data/faces, sorted

// Named test photos, generated on first use (see fixtures.cpp for the list), e.g.
// "compliant", "compliant_sym", "white_bg", "roll_12", "head_half", "blur_strong"...
cv::Mat photo(const std::string& name);

// Writes the named generated photo as a 600 dpi JPEG into dir and returns its path.
std::string synth_jpeg_path(const std::string& dir, const std::string& name, int quality = 95);

// Checks `bgr` with the profile and returns the result of one check.
CheckResult check_result(const cv::Mat& bgr, const std::string& check_id, const std::string& profile = "fr-ants",
                         std::optional<double> dpi = std::nullopt);
// The value `name` one check measured on `bgr`; throws, with the check's reason, when it measured
// none.
double measured(const cv::Mat& bgr, const std::string& check_id, const std::string& name,
                const std::string& profile = "fr-ants");
FaceContext context(const cv::Mat& bgr);

}  // namespace conforme::test
