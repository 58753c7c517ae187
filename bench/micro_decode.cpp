// Decoding is the physical limit of the job (SPEC, Speed): these set the ceiling every other
// number is compared with.
#include <benchmark/benchmark.h>
#include <opencv2/imgcodecs.hpp>

#include "io/decode.hpp"
#include "micro_fixture.hpp"

namespace conforme::bench {
namespace {

void decode_with(benchmark::State& state, const std::vector<std::uint8_t>& jpeg, int flags) {
  for (auto _ : state) {
    cv::Mat bgr = cv::imdecode(jpeg, flags);
    benchmark::DoNotOptimize(bgr.data);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(jpeg.size()));
}

void BM_JpegDecode_IdPhoto_Full(benchmark::State& state) {
  decode_with(state, encoded_photos().id_jpeg, cv::IMREAD_COLOR);
}
void BM_JpegDecode_IdPhoto_Reduced2(benchmark::State& state) {
  decode_with(state, encoded_photos().id_jpeg, cv::IMREAD_REDUCED_COLOR_2);
}
void BM_JpegDecode_Planche_Full(benchmark::State& state) {
  decode_with(state, encoded_photos().planche_jpeg, cv::IMREAD_COLOR);
}
void BM_JpegDecode_Planche_Reduced2(benchmark::State& state) {
  decode_with(state, encoded_photos().planche_jpeg, cv::IMREAD_REDUCED_COLOR_2);
}

// The library's decode: libjpeg-turbo straight to BGR (io/jpeg_decode.hpp; the same pixels as
// cv::imdecode above, without OpenCV's byte swap), plus format sniffing, size limits, truncation
// check, the dpi and the quality read.
void decode_image_of(benchmark::State& state, const std::vector<std::uint8_t>& jpeg) {
  const DecodeLimits limits;
  for (auto _ : state) {
    DecodedImage image = decode_image(jpeg, "bench.jpg", limits);
    benchmark::DoNotOptimize(image.bgr.data);
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_DecodeImage_IdPhoto(benchmark::State& state) { decode_image_of(state, encoded_photos().id_jpeg); }
void BM_DecodeImage_Planche(benchmark::State& state) { decode_image_of(state, encoded_photos().planche_jpeg); }

BENCHMARK(BM_JpegDecode_IdPhoto_Full)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JpegDecode_IdPhoto_Reduced2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JpegDecode_Planche_Full)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JpegDecode_Planche_Reduced2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeImage_IdPhoto)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeImage_Planche)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace conforme::bench
