// libFuzzer target: any bytes through what is read of an image before a pixel is decoded — the
// project's own header parser (io/image_header.hpp), the decoder libraries' header calls
// (io/codec_header.hpp: libjpeg, libpng, libtiff) and the byte budget. Fast (no pixel is
// decoded), so it explores far more inputs per second than fuzz_decode_analyse. Anything but a
// normal return (a crash, a sanitizer report, an exception) is a finding.
//
// Build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCONFORME_FUZZ=ON -DCONFORME_BUILD_TESTS=OFF
//        -DCONFORME_BUILD_BENCH=OFF && cmake --build build-fuzz --target fuzz_image_header
// Run:   cp -r fuzz/corpus/image_header /tmp/hc && cp tests/data/bad/*.* /tmp/hc/
//        build-fuzz/fuzz/fuzz_image_header -max_total_time=600 -max_len=65536 /tmp/hc
// io_tests (tests/robustness/io_header_fuzz_test.cpp) replays the seed corpus and mutations of
// it through this entry point, also under ASan and UBSan (scripts/sanitize).
#include <cstdint>
#include <string>
#include <vector>

#include "io/codec_header.hpp"
#include "io/decode.hpp"
#include "io/image_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> bytes(data, data + size);
  const conforme::ImageHeader header = conforme::read_image_header(bytes);
  if (header.format == conforme::ImageFormat::unknown) return 0;
  std::string error;
  const auto codec = conforme::read_codec_header(bytes, header.format, error);
  if (codec) {
    // Overflow-free for any 32-bit size: the budget is compared, never allocated.
    volatile std::uint64_t need =
        conforme::decode_bytes(codec->width * codec->height, codec->channels, codec->bits_per_sample);
    (void)need;
  }
  return 0;
}
