#include <benchmark/benchmark.h>
#include <opencv2/core/utility.hpp>

#include "micro_fixture.hpp"

int main(int argc, char** argv) {
  // The pipeline runs OpenCV single-threaded (parallelism is across photos), so each benchmark
  // measures the cost one worker thread pays.
  cv::setNumThreads(1);
  conforme::bench::register_check_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
