#include "serve/check_images.hpp"

#include <algorithm>
#include <future>
#include <iterator>
#include <new>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "io/input_error.hpp"
#include "report/human.hpp"
#include "report/writers.hpp"

namespace conforme::serve {

Answer CheckImages::operator()(Job& job, FaceAnalyser& analyser) {
  const Checker& checker = *job.checker;
  const CheckQuery& q = job.query;
  const InputKindOption kind = q.kind == "photo"   ? InputKindOption::photo
                               : q.kind == "sheet" ? InputKindOption::sheet
                                                   : InputKindOption::automatic;
  std::vector<PhotoReport> reports;
  for (std::size_t i = 0; i < job.uploads.size(); ++i) {
    std::vector<PhotoReport> of_input = check_one(checker, job.uploads[i], q, kind, analyser);
    for (PhotoReport& r : of_input) {
      r.input = job.uploads[i].name;
      r.input_index = i;
    }
    job.uploads[i].bytes = {};
    reports.insert(reports.end(), std::make_move_iterator(of_input.begin()), std::make_move_iterator(of_input.end()));
  }
  RunIdentity identity = checker.identity();
  identity.dpi_override = q.dpi;
  identity.kind = q.kind;
  Answer a;
  for (const PhotoReport& r : reports) {
    a.photos.push_back(r.status);
    if (r.status == PhotoStatus::error) {
      a.error_codes.push_back(r.error_code);
      if (a.status == 200) a.status = status_for_error_code(r.error_code);
    }
  }
  if (q.format == "human") {
    a.content_type = "text/plain; charset=utf-8";
    for (const PhotoReport& r : reports) a.body += human_verdict(r, q.lang == "fr");
  } else if (q.format == "json") {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const PhotoReport& r : reports) array.push_back(to_json(r, identity));
    a.body = json_line(array);
  } else {
    a.content_type = "application/x-ndjson";
    for (const PhotoReport& r : reports) a.body += json_line(to_json(r, identity));
  }
  const bool any_error = std::count(a.photos.begin(), a.photos.end(), PhotoStatus::error) > 0;
  const bool any_fail = std::count(a.photos.begin(), a.photos.end(), PhotoStatus::fail) > 0;
  a.headers.emplace_back("Conforme-Status", any_error ? "error" : any_fail ? "fail" : "pass");
  return a;
}

std::vector<PhotoReport> CheckImages::check_one(const Checker& checker, const Upload& upload, const CheckQuery& q,
                                                InputKindOption kind, FaceAnalyser& analyser) {
  const std::string& name = upload.name;
  std::uint64_t reserved = 0;
  struct Release {
    MemoryBudget& budget;
    std::uint64_t& bytes;
    ~Release() { budget.release(bytes); }
  } release{budget_, reserved};
  try {
    if (upload.bytes.empty()) throw InputError("empty_file", name + ": empty file");
    const DecodePlan plan = plan_decode(upload.bytes, name, limits_);
    // The workers' decoding memory together stays under --max-memory: one that does not fit
    // waits for the others to free theirs (one alone always proceeds).
    std::promise<void> admitted;
    if (!budget_.reserve_or_park(plan.decode_bytes, [&admitted] { admitted.set_value(); }))
      admitted.get_future().wait();
    reserved = plan.decode_bytes;
    DecodedImage image = decode_planned(upload.bytes, plan, name, limits_);
    const ImageFacts facts = image_facts(image, q.dpi);
    std::vector<PhotoReport> reports = checker.check_image(image.bgr, facts, kind, analyser);
    for (PhotoReport& r : reports) note_decoding(r, image);
    return reports;
  } catch (const InputError& e) {
    const std::string message = e.code == "sheet_layout_unclear" ? name + ": " + e.what() : e.what();
    return {error_report(name, e.code, message)};
  } catch (const std::bad_alloc&) {
    return {error_report(name, "out_of_memory", name + ": stopped: the system refused the memory it needs")};
  } catch (const cv::Exception& e) {
    return {error_report(name, e.code == cv::Error::StsNoMem ? "out_of_memory" : "analysis_failed",
                         name + ": analysis failed: " + e.what())};
  } catch (const std::exception& e) {
    return {error_report(name, "analysis_failed", name + ": analysis failed: " + e.what())};
  }
}

}  // namespace conforme::serve
