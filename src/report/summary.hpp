#pragma once
// The one-screen summary printed after a batch.
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/report.hpp"
#include "pipeline/pipeline.hpp"

namespace conforme {

class Summary {
 public:
  void add(const PhotoReport& report);
  // lang: "fr" or "en". seconds: wall time of the run.
  void print(std::ostream& out, const RunCounts& counts, double seconds, const std::string& lang) const;

 private:
  std::map<std::string, std::size_t> failed_by_check_;
  std::map<std::string, std::size_t> errors_by_code_;
  std::vector<std::string> first_errors_;
};

}  // namespace conforme
