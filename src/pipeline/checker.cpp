#include "pipeline/checker.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "checks/check.hpp"
#include "conforme/build_info.hpp"
#include "core/side_by_side.hpp"
#include "evidence/eye_state_net.hpp"
#include "evidence/expr_net.hpp"
#include "evidence/glasses_net.hpp"
#include "evidence/head_covering_net.hpp"
#include "evidence/mouth_net.hpp"
#include "evidence/smile_net.hpp"
#include "evidence/occlusion_net.hpp"
#include "face/pose.hpp"
#include "io/decode.hpp"
#include "profile/wording.hpp"

namespace conforme {

ChecksOnCallingThread::ChecksOnCallingThread() : previous_(set_side_by_side(false)) {}
ChecksOnCallingThread::~ChecksOnCallingThread() { set_side_by_side(previous_); }

Checker::Checker(Profile profile, std::shared_ptr<const FaceModels> models)
    : profile_(std::move(profile)), models_(std::move(models)) {
  identity_.version = build::version;
  identity_.profile_name = profile_.name;
  identity_.profile_sha256 = profile_.sha256;
  // The pose model is a table compiled into the library (face/pose.hpp, models/pose-shape.md).
  identity_.models = {models_->landmark_model(), ModelInfo{"pose_shape_model", "(compiled in)", pose_model_sha256()},
                      crop_net_info(glasses_net), crop_net_info(occlusion_net),
                      crop_net_info(eye_state_net), crop_net_info(expr_net),
                      crop_net_info(head_covering_net), crop_net_info(mouth_net),
                      crop_net_info(smile_net)};
  // OpenCV's Lab tables are already built: FaceModels::load, the only maker of the models, builds
  // them before any thread can check a photo (face/image_stats.hpp, prepare_colour_tables).
}

ImageFacts image_facts(const DecodedImage& image, std::optional<double> dpi_override) {
  return {dpi_override ? dpi_override : image.dpi, image.jpeg_quality, image.jpeg_damaged_data,
          !dpi_override && image.dpi.has_value()};
}

bool photo_sized(const cv::Mat& bgr, std::optional<double> dpi) {
  if (!dpi) return false;
  const double w = bgr.cols / *dpi * 25.4, h = bgr.rows / *dpi * 25.4;
  return std::abs(w - 35.0) <= 3.0 && std::abs(h - 45.0) <= 3.0;
}

namespace {

// 72, 96 or 144 dpi within half a percent (files write 72.009 or 95.9866 from rounded units).
bool screen_density(double dpi) {
  constexpr std::array<double, 3> defaults{72.0, 96.0, 144.0};
  return std::any_of(defaults.begin(), defaults.end(), [&](double d) { return std::abs(dpi - d) <= 0.005 * d; });
}

}  // namespace

std::optional<double> photo_dpi(const cv::Mat& bgr, const ImageFacts& facts) {
  if (facts.dpi_from_file && facts.dpi && screen_density(*facts.dpi) && !photo_sized(bgr, facts.dpi))
    return std::nullopt;
  return facts.dpi;
}

void note_decoding(PhotoReport& report, const DecodedImage& image) {
  report.warnings = image.warnings;
  report.colour_profile = image.colour_profile;
}

FaceContext Checker::analyse(const cv::Mat& bgr, const ImageFacts& facts, FaceAnalyser& analyser) {
  const std::optional<double> dpi = photo_dpi(bgr, facts);
  FaceContext ctx = analyser.analyse(bgr, dpi);
  ctx.screen_dpi = facts.dpi && !dpi;
  ctx.jpeg_quality = facts.jpeg_quality;
  ctx.jpeg_damaged_data = facts.jpeg_damaged_data;
  return ctx;
}

PhotoReport Checker::check_photo(const cv::Mat& bgr, std::optional<double> dpi,
                                 FaceAnalyser& analyser, FaceContext* context_out,
                                 std::optional<double> jpeg_quality, std::optional<int> jpeg_damaged_data) const {
  return check_with_facts(bgr, ImageFacts{dpi, jpeg_quality, jpeg_damaged_data}, analyser, context_out);
}

PhotoReport Checker::check_with_facts(const cv::Mat& image, const ImageFacts& facts, FaceAnalyser& analyser,
                                      FaceContext* context_out) const {
  FaceContext ctx = analyse(to_bgr8(image), facts, analyser);
  PhotoReport report = judge_context(ctx);
  if (context_out) *context_out = std::move(ctx);
  return report;
}

PhotoReport Checker::check_photo(const DecodedImage& image, FaceAnalyser& analyser,
                                 std::optional<double> dpi_override, FaceContext* context_out) const {
  PhotoReport report = check_with_facts(image.bgr, image_facts(image, dpi_override), analyser, context_out);
  note_decoding(report, image);
  return report;
}

PhotoReport Checker::check_file(const std::string& path, FaceAnalyser& analyser,
                                std::optional<double> dpi_override) const {
  try {
    const DecodeLimits limits;
    const DecodedImage image = decode_image(read_file_bytes(path, limits), path, limits);
    PhotoReport report = check_photo(image, analyser, dpi_override);
    report.input = path;
    return report;
  } catch (const InputError& e) {
    return error_report(path, e.code, e.what());
  }
}

PhotoReport error_report(const std::string& input, const std::string& code, const std::string& message) {
  PhotoReport r;
  r.input = input;
  r.status = PhotoStatus::error;
  r.error_code = code;
  r.error_message = message;
  return r;
}

PhotoReport Checker::judge_context(const FaceContext& ctx) const {
  PhotoReport report;
  report.width = ctx.width();
  report.height = ctx.height();
  report.dpi = ctx.dpi;
  // The checks read the context and nothing else, so they run side by side, each writing its own
  // result in the profile's order (core/side_by_side.hpp; ChecksOnCallingThread keeps them here).
  report.checks.resize(profile_.rules.size());
  auto judge_rule = [&](std::size_t i) {
    const Rule& rule = profile_.rules[i];
    report.checks[i] = judge(rule, run_check(*rule.check, ctx));
  };
  run_for_each(profile_.rules.size(), judge_rule);
  // A rule whose reading is hidden when another fails (profile's not_judged_when_failed) is not
  // judged: "a smile" or "an open mouth" read on a mask would be a false reason.
  for (std::size_t i = 0; i < profile_.rules.size(); ++i)
    for (const std::size_t other : profile_.rules[i].not_judged_when_failed)
      if (report.checks[other].verdict == Verdict::fail && report.checks[i].verdict != Verdict::skipped) {
        report.checks[i] = judge(profile_.rules[i], Measurement::skipped(not_judged_reason(profile_.rules[other].check_id)));
        break;
      }
  report.status = status_from_checks(report.checks);
  return report;
}

}  // namespace conforme
