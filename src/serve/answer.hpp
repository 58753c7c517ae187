#pragma once
// What `conforme serve` answers one request with, before it becomes an HTTP response.
#include <string>
#include <utility>
#include <vector>

#include "core/report.hpp"
#include "pipeline/checker.hpp"
#include "report/writers.hpp"

namespace conforme::serve {

// What one request is answered with.
struct Answer {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Retry-After, WWW-Authenticate, ...
  std::vector<PhotoStatus> photos;                           // the statuses of the records in the body
  std::vector<std::string> error_codes;                      // of the error records in the body
};

// A request refused as a whole, as the one record clients already parse: status "error",
// error.code, error.message, the profile and program identity.
inline Answer error_answer(int status, const std::string& code, const std::string& message,
                           const RunIdentity& identity, const std::string& input = "") {
  Answer a;
  a.status = status;
  a.body = json_line(to_json(error_report(input, code, message), identity));
  a.error_codes = {code};
  return a;
}

}  // namespace conforme::serve
