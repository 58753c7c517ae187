// libFuzzer target: any bytes, as a file read from a scanner or a hostile upload, through what a
// batch does with one input: header parse and decoding (format sniffing, size limits, EXIF,
// alpha, truncation), the resolution from the metadata, and the full analysis of whatever
// decodes (Checker::check_photo: face detection, landmarks, every check, every verdict).
// An InputError is the expected outcome for bad bytes; anything else (a crash, a sanitizer
// report, another exception) is a finding.
//
// Build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCONFORME_FUZZ=ON -DCONFORME_BUILD_TESTS=OFF
//        -DCONFORME_BUILD_BENCH=OFF && cmake --build build-fuzz --target fuzz_decode_analyse
// Run:   mkdir -p corpus && cp tests/data/bad/*.* corpus/ && (add a small portrait, e.g. 200 x 256)
//        build-fuzz/fuzz/fuzz_decode_analyse -max_total_time=600 -timeout=60 corpus
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "io/decode.hpp"
#include "pipeline/checker.hpp"

namespace {

const conforme::Checker& checker() {
  static const conforme::Checker c(conforme::load_profile("fr-ants"), conforme::FaceModels::load());
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  cv::setNumThreads(1);  // one input at a time, like one pipeline worker
  checker();             // the models load once, not per input
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static conforme::FaceAnalyser analyser(checker().models());
  // Small limits keep each input fast: under ASan, UBSan and coverage, analysing a 452 x 553
  // portrait takes 5-25 s (0.6 s in a release build), which libFuzzer reports as timeouts. A
  // 200 x 256 face is still found, so the whole analysis is exercised.
  conforme::DecodeLimits limits;
  limits.max_file_bytes = 1 << 20;
  limits.max_pixels = 256 * 256;
  const std::vector<std::uint8_t> bytes(data, data + size);
  try {
    const conforme::DecodedImage image = conforme::decode_image(bytes, "fuzz-input", limits);
    checker().check_photo(image.bgr, image.dpi, analyser);
  } catch (const conforme::InputError&) {
  }
  return 0;
}
