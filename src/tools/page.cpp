// conforme-page: the review page of a JSONL report written earlier — a merged sharded run
// (`conforme merge`), or a report kept from another machine — without checking the photos again.
// Records have no drawing (the page shows the failed checks, values, margins and the photos by
// their path); the review and the decision export work as on a page written by `check --html`.
//
//   conforme-page report.jsonl review.html [--lang en]
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "report/html.hpp"

using namespace conforme;

int main(int argc, char** argv) {
  std::string lang = "fr", in, out;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: conforme-page REPORT.jsonl PAGE.html [--lang fr|en]\n"
                   "Writes the review page of a JSONL report (no drawings: the photos are linked by path).\n";
      return 0;
    }
    if (arg == "--lang" && i + 1 < argc) lang = argv[++i];
    else if (in.empty()) in = arg;
    else if (out.empty()) out = arg;
    else {
      std::cerr << "conforme-page: unexpected argument " << arg << "\n";
      return 2;
    }
  }
  if (in.empty() || out.empty() || (lang != "fr" && lang != "en")) {
    std::cerr << "conforme-page: usage: conforme-page REPORT.jsonl PAGE.html [--lang fr|en]\n";
    return 2;
  }
  std::ifstream report(in);
  if (!report) {
    std::cerr << "conforme-page: " << in << ": cannot open\n";
    return 2;
  }
  std::ofstream page(out, std::ios::binary | std::ios::trunc);
  if (!page) {
    std::cerr << "conforme-page: " << out << ": cannot create\n";
    return 2;
  }
  std::string line;
  HtmlWriter writer(page, lang, out);
  bool begun = false;
  std::size_t number = 0;
  while (std::getline(report, line)) {
    ++number;
    if (line.empty()) continue;
    nlohmann::ordered_json record;
    try {
      record = nlohmann::ordered_json::parse(line);
    } catch (const std::exception& e) {
      std::cerr << "conforme-page: " << in << " line " << number << ": not a JSON record (" << e.what() << ")\n";
      return 2;
    }
    if (!begun) {  // the run's identity from its first record
      RunIdentity identity;
      identity.version = record.value("version", "");
      identity.profile_name = record.contains("profile") ? record["profile"].value("name", "") : "";
      writer.begin(identity);
      begun = true;
    }
    writer.write_record(record, record.value("input", ""), {});
  }
  if (!begun) writer.begin(RunIdentity{});
  writer.finish();
  page.close();
  if (!page) {
    std::cerr << "conforme-page: " << out << ": write failed\n";
    return 4;
  }
  return 0;
}
