// run_pipeline turns OpenCV's own threads off while it runs (parallelism is across photos) and
// gives the caller's setting back however the run ends: a sink that throws (a report write that
// failed on a full disk) must not leave a program that links the library on one OpenCV thread.
#include <stdexcept>

#include <gtest/gtest.h>
#include <opencv2/core/utility.hpp>

#include "pipeline/graph.hpp"
#include "pipeline/pipeline.hpp"
#include "support/fixtures.hpp"

namespace conforme {
namespace {

struct CvThreadsAtThree {
  CvThreadsAtThree() : before(cv::getNumThreads()) { cv::setNumThreads(3); }
  ~CvThreadsAtThree() { cv::setNumThreads(before); }
  int before;
};

TEST(PipelineThreads, OpenCvThreadsAreOffDuringTheRunAndBackAfterIt) {
  const CvThreadsAtThree three;
  ASSERT_EQ(cv::getNumThreads(), 3);
  const std::string dir = test::temp_dir("pipeline_threads");
  const std::vector<InputItem> inputs = expand_inputs({test::synth_jpeg_path(dir, "compliant")});
  int during = 0;
  const RunCounts counts = run_pipeline(inputs, test::checker(), PipelineOptions{},
                                        [&](std::size_t, const std::vector<PhotoReport>&) { during = cv::getNumThreads(); });
  EXPECT_EQ(counts.photos, 1u);
  EXPECT_EQ(during, 1);
  EXPECT_EQ(cv::getNumThreads(), 3);
}

TEST(PipelineThreads, ASinkThatThrowsLeavesOpenCvAsItWas) {
  const CvThreadsAtThree three;
  const std::string dir = test::temp_dir("pipeline_threads_throw");
  const std::vector<InputItem> inputs = expand_inputs({test::synth_jpeg_path(dir, "compliant")});
  EXPECT_THROW(run_pipeline(inputs, test::checker(), PipelineOptions{},
                            [](std::size_t, const std::vector<PhotoReport>&) { throw std::runtime_error("disk full"); }),
               std::runtime_error);
  EXPECT_EQ(cv::getNumThreads(), 3);
}

TEST(PipelineThreads, RunThreadsResolvesZeroJobsToEveryCore) {
  const CvThreadsAtThree three;
  {
    const RunThreads threads(0);
    EXPECT_GE(threads.jobs(), 1);
    EXPECT_EQ(cv::getNumThreads(), 1);
  }
  EXPECT_EQ(cv::getNumThreads(), 3);
}

}  // namespace
}  // namespace conforme
