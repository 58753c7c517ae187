#include "decode_only.hpp"

#include <memory>

#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/global_control.h>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>

#include "io/decode.hpp"

namespace conforme::bench {
namespace {

struct Work {
  std::size_t index = 0;
  std::vector<std::uint8_t> bytes;
  bool decoded = false;
};
using Job = std::shared_ptr<Work>;

}  // namespace

std::size_t run_decode_only(const std::vector<InputItem>& inputs, int jobs, Decoder decoder) {
  namespace flow = oneapi::tbb::flow;
  // Same thread settings as run_pipeline, or the ratio would compare different machines.
  oneapi::tbb::global_control threads(oneapi::tbb::global_control::max_allowed_parallelism, jobs);
  const int opencv_threads = cv::getNumThreads();
  cv::setNumThreads(1);
  const DecodeLimits limits;
  std::size_t next = 0, decoded = 0;

  flow::graph g;
  flow::input_node<Job> read(g, [&](oneapi::tbb::flow_control& control) -> Job {
    if (next == inputs.size()) {
      control.stop();
      return {};
    }
    auto w = std::make_shared<Work>();
    w->index = next;
    try {
      w->bytes = read_file_bytes(inputs[next].path, limits);
    } catch (const InputError&) {
    }
    ++next;
    return w;
  });
  flow::limiter_node<Job> limit(g, 2 * static_cast<std::size_t>(jobs) + 2);
  flow::function_node<Job, Job> decode(g, flow::unlimited, [&](Job w) {
    try {
      if (w->bytes.empty()) return w;
      if (decoder == Decoder::library)
        w->decoded = !decode_image(w->bytes, "", limits).bgr.empty();
      else
        w->decoded = !cv::imdecode(w->bytes, cv::IMREAD_COLOR).empty();
    } catch (const InputError&) {
    }
    w->bytes = {};
    return w;
  });
  flow::sequencer_node<Job> order(g, [](const Job& w) { return w->index; });
  flow::function_node<Job, flow::continue_msg> count(g, flow::serial, [&](Job w) {
    decoded += w->decoded;
    return flow::continue_msg();
  });

  flow::make_edge(read, limit);
  flow::make_edge(limit, decode);
  flow::make_edge(decode, order);
  flow::make_edge(order, count);
  flow::make_edge(count, limit.decrementer());
  read.activate();
  g.wait_for_all();
  cv::setNumThreads(opencv_threads);
  return decoded;
}

}  // namespace conforme::bench
