// Report writing runs on one thread (the graph's serial writer), so its cost caps throughput.
#include <sstream>

#include <benchmark/benchmark.h>

#include "micro_fixture.hpp"
#include "report/writers.hpp"

namespace conforme::bench {
namespace {

void BM_ReportToJson(benchmark::State& state) {
  const auto& a = analysed();
  for (auto _ : state) {
    auto j = to_json(a.report, a.checker->identity());
    benchmark::DoNotOptimize(j.size());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_JsonlWriterWrite(benchmark::State& state) {
  const auto& a = analysed();
  std::ostringstream out;
  JsonlWriter writer(out);
  writer.begin(a.checker->identity());
  for (auto _ : state) {
    writer.write(a.report);
    if (out.tellp() > (1 << 24)) out.str({});  // keep the buffer from growing for the whole run
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_ReportToJson)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_JsonlWriterWrite)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace conforme::bench
