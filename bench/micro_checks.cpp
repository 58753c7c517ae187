// One benchmark per check of the registry, named after its id, so a new check is measured
// without touching this file.
#include <string>

#include <benchmark/benchmark.h>

#include "checks/check.hpp"
#include "evidence/glasses_evidence.hpp"
#include "evidence/head_sides.hpp"
#include "evidence/head_top.hpp"
#include "evidence/hot_spots.hpp"
#include "evidence/shoulders.hpp"
#include "bench_photos.hpp"
#include "micro_fixture.hpp"
#include "synth/synth.hpp"

namespace conforme::bench {
namespace {

// The check alone on a photo: the evidence it shares with other checks (Face::on_demand) is
// emptied before each round, so the round pays for it as the first check asking on a new photo does.
void measure_check(benchmark::State& state, const Check* check) {
  FaceContext ctx = analysed().context;
  for (auto _ : state) {
    if (ctx.face) ctx.face->on_demand = {};
    Measurement m = run_check(*check, ctx);
    benchmark::DoNotOptimize(m.values.data());
  }
  state.SetItemsProcessed(state.iterations());
}

// What the checker found on a generated variant of the benchmark photo.
FaceContext context_of(const cv::Mat& bgr) {
  const Analysed& a = analysed();
  FaceAnalyser analyser(a.checker->models());
  FaceContext out;
  (void)a.checker->check_photo(bgr, std::nullopt, analyser, &out);
  return out;
}

// light.hot_spots' costly path: the benchmark photo with a flash hot spot on the forehead, so
// the spots' surround, blobs and rim are all computed (BM_Check/light.hot_spots stops early on
// a face with no candidate pixel).
void BM_HotSpots_WithGlare(benchmark::State& state) {
  static FaceContext ctx = context_of(
      synth::hot_spot(encoded_photos().id_bgr, analysed().context, synth::SkinSpot::forehead, 0.4, 2.0));
  for (auto _ : state) {
    ctx.face->on_demand = {};  // the glasses evidence, as on a new photo (measure_check)
    HotSpots h = find_hot_spots(ctx);
    benchmark::DoNotOptimize(h.largest);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HotSpots_WithGlare)->Unit(benchmark::kMicrosecond);

// The glasses evidence glasses and glasses.tinted share, each alone on the benchmark photo as on a
// new photo: the glasses network's probability and the share of the lens area showing skin
// (EVALUATION.md section 26).
void measure_evidence(benchmark::State& state, double (*evidence)(const FaceContext&)) {
  FaceContext ctx = analysed().context;
  for (auto _ : state) {
    ctx.face->on_demand = {};
    benchmark::DoNotOptimize(evidence(ctx));
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_GlassesNet(benchmark::State& state) { measure_evidence(state, glasses_net_probability); }
BENCHMARK(BM_GlassesNet)->Unit(benchmark::kMicrosecond);
void BM_LensSkin(benchmark::State& state) { measure_evidence(state, lens_skin_share); }
BENCHMARK(BM_LensSkin)->Unit(benchmark::kMicrosecond);

// head.top_margin's longest path: the benchmark photo cropped at the top until the hair is cut
// (synth::crop_top), so the head is followed up every row to the top edge (BM_Check/head.top_margin
// stops at the backdrop above the hair).
void BM_HeadTop_HairCut(benchmark::State& state) {
  static const FaceContext ctx = context_of(synth::crop_top(encoded_photos().id_bgr, 0.1));
  for (auto _ : state) {
    HeadTop top = find_head_top(ctx);
    benchmark::DoNotOptimize(top.y);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HeadTop_HairCut)->Unit(benchmark::kMicrosecond);

// head.top_margin and head.side_margin on one photo, as the pipeline runs them: the reduced
// photo's CIELAB copy down to the nose is taken once and shared (evidence/outline_lab.hpp), where
// each BM_Check of the two takes it alone.
void BM_HeadMargins_Both(benchmark::State& state) {
  FaceContext ctx = analysed().context;
  for (auto _ : state) {
    ctx.face->on_demand = {};
    HeadTop top = find_head_top(ctx);
    HeadSides sides = find_head_sides(ctx);
    benchmark::DoNotOptimize(top.y);
    benchmark::DoNotOptimize(sides.left);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HeadMargins_Both)->Unit(benchmark::kMicrosecond);

// shoulders.square's measuring path: the benchmark photo's generated crop leaves no backdrop
// beside the shoulders (BM_Check/shoulders.square returns at once), so the lines are found on
// the first shared portrait, as it is, whose shoulders are measured.
void BM_Shoulders_Portrait(benchmark::State& state) {
  static const FaceContext ctx = [] {
    for (const cv::Mat& portrait : load_portraits()) {
      FaceContext c = context_of(portrait);
      if (c.face && find_shoulder_lines(c).measured) return c;
    }
    return FaceContext{};
  }();
  if (!ctx.face) {
    state.SkipWithError("no shared portrait with measured shoulders");
    return;
  }
  for (auto _ : state) {
    ShoulderLines lines = find_shoulder_lines(ctx);
    benchmark::DoNotOptimize(lines.drop);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Shoulders_Portrait)->Unit(benchmark::kMicrosecond);

}  // namespace

// Called from main, not from a static initialiser: the registry's checks are themselves globals
// of other translation units and may not be constructed yet during static initialisation.
void register_check_benchmarks() {
  for (const Check& check : all_checks())
    benchmark::RegisterBenchmark(("BM_Check/" + std::string(check.id)).c_str(), measure_check, &check)
        ->Unit(benchmark::kMicrosecond);
}

}  // namespace conforme::bench
