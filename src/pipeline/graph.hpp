#pragma once
// The skeleton of a batch graph, as the oneTBB flow-graph examples draw it: read → limit →
// (the caller's stages) → order → write, the writer handing its token back to the limit. The
// batch pipeline (pipeline/pipeline.cpp) and the decode-only benchmark (bench/decode_only.cpp)
// share it, so the benchmark's ratio compares the same graph with and without the analysis.
#include <cstddef>
#include <utility>

#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <opencv2/core/utility.hpp>

namespace conforme {

// The threads of one run: `jobs` TBB workers (0: every core), and OpenCV's own threads off while
// it lasts — parallelism is across photos, and OpenCV's threads would only fight the graph's.
// The caller's OpenCV thread count comes back when the guard goes, however the run ends.
class RunThreads {
 public:
  explicit RunThreads(int jobs)
      : jobs_(jobs > 0 ? jobs : oneapi::tbb::info::default_concurrency()),
        tbb_(oneapi::tbb::global_control::max_allowed_parallelism, jobs_),
        opencv_threads_(cv::getNumThreads()) {
    cv::setNumThreads(1);
  }
  ~RunThreads() { cv::setNumThreads(opencv_threads_); }
  RunThreads(const RunThreads&) = delete;
  RunThreads& operator=(const RunThreads&) = delete;

  int jobs() const { return jobs_; }

 private:
  int jobs_;
  oneapi::tbb::global_control tbb_;
  int opencv_threads_;
};

// requires: Job is a pointer-like message whose `->index` numbers the inputs 0, 1, 2... as `read`
// hands them out. The caller builds its stages on `graph`, links `limit` to the first and the
// last to `order`, then calls run(): `write` sees every job once, in index order, on one thread
// at a time, and at most `in_flight` jobs are between read and write at once.
template <class Job>
struct OrderedGraph {
  template <class Read, class Write>
  OrderedGraph(std::size_t in_flight, Read read_body, Write write_body)
      : read(graph, std::move(read_body)),
        limit(graph, in_flight),
        order(graph, [](const Job& w) { return w->index; }),
        write(graph, oneapi::tbb::flow::serial, [write_body = std::move(write_body)](Job w) {
          write_body(std::move(w));
          return oneapi::tbb::flow::continue_msg();
        }) {
    oneapi::tbb::flow::make_edge(read, limit);
    oneapi::tbb::flow::make_edge(order, write);
    oneapi::tbb::flow::make_edge(write, limit.decrementer());
  }

  void run() {
    read.activate();
    graph.wait_for_all();
  }

  oneapi::tbb::flow::graph graph;
  oneapi::tbb::flow::input_node<Job> read;
  oneapi::tbb::flow::limiter_node<Job> limit;
  oneapi::tbb::flow::sequencer_node<Job> order;
  oneapi::tbb::flow::function_node<Job, oneapi::tbb::flow::continue_msg> write;
};

}  // namespace conforme
