#pragma once
// The parts of `conforme serve` that read a request without touching the network: the query
// options of POST /v1/check, a multipart/form-data body split into its files, and the HTTP status
// that answers each error code. Pure functions, so the unit tests reach them directly.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace conforme::serve {

// A request the service refuses before any image is looked at; code is the error record's
// error_code (the CLI's codes where one applies: too_large, truncated, empty_file).
struct RequestError : std::runtime_error {
  RequestError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status(status), code(std::move(code)) {}
  int status;
  std::string code;
};

// The query of POST /v1/check: ?profile=fr-ants&kind=sheet&dpi=300&lang=fr&format=json&name=a.jpg
struct CheckQuery {
  std::string profile;             // empty: the service's --profile
  std::string kind = "auto";       // auto, photo or sheet
  std::optional<double> dpi;       // overrides the file's own, 10 to 10000
  std::string lang = "en";         // en or fr: the language of format=human
  std::string format = "jsonl";    // jsonl (one record a line), json (an array), human (verdicts)
  std::string name;                // the records' `input` for a raw body; empty: "upload"
};

// Splits "/v1/check?x=y" into path and query; percent-decodes the query's keys and values.
// Throws RequestError 400 bad_option naming an unknown key, a repeated one or a bad value.
std::string_view target_path(std::string_view target);
CheckQuery parse_check_query(std::string_view target);

// One file of a request: its name (the multipart filename, or the query's name) and bytes.
struct Upload {
  std::string name;
  std::vector<std::uint8_t> bytes;
};

// The boundary of a "multipart/form-data; boundary=..." Content-Type; nullopt for any other type.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// The files of a multipart/form-data body (RFC 7578), in order. Every part must be a file
// (Content-Disposition with a filename); options go in the query. Throws RequestError 400
// bad_multipart naming what is wrong (no closing boundary, a part without a file name, ...),
// and 413 too_many_files beyond max_files.
std::vector<Upload> parse_multipart(const std::vector<std::uint8_t>& body, const std::string& boundary,
                                    std::size_t max_files);

// The HTTP status for an input's error record: too_large 413; out_of_memory 503;
// analysis_failed 500; the other codes (not_an_image, truncated, corrupt, ...) 422.
int status_for_error_code(const std::string& code);

// A string compared in a time that does not depend on where it first differs (the bearer token).
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace conforme::serve
