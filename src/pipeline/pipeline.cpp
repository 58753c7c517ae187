#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <stdexcept>
#include <memory>
#include <new>

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "io/decode.hpp"
#include "io/memory_budget.hpp"
#include "pipeline/graph.hpp"
#include "report/annotate.hpp"

namespace conforme {
namespace {

// One input on its way through the graph. Messages are shared pointers so the graph never
// copies pixels.
struct Work {
  std::size_t index = 0;
  const InputItem* item = nullptr;
  std::vector<std::uint8_t> bytes;
  std::optional<DecodePlan> plan;  // the header's checks passed
  std::uint64_t reserved = 0;      // bytes held in the run's MemoryBudget until the image is freed
  DecodedImage image;  // its pixels dropped once judged; what the decoder said stays for the records
  std::vector<PhotoReport> reports;
  std::vector<std::string> drawing_failures;  // annotations or thumbnails not made, and why
  bool failed = false;  // an error report is already in `reports`
};
using Job = std::shared_ptr<Work>;

void fail(Work& w, const std::string& code, const std::string& message) {
  w.reports = {error_report(w.item->path, code, message)};
  w.failed = true;
  w.bytes.clear();
  w.image.bgr = cv::Mat();
}

// The drawing (photo and its side panel) 480 px high: the review page shows it small in its list
// and whole in its zoom, where the panel's text must read. About 30 KB, written beside the page.
// At least one pixel wide and high: a photo 60 times wider than high is still drawn.
std::vector<unsigned char> thumbnail(const cv::Mat& drawn) {
  cv::Mat small;
  const double scale = std::min(1.0, 480.0 / drawn.rows);
  const cv::Size size(std::max(1, cvRound(drawn.cols * scale)), std::max(1, cvRound(drawn.rows * scale)));
  cv::resize(drawn, small, size, 0, 0, cv::INTER_AREA);
  std::vector<unsigned char> jpeg;
  cv::imencode(".jpg", small, jpeg, {cv::IMWRITE_JPEG_QUALITY, 80});
  return jpeg;
}

// The drawings of one judged photo (--annotate, --html thumbnails). Runs after the verdicts, and
// its failures are collected apart: a drawing that cannot be made never changes the report.
void draw_measurements(Work& w, const PipelineOptions& options, const FaceContext& context, PhotoReport& report) {
  try {
    const cv::Mat drawn = annotate(context, report, options.drawing_french);
    if (options.drawings && !cv::imencode(".jpg", drawn, report.drawing_jpeg, {cv::IMWRITE_JPEG_QUALITY, 85}))
      throw std::runtime_error("cannot encode the drawing");
    // The review page shows the photos a person looks at: the rejects and the passes with a point
    // to check (a warning, « à vérifier »).
    if (options.thumbnails && (report.status != PhotoStatus::pass || passes_with_point_to_check(report)))
      report.thumbnail_jpeg = thumbnail(drawn);
  } catch (const std::exception& e) {
    report.drawing_jpeg.clear();
    w.drawing_failures.push_back(w.item->path + ": cannot draw the measurements: " + e.what());
  }
}

// The node bodies of one run, and what they share: the inputs, the checker, the memory budget,
// one FaceAnalyser per worker thread, and the counts the writer keeps.
class PipelineRun {
 public:
  using DecodeNode = oneapi::tbb::flow::multifunction_node<Job, std::tuple<Job>>;

  PipelineRun(const std::vector<InputItem>& inputs, const Checker& checker, const PipelineOptions& options,
              const ReportSink& sink)
      : inputs_(inputs), checker_(checker), options_(options), sink_(sink), budget_(options.max_memory),
        analysers_([&checker] { return FaceAnalyser(checker.models()); }) {
    counts_.inputs = inputs.size();
  }

  const RunCounts& counts() const { return counts_; }

  // read: inputs in order, one file at a time (the disk is sequential anyway).
  Job read(oneapi::tbb::flow_control& control) {
    if (next_ == inputs_.size()) {
      control.stop();
      return {};
    }
    auto w = std::make_shared<Work>();
    w->index = next_;
    w->item = &inputs_[next_++];
    if (w->item->problem) {
      fail(*w, w->item->problem->code, w->item->problem->what());
      return w;
    }
    try {
      w->bytes = read_file_bytes(w->item->path, options_.limits);
    } catch (const InputError& e) {
      fail(*w, e.code, e.what());
    } catch (const std::bad_alloc&) {
      fail(*w, "out_of_memory", w->item->path + ": reading stopped: the system refused the memory for its bytes");
    }
    return w;
  }

