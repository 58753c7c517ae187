#pragma once
// The counters of `conforme serve`, in Prometheus text format 0.0.4 (GET /metrics).
#include <cstdint>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "serve/answer.hpp"

namespace conforme::serve {

constexpr double latency_buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

class Metrics {
 public:
  void request(const std::string& route, int status, double seconds) {
    const std::lock_guard lock(mutex_);
    ++requests_[{route, status}];
    Histogram& h = latency_[route];
    for (std::size_t i = 0; i < std::size(latency_buckets); ++i)
      if (seconds <= latency_buckets[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
  }
  void answered(const Answer& a) {
    const std::lock_guard lock(mutex_);
    for (PhotoStatus s : a.photos) ++photos_[s == PhotoStatus::pass ? "pass" : s == PhotoStatus::fail ? "fail" : "error"];
    for (const auto& code : a.error_codes) ++errors_[code];
  }
  std::string text(const std::vector<std::pair<std::string, double>>& gauges) const {
    const std::lock_guard lock(mutex_);
    std::ostringstream out;
    out << "# HELP conforme_http_requests_total HTTP requests answered, by route and status code.\n"
           "# TYPE conforme_http_requests_total counter\n";
    for (const auto& [key, n] : requests_)
      out << "conforme_http_requests_total{route=\"" << key.first << "\",code=\"" << key.second << "\"} " << n << "\n";
    out << "# HELP conforme_http_request_duration_seconds Time from a request's first byte to its response, by route.\n"
           "# TYPE conforme_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      for (std::size_t i = 0; i < std::size(latency_buckets); ++i)
        out << "conforme_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << latency_buckets[i]
            << "\"} " << h.buckets[i] << "\n";
      out << "conforme_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << h.count << "\n"
          << "conforme_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n"
          << "conforme_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
    }
    out << "# HELP conforme_photos_total Photo records answered, by status (pass, fail, error).\n"
           "# TYPE conforme_photos_total counter\n";
    for (const char* s : {"pass", "fail", "error"}) {
      const auto it = photos_.find(s);
      out << "conforme_photos_total{status=\"" << s << "\"} " << (it == photos_.end() ? 0 : it->second) << "\n";
    }
    out << "# HELP conforme_errors_total Error records and refused requests, by error code.\n"
           "# TYPE conforme_errors_total counter\n";
    for (const auto& [code, n] : errors_) out << "conforme_errors_total{code=\"" << code << "\"} " << n << "\n";
    for (const auto& [name, value] : gauges) out << "# TYPE " << name << " gauge\n" << name << " " << value << "\n";
    return out.str();
  }

 private:
  struct Histogram {
    std::uint64_t buckets[std::size(latency_buckets)] = {};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, std::uint64_t> photos_, errors_;
};

}  // namespace conforme::serve
