#pragma once
// One request's images through the library: the same steps, limits and error codes as
// `conforme check` (pipeline/pipeline.cpp), on bytes instead of files.
#include <cstdint>
#include <vector>

#include "face/models.hpp"
#include "io/decode.hpp"
#include "io/memory_budget.hpp"
#include "pipeline/checker.hpp"
#include "serve/answer.hpp"
#include "serve/request.hpp"
#include "serve/worker_pool.hpp"

namespace conforme::serve {

class CheckImages {
 public:
  // max_memory: decoding memory the workers hold together (--max-memory).
  CheckImages(const DecodeLimits& limits, std::uint64_t max_memory) : limits_(limits), budget_(max_memory) {}

  // Checks every upload of `job` with `analyser` (the calling worker's) and writes the records
  // in the job's format; an upload that cannot be processed gets its error record, and the
  // answer the first such record's status.
  Answer operator()(Job& job, FaceAnalyser& analyser);

 private:
  std::vector<PhotoReport> check_one(const Checker& checker, const Upload& upload, const CheckQuery& q,
                                     InputKindOption kind, FaceAnalyser& analyser);

  const DecodeLimits limits_;
  MemoryBudget budget_;
};

}  // namespace conforme::serve