  // decode: the header's checks, then the run's memory budget (an input that does not fit is
  // parked, holding no thread, and sent to `self` again when inputs ahead of it free their
  // images), then the pixels.
  void decode(Job w, DecodeNode& self) {
    auto& decoded = std::get<0>(self.output_ports());
    if (w->failed) {
      decoded.try_put(w);
      return;
    }
    try {
      if (!w->plan) {
        w->plan = plan_decode(w->bytes, w->item->path, options_.limits);
        // Once parked, `w` belongs to the release that resumes it: not touched here again.
        w->reserved = w->plan->decode_bytes + w->bytes.size();
        if (!budget_.reserve_or_park(w->reserved, [&self, w] { self.try_put(w); })) return;
      }
      w->image = decode_planned(w->bytes, *w->plan, w->item->path, options_.limits);
      if (!w->image.warnings.empty() && options_.on_codec_warnings)
        options_.on_codec_warnings(w->item->path, w->image.warnings);
    } catch (const InputError& e) {
      fail(*w, e.code, e.what());
    } catch (const std::bad_alloc&) {  // the conversion to BGR, after the decoder's own allocation
      fail(*w, "out_of_memory", w->item->path + ": decoding stopped: the system refused the memory it needs");
    }
    w->bytes = {};
    if (w->failed) release(*w);
    decoded.try_put(w);
  }

  // split + analyse + judge: a planche becomes its copies (the first checked in full, identical
  // copies share its measurements); faces, landmarks, every check of the profile, verdicts.
  Job analyse(Job w) {
    if (w->failed) return w;
    // Every core already has a photo: its checks stay on this thread (pipeline/checker.hpp).
    const ChecksOnCallingThread one_thread_per_photo;
    const bool draw = options_.drawings || options_.thumbnails;
    std::vector<FaceContext> contexts;
    try {
      const ImageFacts facts = image_facts(w->image, options_.dpi_override);
      w->reports = checker_.check_image(w->image.bgr, facts, options_.kind, analysers_.local(), draw ? &contexts : nullptr);
      for (PhotoReport& report : w->reports) report.input = w->item->path;
    } catch (const InputError& e) {  // sheet_layout_unclear
      fail(*w, e.code, w->item->path + ": " + e.what());
    } catch (const std::bad_alloc&) {
      fail(*w, "out_of_memory", w->item->path + ": analysis stopped: the system refused the memory it needs");
    } catch (const cv::Exception& e) {
      fail(*w, e.code == cv::Error::StsNoMem ? "out_of_memory" : "analysis_failed",
           w->item->path + ": analysis failed: " + e.what());
    } catch (const std::exception& e) {
      fail(*w, "analysis_failed", w->item->path + ": analysis failed: " + e.what());
    }
    if (!w->failed && draw)
      for (std::size_t i = 0; i < w->reports.size(); ++i)
        draw_measurements(*w, options_, contexts[i], w->reports[i]);
    w->image.bgr = cv::Mat();
    release(*w);
    return w;
  }

  // write: in input order, one input at a time; counted, then handed to the sink.
  void write(const Job& w) {
    for (auto& r : w->reports) {
      r.input_index = w->item->index.value_or(w->index);
      note_decoding(r, w->image);
      ++counts_.photos;
      if (r.status == PhotoStatus::pass) ++counts_.passed;
      if (passes_with_point_to_check(r)) ++counts_.passed_to_check;
      if (r.status == PhotoStatus::fail) ++counts_.failed;
      if (r.status == PhotoStatus::error) ++counts_.errors;
    }
    counts_.drawings_failed += w->drawing_failures.size();
    if (options_.on_drawing_failure)
      for (const auto& message : w->drawing_failures) options_.on_drawing_failure(message);
    sink_(w->index, w->reports);
  }

 private:
  void release(Work& w) {
    budget_.release(w.reserved);
    w.reserved = 0;
  }

  const std::vector<InputItem>& inputs_;
  const Checker& checker_;
  const PipelineOptions& options_;
  const ReportSink& sink_;
  MemoryBudget budget_;
  oneapi::tbb::enumerable_thread_specific<FaceAnalyser> analysers_;
  std::size_t next_ = 0;
  RunCounts counts_;
};

}  // namespace

RunCounts run_pipeline(const std::vector<InputItem>& inputs, const Checker& checker,
                       const PipelineOptions& options, const ReportSink& sink) {
  namespace flow = oneapi::tbb::flow;
  const RunThreads threads(options.jobs);
  // At most `in_flight` inputs between read and write, so memory does not grow with the batch.
  const std::size_t in_flight = options.max_in_flight ? options.max_in_flight : 2 * threads.jobs() + 2;
  PipelineRun run(inputs, checker, options, sink);

  // read → limit → decode → analyse → order (back to input order, whatever order the workers
  // finished in) → write, which hands the limit its token back.
  OrderedGraph<Job> graph(
      in_flight, [&](oneapi::tbb::flow_control& control) { return run.read(control); },
      [&](const Job& w) { run.write(w); });
  PipelineRun::DecodeNode decode(graph.graph, flow::unlimited,
                                 [&](Job w, PipelineRun::DecodeNode::output_ports_type&) { run.decode(w, decode); });
  flow::function_node<Job, Job> analyse(graph.graph, flow::unlimited, [&](Job w) { return run.analyse(w); });
  flow::make_edge(graph.limit, decode);
  flow::make_edge(flow::output_port<0>(decode), analyse);
  flow::make_edge(analyse, graph.order);
  graph.run();
  return run.counts();
}

}  // namespace conforme
