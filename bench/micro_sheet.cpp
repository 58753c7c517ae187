// The sheet part of a planche's check (Checker::check_image before the face analysis): layout,
// copy extraction, copy comparison, on the bench's clean 6-up sheet and on a scanned one
// (rotated 1.5 degrees, noisy, unevenly lit, JPEG), both 3543 x 2362 at 600 dpi.
#include <benchmark/benchmark.h>
#include <opencv2/imgcodecs.hpp>

#include "bench_photos.hpp"
#include "micro_fixture.hpp"
#include "sheet/make_planche.hpp"
#include "sheet/sheet.hpp"

namespace conforme::bench {
namespace {

struct Sheets {
  cv::Mat clean, scanned;
};

const Sheets& sheets() {
  static const Sheets s = [] {
    Sheets out;
    out.clean = cv::imdecode(encoded_photos().planche_jpeg, cv::IMREAD_COLOR);
    PlancheSpec spec;
    spec.dpi = dots_per_inch;
    spec.scan.rotation_deg = 1.5;
    spec.scan.noise_sigma = 5;
    spec.scan.illumination_drop = 0.15;
    spec.scan.jpeg_quality = 80;
    spec.scan.bed_margin_mm = 0;
    out.scanned = make_planche({encoded_photos().id_bgr}, spec).bgr;
    return out;
  }();
  return s;
}

const cv::Mat& sheet_of(const benchmark::State& state) {
  return state.range(0) == 0 ? sheets().clean : sheets().scanned;
}

void BM_Planche_AnalyseLayout(benchmark::State& state) {
  const cv::Mat& bgr = sheet_of(state);
  for (auto _ : state) {
    SheetLayout layout = analyse_layout(bgr, dots_per_inch);
    benchmark::DoNotOptimize(layout.copies.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Planche_ExtractCopies(benchmark::State& state) {
  const cv::Mat& bgr = sheet_of(state);
  const SheetLayout layout = analyse_layout(bgr, dots_per_inch);
  for (auto _ : state) {
    std::vector<cv::Mat> copies = extract_copies(bgr, layout.copies);
    benchmark::DoNotOptimize(copies.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Planche_CopiesDifference(benchmark::State& state) {
  const cv::Mat& bgr = sheet_of(state);
  const std::vector<cv::Mat> copies = extract_copies(bgr, analyse_layout(bgr, dots_per_inch).copies);
  for (auto _ : state) {
    double d = copies_difference(copies);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}

// What check_image does with a sheet: the layout, each copy's difference to the first on the
// reduced image, and the first copy at full resolution for the face analysis.
void BM_Planche_DifferencesOnReduced(benchmark::State& state) {
  const cv::Mat& bgr = sheet_of(state);
  const SheetLayout layout = analyse_layout(bgr, dots_per_inch);
  for (auto _ : state) {
    std::vector<double> d = differences_to_first(layout.reduced, layout.copies);
    benchmark::DoNotOptimize(d.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Planche_ExtractFirstCopy(benchmark::State& state) {
  const cv::Mat& bgr = sheet_of(state);
  const SheetLayout layout = analyse_layout(bgr, dots_per_inch);
  for (auto _ : state) {
    cv::Mat copy = extract_copy(bgr, layout.copies.front());
    benchmark::DoNotOptimize(copy.data);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Planche_SheetPart(benchmark::State& state) {
  const cv::Mat& bgr = sheet_of(state);
  for (auto _ : state) {
    const SheetLayout layout = analyse_layout(bgr, dots_per_inch);
    std::vector<double> d = differences_to_first(layout.reduced, layout.copies);
    cv::Mat copy = extract_copy(bgr, layout.copies.front());
    benchmark::DoNotOptimize(d.data());
    benchmark::DoNotOptimize(copy.data);
  }
  state.SetItemsProcessed(state.iterations());
}

// Arg 0: the bench's clean sheet; 1: the scanned one. ExtractCopies and CopiesDifference time
// the full-resolution public API (every copy cut out whole), which check_image no longer uses.
BENCHMARK(BM_Planche_AnalyseLayout)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Planche_ExtractCopies)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Planche_CopiesDifference)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Planche_DifferencesOnReduced)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Planche_ExtractFirstCopy)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Planche_SheetPart)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace conforme::bench
