#pragma once
// The review page: one self-contained HTML file for a batch, read from the disk by a browser (no
// server). Written as the records arrive (memory stays flat): each record is one compact JSON line
// in a data block; the page's script, at the end, lists them a page at a time, so a batch of
// 10,000 photos opens in well under 3 s. Thumbnails go to a folder beside the page when the
// page's path is known (`<page stem>_images/`), inside the page otherwise.
#include <array>
#include <cstddef>
#include <map>
#include <set>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/writers.hpp"

namespace conforme {

class HtmlWriter : public ReportWriter {
 public:
  // lang: "fr" or "en", the language shown first (the other is one click away; the reviewer's
  // choice is remembered by the browser). page_path: where `out` writes; thumbnails are written
  // beside it and the photos are linked relative to it. Empty or "-" (standard output):
  // thumbnails embedded in the page, photos linked by absolute path.
  HtmlWriter(std::ostream& out, std::string lang, std::string page_path = {});
  // Writes the page's head; the identity is shown at its top.
  void begin(const RunIdentity& identity) override;
  void write(const PhotoReport& report) override;
  // The same from a JSONL record (SPEC, Reports), with its drawing as JPEG bytes (or none):
  // rebuilds a page from a report file.
  void write_record(const nlohmann::ordered_json& record, const std::string& input_bytes,
                    const std::vector<unsigned char>& thumbnail_jpeg);
  // Writes the counts (of the records the page holds), the references, the page's script and
  // the closing tags.
  void finish(const RunCounts& counts = {}) override;

  // The folder the thumbnails go to for a page at `page_path`: "dir/review.html" -> "dir/review_images".
  static std::string images_dir(const std::string& page_path);

 private:
  std::string thumbnail_src(const nlohmann::ordered_json& record, const std::vector<unsigned char>& jpeg);
  std::string photo_href(const std::string& input_bytes) const;

  std::ostream& out_;
  RunIdentity identity_;
  nlohmann::ordered_json identity_json_;  // identity_json(identity_), made once for every record
  std::string lang_;
  std::string page_path_, images_dir_;
  bool images_dir_made_ = false;
  std::array<std::size_t, 3> by_status_{};  // pass, fail, error
  std::size_t passed_to_check_ = 0;          // passes with a point to check
  std::map<std::string, std::size_t> failed_by_check_;
  std::map<std::string, std::size_t> warned_by_check_;  // photos where the check asks for a review
  std::set<std::string> checks_seen_;  // for the page's table of check titles
  static std::size_t intern(std::map<std::string, std::size_t>& table, const std::string& text);
  nlohmann::ordered_json shared_start(const std::string& key, const std::string& text);

  std::map<std::string, std::size_t> references_;  // reference text -> its index in the page's table
  std::map<std::string, std::size_t> limits_;      // [min, max, warn_min, warn_max] as JSON -> index
  std::map<std::string, std::size_t> template_index_;  // check, language, verdict -> its template
  std::vector<std::string> templates_;
};

std::string html_escape(const std::string& s);
std::string base64(const std::vector<unsigned char>& bytes);
// Bytes outside A-Z a-z 0-9 - . _ ~ / as %XX: a path as a URL path.
std::string url_path(const std::string& bytes);

}  // namespace conforme
