#include "decode_only.hpp"

#include <memory>

#include <opencv2/imgcodecs.hpp>

#include "io/decode.hpp"
#include "pipeline/graph.hpp"

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
  // The graph and the thread settings of run_pipeline, or the ratio would compare different
  // machines: read → limit → decode → order → count.
  const RunThreads threads(jobs);
  const DecodeLimits limits;
  std::size_t next = 0, decoded = 0;
  OrderedGraph<Job> graph(
      2 * static_cast<std::size_t>(threads.jobs()) + 2,
      [&](oneapi::tbb::flow_control& control) -> Job {
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
      },
      [&](const Job& w) { decoded += w->decoded; });
  flow::function_node<Job, Job> decode(graph.graph, flow::unlimited, [&](Job w) {
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
  flow::make_edge(graph.limit, decode);
  flow::make_edge(decode, graph.order);
  graph.run();
  return decoded;
}

}  // namespace conforme::bench
