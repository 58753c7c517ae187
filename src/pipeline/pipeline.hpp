#pragma once
// The batch pipeline: a oneTBB flow graph that checks many inputs in parallel with bounded
// memory and hands the reports to the writers in input order.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/report.hpp"
#include "core/run.hpp"
#include "io/decode.hpp"
#include "io/inputs.hpp"
#include "pipeline/checker.hpp"

namespace conforme {

struct PipelineOptions {
  int jobs = 0;                        // worker threads; 0 = all cores
  std::optional<double> dpi_override;  // --dpi
  std::size_t max_in_flight = 0;       // inputs between reading and writing; 0 = 2 x jobs + 2
  DecodeLimits limits;                 // file size and declared pixels refused before decoding (--max-pixels)
  // Decoding memory (decode_bytes plus the file's bytes) the inputs in flight hold together
  // (--max-memory): an input that does not fit waits for those ahead of it; one alone is always
  // admitted, so the peak is this or the largest single image, whichever is more.
  std::uint64_t max_memory = 1024ull << 20;
  // Called with an input's codec warnings (damaged but decodable data), from any worker thread;
  // unset: they are dropped.
  std::function<void(const std::string& input, const std::vector<std::string>& warnings)> on_codec_warnings;
  InputKindOption kind = InputKindOption::automatic;  // --kind
  bool thumbnails = false;             // fill PhotoReport::thumbnail_jpeg of photos that did not pass
  bool drawings = false;               // fill PhotoReport::drawing_jpeg of every photo (--annotate)
  bool drawing_french = true;          // the drawings' panel in French (false: English)
  // Called (in input order, one call at a time) for each drawing that could not be made
  // (--annotate, thumbnails), with a message naming the file and why. A drawing never changes a
  // photo's report: the photo is judged the same with or without it.
  std::function<void(const std::string& message)> on_drawing_failure;
};

// Called once per input, in input order, on one thread at a time, with that input's reports.
// input_index is the input's position in `inputs`; each report's own input_index is the item's
// index (its place in the full list, before --shard and --resume), or that position when unset.
using ReportSink = std::function<void(std::size_t input_index, const std::vector<PhotoReport>& reports)>;

// Runs every input through read → decode → analyse → judge → order → sink.
// ensures: the sink sees each input exactly once, in order, whatever the thread count.
RunCounts run_pipeline(const std::vector<InputItem>& inputs, const Checker& checker,
                       const PipelineOptions& options, const ReportSink& sink);

}  // namespace conforme
