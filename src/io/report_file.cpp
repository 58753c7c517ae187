#include "io/report_file.hpp"

#include <algorithm>

namespace conforme {

nlohmann::json record_identity(const nlohmann::json& record) {
  nlohmann::json id = nlohmann::json::object();
  for (const char* key : {"profile", "version", "models"})
    id[key] = record.contains(key) ? record[key] : nlohmann::json(nullptr);
  // Records written before the run options were recorded have none: they match no run of today.
  if (record.contains("options")) id["options"] = record["options"];
  return id;
}

bool record_passes_with_point_to_check(const nlohmann::json& record) {
  if (record.value("status", "") != "pass" || !record.contains("checks") || !record["checks"].is_array()) return false;
  const auto& checks = record["checks"];
  return std::any_of(checks.begin(), checks.end(),
                     [](const nlohmann::json& c) { return c.is_object() && c.value("verdict", "") == "warn"; });
}

std::string describe_identity(const nlohmann::json& id) {
  auto text = [](const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  std::string s = "profile " + (id["profile"].is_object() ? text(id["profile"].value("name", nlohmann::json("?"))) +
                                                                " (sha256 " +
                                                                text(id["profile"].value("sha256", nlohmann::json("?"))) + ")"
                                                          : text(id["profile"]));
  s += ", version " + text(id["version"]);
  if (id["models"].is_array())
    for (const auto& m : id["models"])
      if (m.is_object()) s += ", model " + text(m.value("name", nlohmann::json("?"))) + " (sha256 " +
                              text(m.value("sha256", nlohmann::json("?"))) + ")";
  if (id.contains("options") && id["options"].is_object())
    s += ", --dpi " + (id["options"].value("dpi", nlohmann::json(nullptr)).is_null()
                           ? std::string("unset")
                           : text(id["options"]["dpi"])) +
         ", --kind " + text(id["options"].value("kind", nlohmann::json("?")));
  else
    s += ", no --dpi/--kind recorded";
  return s;
}

ReportReader::ReportReader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
  if (!in_) throw ReportFileError(path + ": cannot open the report");
}

std::optional<ReportRecord> ReportReader::next() {
  std::string line;
  if (!std::getline(in_, line)) return std::nullopt;
  if (in_.eof()) {  // no newline after it: cut short by a kill or a full disk
    partial_tail_ = true;
    return std::nullopt;
  }
  ReportRecord r;
  r.line_number = ++line_number_;
  offset_ += line.size() + 1;
  r.end_offset = offset_;
  const auto where = [&] { return path_ + " line " + std::to_string(r.line_number); };
  try {
    const nlohmann::json j = nlohmann::json::parse(line);
    if (!j.is_object() || !j.contains("input_index") || !j["input_index"].is_number_unsigned() ||
        !j.contains("input") || !j["input"].is_string() || !j.contains("status") || !j["status"].is_string())
      throw ReportFileError(where() + ": not a record of `conforme check` (no input, input_index or status)");
    r.input_index = j["input_index"].get<std::size_t>();
    r.photo_index = j.value("photo_index", 0LL);
    r.input = j["input"].get<std::string>();
    r.status = j["status"].get<std::string>();
    r.point_to_check = record_passes_with_point_to_check(j);
    r.identity = record_identity(j);
  } catch (const nlohmann::json::exception& e) {
    throw ReportFileError(where() + ": not a record of `conforme check` (" + e.what() + ")");
  }
  r.line = std::move(line);
  return r;
}

}  // namespace conforme
