#pragma once
// The short verdict a person reads in a terminal (`conforme check photo.jpg`, issue 20): one
// line per photo, then one line per check that failed or warned, in words, quotable as it
// stands; the full JSONL record stays one `--format jsonl` away.
#include <ostream>
#include <string>

#include "report/writers.hpp"

namespace conforme {

// The lines for one photo, each ending in a newline. french: the messages' language.
std::string human_verdict(const PhotoReport& report, bool french);

class HumanWriter : public ReportWriter {
 public:
  HumanWriter(std::ostream& out, bool french) : out_(out), french_(french) {}
  void write(const PhotoReport& report) override;

 private:
  std::ostream& out_;
  bool french_;
};

}  // namespace conforme
