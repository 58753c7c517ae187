#pragma once
// --annotate: each photo's drawing (report/annotate.hpp) written to a directory as
// <input index>_<file stem>[_copy<n>].jpg, one file per photo, by a writer with the lifecycle of
// the others (report/writers.hpp). The pipeline draws and encodes each photo on its worker
// (PipelineOptions::drawings fills PhotoReport::drawing_jpeg); this writer only names and writes
// the files, in input order.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "report/writers.hpp"

namespace conforme {

class AnnotationsWriter : public ReportWriter {
 public:
  // dir: an existing directory. on_failure: called with a message naming the file and why, for
  // each drawing that cannot be written (a drawing never changes a report).
  AnnotationsWriter(std::string dir, std::function<void(const std::string& message)> on_failure);
  // A record without a drawing (an error record, a photo that could not be drawn) writes no file.
  // The drawings of one input are written when the next input's first record, or finish, comes:
  // the copies of a planche are told apart by `_copy<n>` only when the input has several.
  void write(const PhotoReport& report) override;
  void finish(const RunCounts& counts = {}) override;

  // Drawings that could not be written so far.
  std::size_t failures() const { return failures_; }

  // <dir>/<input index>_<file stem>[_copy<copy>].jpg (copy < 0: none); the index keeps names
  // unique and sorted; a stem too long for one file name is cut at a UTF-8 character boundary.
  static std::filesystem::path file_path(const std::string& dir, std::size_t input_index, const std::string& input,
                                         int copy);

 private:
  struct Pending {
    std::string input;
    std::vector<unsigned char> jpeg;
  };
  void flush();

  std::string dir_;
  std::function<void(const std::string&)> on_failure_;
  std::size_t input_index_ = 0;
  std::vector<Pending> pending_;  // the current input's records, in order
  std::size_t failures_ = 0;
};

}  // namespace conforme
