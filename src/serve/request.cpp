#include "serve/request.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <set>

namespace conforme::serve {
namespace {

RequestError bad_option(const std::string& message) { return RequestError(400, "bad_option", message); }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded: %XX and '+' for a space.
std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      const int hi = i + 2 < s.size() ? hex_digit(s[i + 1]) : -1;
      const int lo = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) throw bad_option("query: bad percent-encoding in '" + std::string(s) + "'");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of `key` among "; key=value" or "; key=\"value\"" parameters of a header; nullopt if absent.
std::optional<std::string> header_parameter(std::string_view header, std::string_view key) {
  std::size_t pos = header.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = trim(header.substr(pos + 1));
    const std::size_t eq = rest.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string name = lower(trim(rest.substr(0, eq)));
    rest = trim(rest.substr(eq + 1));
    std::string value;
    std::size_t consumed = 0;
    if (!rest.empty() && rest.front() == '"') {
      std::size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        value += rest[i];
      }
      consumed = i + 1;
    } else {
      consumed = std::min(rest.find(';'), rest.size());
      value = std::string(trim(rest.substr(0, consumed)));
    }
    if (name == key) return value;
    const std::size_t next = rest.find(';', std::min(consumed, rest.size()));
    if (next == std::string_view::npos) return std::nullopt;
    pos = static_cast<std::size_t>(rest.data() + next - header.data());
  }
  return std::nullopt;
}

}  // namespace

std::string_view target_path(std::string_view target) { return target.substr(0, target.find('?')); }

CheckQuery parse_check_query(std::string_view target) {
  CheckQuery q;
  const std::size_t mark = target.find('?');
  if (mark == std::string_view::npos) return q;
  std::string_view query = target.substr(mark + 1);
  std::set<std::string> seen;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string key = percent_decode(pair.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
    if (!seen.insert(key).second) throw bad_option("query option '" + key + "' is given twice");
    if (key == "profile") {
      q.profile = value;
    } else if (key == "kind") {
      if (value != "auto" && value != "photo" && value != "sheet")
        throw bad_option("kind must be auto, photo or sheet, not '" + value + "'");
      q.kind = value;
    } else if (key == "dpi") {
      double dpi = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), dpi);
      if (ec != std::errc() || end != value.data() + value.size() || !(dpi >= 10 && dpi <= 10000))
        throw bad_option("dpi must be a number between 10 and 10000, not '" + value + "'");
      q.dpi = dpi;
    } else if (key == "lang") {
      if (value != "en" && value != "fr") throw bad_option("lang must be en or fr, not '" + value + "'");
      q.lang = value;
    } else if (key == "format") {
      if (value != "jsonl" && value != "json" && value != "human")
        throw bad_option("format must be jsonl, json or human, not '" + value + "'");
      q.format = value;
    } else if (key == "name") {
      q.name = value;
    } else {
      throw bad_option("unknown query option '" + key + "' (known: profile, kind, dpi, lang, format, name)");
    }
  }
  return q;
}

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type != "multipart/form-data") return std::nullopt;
  auto boundary = header_parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70)
    throw RequestError(400, "bad_multipart", "multipart/form-data without a boundary of 1 to 70 characters");
  return boundary;
}

std::vector<Upload> parse_multipart(const std::vector<std::uint8_t>& body, const std::string& boundary,
                                    std::size_t max_files) {
  auto bad = [](const std::string& message) { return RequestError(400, "bad_multipart", "multipart body: " + message); };
  const std::string delimiter = "--" + boundary;
  const std::string separator = "\r\n" + delimiter;
  const auto begin = body.begin(), end = body.end();
  auto find = [&](auto from, const std::string& what) {
    return std::search(from, end, std::boyer_moore_horspool_searcher(what.begin(), what.end()));
  };
  auto at = find(begin, delimiter);
  if (at == end) throw bad("no boundary '" + delimiter + "' in the body");
  at += static_cast<std::ptrdiff_t>(delimiter.size());
  std::vector<Upload> uploads;
  for (;;) {
    if (end - at >= 2 && at[0] == '-' && at[1] == '-') break;  // the closing delimiter
    while (at != end && (*at == ' ' || *at == '\t')) ++at;      // transport padding
    if (end - at < 2 || at[0] != '\r' || at[1] != '\n') throw bad("a boundary is not followed by a line break");
    at += 2;
    const std::string blank = "\r\n\r\n";
    auto headers_end = find(at, blank);
    // A part with no header lines at all starts with its blank line.
    if (end - at >= 2 && at[0] == '\r' && at[1] == '\n') headers_end = at - 2;
    if (headers_end == end) throw bad("part " + std::to_string(uploads.size() + 1) + " has no end to its headers");
    const std::string headers(at, std::max(at, headers_end));
    const auto data = headers_end + 4;
    const auto data_end = find(data, separator);
    if (data_end == end) throw bad("it ends before its closing boundary (upload cut short?)");
    std::optional<std::string> filename, field;
    std::size_t line_start = 0;
    while (line_start < headers.size()) {
      std::size_t line_end = headers.find("\r\n", line_start);
      if (line_end == std::string::npos) line_end = headers.size();
      const std::string_view line(headers.data() + line_start, line_end - line_start);
      const std::size_t colon = line.find(':');
      if (colon != std::string_view::npos && lower(trim(line.substr(0, colon))) == "content-disposition") {
        filename = header_parameter(line.substr(colon + 1), "filename");
        field = header_parameter(line.substr(colon + 1), "name");
      }
      line_start = line_end + 2;
    }
    if (!filename)
      throw bad("part " + std::to_string(uploads.size() + 1) + (field ? " ('" + *field + "')" : std::string()) +
                " is not a file: send images as files (curl -F photo=@a.jpg) and options in the query");
    if (uploads.size() == max_files)
      throw RequestError(413, "too_many_files", "multipart body holds more than " + std::to_string(max_files) +
                                                    " files: send them in several requests");
    uploads.push_back({filename->empty() ? "upload" : *filename, std::vector<std::uint8_t>(data, data_end)});
    at = data_end + static_cast<std::ptrdiff_t>(separator.size());
  }
  if (uploads.empty()) throw bad("no file in it");
  return uploads;
}

int status_for_error_code(const std::string& code) {
  if (code == "too_large") return 413;
  if (code == "out_of_memory") return 503;
  if (code == "analysis_failed") return 500;
  return 422;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // the length is no secret worth hiding
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace conforme::serve
