#pragma once
// The one-screen summary printed after a batch.
#include <chrono>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/report.hpp"
#include "core/run.hpp"
#include "report/writers.hpp"

namespace conforme {

class Summary {
 public:
  void add(const PhotoReport& report);
  // lang: "fr" or "en". seconds: wall time of the run.
  void print(std::ostream& out, const RunCounts& counts, double seconds, const std::string& lang) const;

 private:
  std::map<std::string, std::size_t> failed_by_check_;
  // The points to check ("à vérifier": a warning) of the passing photos, by check: what a person
  // still has to look at (how many photos: RunCounts::passed_to_check).
  std::map<std::string, std::size_t> to_check_by_check_;
  std::map<std::string, std::size_t> errors_by_code_;
  std::vector<std::string> first_errors_;
};

// The summary as a writer: the clock starts at begin, the summary is printed at finish.
class SummaryWriter : public ReportWriter {
 public:
  SummaryWriter(std::ostream& out, std::string lang) : out_(out), lang_(std::move(lang)) {}
  void begin(const RunIdentity&) override { start_ = std::chrono::steady_clock::now(); }
  void write(const PhotoReport& report) override { summary_.add(report); }
  void finish(const RunCounts& counts) override {
    summary_.print(out_, counts, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(), lang_);
  }

 private:
  std::ostream& out_;
  std::string lang_;
  Summary summary_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace conforme
