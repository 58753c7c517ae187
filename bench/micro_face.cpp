// Face analysis is the dominant cost after decoding; these split it into its parts.
#include <benchmark/benchmark.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

#include "bench_photos.hpp"
#include "micro_fixture.hpp"

namespace conforme::bench {
namespace {

// Detection + landmarks + derived geometry (pose, masks) of one ID photo.
void BM_FaceAnalyse_IdPhoto(benchmark::State& state) {
  const auto& a = analysed();
  FaceAnalyser analyser(a.checker->models());
  const cv::Mat& bgr = encoded_photos().id_bgr;
  for (auto _ : state) {
    FaceContext ctx = analyser.analyse(bgr, dots_per_inch);
    benchmark::DoNotOptimize(ctx.face_count);
  }
  state.SetItemsProcessed(state.iterations());
}

// dlib's HOG detector alone on the grey photo shrunk so its longer side is range(0) px: the
// cost of the detection_side_px choice in face/face_models.cpp.
void BM_HogDetect_IdPhoto_AtSide(benchmark::State& state) {
  cv::Mat gray, small;
  cv::cvtColor(encoded_photos().id_bgr, gray, cv::COLOR_BGR2GRAY);
  const double scale = double(state.range(0)) / std::max(gray.cols, gray.rows);
  cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  const dlib::cv_image<unsigned char> img(small);
  std::size_t faces = 0;
  for (auto _ : state) faces = detector(img).size();
  state.counters["faces"] = static_cast<double>(faces);
  state.SetItemsProcessed(state.iterations());
}

// Everything one photo costs after decoding: analysis, every check of fr-ants, the verdicts.
void BM_CheckPhoto_IdPhoto(benchmark::State& state) {
  const auto& a = analysed();
  FaceAnalyser analyser(a.checker->models());
  const cv::Mat& bgr = encoded_photos().id_bgr;
  for (auto _ : state) {
    PhotoReport report = a.checker->check_photo(bgr, dots_per_inch, analyser);
    benchmark::DoNotOptimize(report.status);
  }
  state.SetItemsProcessed(state.iterations());
}

// Paid once per worker thread per run_pipeline call (the HOG detector is deserialised each time).
void BM_FaceAnalyserConstruct(benchmark::State& state) {
  const auto models = analysed().checker->models();
  for (auto _ : state) {
    FaceAnalyser analyser(models);
    benchmark::DoNotOptimize(&analyser);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_FaceAnalyserConstruct)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FaceAnalyse_IdPhoto)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HogDetect_IdPhoto_AtSide)->ArgName("side_px")->Arg(300)->Arg(400)->Arg(500)->Arg(600)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckPhoto_IdPhoto)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace conforme::bench
