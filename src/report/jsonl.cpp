#include "report/writers.hpp"

#include <utility>

#include "io/inputs.hpp"
#include "profile/wording.hpp"

namespace conforme {

nlohmann::ordered_json identity_json(const RunIdentity& id) {
  using json = nlohmann::ordered_json;
  json j;
  j["profile"] = {{"name", id.profile_name}, {"sha256", id.profile_sha256}};
  j["version"] = id.version;
  json models = json::array();
  for (const auto& m : id.models) models.push_back({{"name", m.name}, {"sha256", m.sha256}});
  j["models"] = models;
  j["options"] = {{"dpi", id.dpi_override ? json(*id.dpi_override) : json(nullptr)}, {"kind", id.kind}};
  return j;
}

nlohmann::ordered_json to_json(const PhotoReport& r, const RunIdentity& id) { return to_json(r, identity_json(id)); }

nlohmann::ordered_json to_json(const PhotoReport& r, const nlohmann::ordered_json& identity) {
  using json = nlohmann::ordered_json;
  json j;
  // Paths and messages naming them may hold bytes that are not UTF-8 (Latin-1 file names):
  // written as \xNN so the line stays valid UTF-8 (io/inputs.hpp).
  j["input"] = printable_path(r.input);
  j["input_index"] = r.input_index;  // merging shard reports puts records back in this order
  j["photo_index"] = r.photo_index;
  j["box"] = r.box ? json::array({r.box->x, r.box->y, r.box->width, r.box->height}) : json(nullptr);
  if (r.measured_on) j["measured_on"] = *r.measured_on;  // an identical copy on a planche
  j["status"] = to_string(r.status);
  if (r.status == PhotoStatus::error) {
    // The code, the problem in a few words a desk can quote in French or English, and the
    // message naming the file and the detail (English, as the libraries word it).
    j["error"] = {{"code", r.error_code},
                  {"title", {{"fr", error_title(r.error_code, true)}, {"en", error_title(r.error_code, false)}}},
                  {"message", printable_path(r.error_message)}};
  } else {
    j["width"] = r.width;
    j["height"] = r.height;
    j["dpi"] = r.dpi ? json(*r.dpi) : json(nullptr);
    json failed = json::array();
    for (const auto& c : r.checks)
      if (c.verdict == Verdict::fail) failed.push_back(c.id);
    j["failed"] = std::move(failed);
  }
  // A planche whose layout could not be decided, judged as the photo of its one face.
  if (r.unclear_layout)
    j["read_as_one_photo"] = {{"fr", read_as_one_photo(*r.unclear_layout, true)},
                              {"en", read_as_one_photo(*r.unclear_layout, false)}};
  // What the image decoder said about this file (damaged but decodable data).
  if (!r.warnings.empty()) j["warnings"] = r.warnings;
  // The file's own colour profile, which its pixels were converted from to sRGB before measuring.
  if (!r.colour_profile.empty()) j["converted_to_srgb_from"] = r.colour_profile;
  for (const auto& [key, value] : identity.items()) j[key] = value;
  if (r.status == PhotoStatus::error) return j;

  json checks = json::array();
  for (const auto& c : r.checks) {
    json check;
    check["id"] = c.id;
    check["verdict"] = to_string(c.verdict);
    json values = json::object();
    for (const auto& v : c.measurement.values) values[v.name] = {{"value", v.value}, {"unit", v.unit}};
    check["values"] = std::move(values);
    json limits = json::object();
    for (const auto& l : c.limits) {
      json lj = json::object();
      if (l.limit.min) lj["min"] = *l.limit.min;
      if (l.limit.max) lj["max"] = *l.limit.max;
      if (l.limit.warn_min) lj["warn_min"] = *l.limit.warn_min;
      if (l.limit.warn_max) lj["warn_max"] = *l.limit.warn_max;
      limits[l.value_name] = std::move(lj);
    }
    check["limits"] = std::move(limits);
    if (!c.measurement.measured()) check["reason"] = c.measurement.not_measured_reason;
    // The requirement alone and the measured explanation alone (issue 20), then both together.
    check["requirement"] = {{"fr", c.requirement_fr}, {"en", c.requirement_en}};
    check["explanation"] = {{"fr", c.explanation_fr}, {"en", c.explanation_en}};
    check["message"] = {{"fr", c.message_fr}, {"en", c.message_en}};
    check["reference"] = c.reference;
    checks.push_back(std::move(check));
  }
  j["checks"] = std::move(checks);
  return j;
}

std::string json_line(const nlohmann::ordered_json& record) {
  std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // U+2028 and U+2029 are valid raw in JSON, but line-splitting readers (Python's splitlines,
  // JavaScript before ES2019) break a record there: written as \u escapes. Their UTF-8 bytes
  // can only occur inside strings, where the escape means the same character.
  for (const auto& [raw, escaped] : {std::pair{"\xE2\x80\xA8", "\\u2028"}, std::pair{"\xE2\x80\xA9", "\\u2029"}})
    for (std::size_t at = line.find(raw); at != std::string::npos; at = line.find(raw, at + 6))
      line.replace(at, 3, escaped);
  return line + "\n";
}

void JsonlWriter::write(const PhotoReport& report) {
  // One write call per record: the line reaches the file whole or not at all.
  const std::string line = json_line(to_json(report, identity_));
  out_.write(line.data(), static_cast<std::streamsize>(line.size()));
  out_.flush();
}

}  // namespace conforme
