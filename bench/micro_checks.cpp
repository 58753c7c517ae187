// One benchmark per check of the registry, named after its id, so a new check is measured
// without touching this file.
#include <string>

#include <benchmark/benchmark.h>

#include "checks/check.hpp"
#include "micro_fixture.hpp"

namespace conforme::bench {
namespace {

void measure_check(benchmark::State& state, const Check* check) {
  const FaceContext& ctx = analysed().context;
  for (auto _ : state) {
    Measurement m = run_check(*check, ctx);
    benchmark::DoNotOptimize(m.values.data());
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

// Called from main, not from a static initialiser: the registry's checks are themselves globals
// of other translation units and may not be constructed yet during static initialisation.
void register_check_benchmarks() {
  for (const Check& check : all_checks())
    benchmark::RegisterBenchmark(("BM_Check/" + std::string(check.id)).c_str(), measure_check, &check)
        ->Unit(benchmark::kMicrosecond);
}

}  // namespace conforme::bench
