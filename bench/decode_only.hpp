#pragma once
// The reference every throughput number is divided by (SPEC, Speed): the pipeline's own graph
// with the analysis taken out, so the ratio prices exactly what checking adds to decoding.
#include <cstddef>
#include <vector>

#include "io/inputs.hpp"

namespace conforme::bench {

// Which decoder the pass calls: the library's decode_image, as the pipeline does (libjpeg-turbo
// straight to BGR for JPEGs), or OpenCV's cv::imdecode (IMREAD_COLOR), the yardstick of the first
// three rounds of measurements, for comparison with them.
enum class Decoder { library, opencv };

// Reads and decodes every input through read → limit → decode → order → count, with `jobs`
// worker threads and the pipeline's default in-flight bound. Returns the images decoded.
std::size_t run_decode_only(const std::vector<InputItem>& inputs, int jobs, Decoder decoder = Decoder::library);

}  // namespace conforme::bench
