#pragma once
// What the micro-benchmarks share, built on first use so a filtered run pays only for what it
// measures (the landmark model alone takes about half a second to load).
#include <cstdint>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "core/face_context.hpp"
#include "core/report.hpp"
#include "pipeline/checker.hpp"

namespace conforme::bench {

struct EncodedPhotos {
  std::vector<std::uint8_t> id_jpeg;       // 827 x 1063, quality 92, 600 dpi
  std::vector<std::uint8_t> planche_jpeg;  // 3543 x 2362 holding six copies
  cv::Mat id_bgr;                          // id_jpeg decoded
};

struct Analysed {
  std::shared_ptr<const Checker> checker;  // fr-ants, default models
  FaceContext context;                     // of EncodedPhotos::id_bgr
  PhotoReport report;                      // of EncodedPhotos::id_bgr
};

const EncodedPhotos& encoded_photos();
const Analysed& analysed();

// One benchmark per check of the registry (micro_checks.cpp).
void register_check_benchmarks();

}  // namespace conforme::bench
