#pragma once
// The review page: one self-contained HTML file for a batch. Written as the records arrive
// (memory stays flat); the filters' script and the counts come with the closing part.
#include <array>
#include <cstddef>
#include <map>
#include <ostream>
#include <string>

#include "report/writers.hpp"

namespace conforme {

class HtmlWriter : public ReportWriter {
 public:
  // lang: "fr" or "en", the language shown first (the other is one click away).
  HtmlWriter(std::ostream& out, RunIdentity identity, std::string lang);
  void write(const PhotoReport& report) override;
  // Writes the counts, the filter script and the closing tags.
  void finish();

 private:
  std::ostream& out_;
  RunIdentity identity_;
  std::string lang_;
  std::array<std::size_t, 3> by_status_{};  // pass, fail, error
  std::map<std::string, std::size_t> failed_by_check_;
};

std::string html_escape(const std::string& s);
std::string base64(const std::vector<unsigned char>& bytes);

}  // namespace conforme
