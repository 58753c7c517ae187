#pragma once
// `conforme serve`: libconforme behind a local HTTP/1.1 service (Boost.Beast over Boost.Asio,
// both in Debian's libboost1.74-dev, which the project's Boost already is).
//
// Threads: one I/O thread runs every connection (accept, read, write; all asynchronous, so a
// slow client holds no thread), and `workers` analysis threads, each with its own FaceAnalyser,
// take checks from a bounded queue. A request that finds the queue full is answered 503 with
// Retry-After at once, never parked. SIGTERM (or SIGINT) drains: the listening socket closes
// (connections already waiting in it are taken first), readiness turns 503, every request
// already accepted is answered, then run() returns.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "io/decode.hpp"
#include "pipeline/checker.hpp"

namespace conforme::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;     // 0: any free port (see port_file)
  std::string port_file;          // when set, the bound port is written there once listening
  int workers = 0;                // analysis threads; 0 = hardware threads
  std::size_t queue = 0;          // checks waiting for a worker; 0 = 4 x workers
  std::size_t max_body = 32ull << 20;  // bytes of one request body (413 beyond)
  std::size_t max_files = 16;     // files in one multipart request
  std::size_t max_connections = 64;
  double timeout_seconds = 30;    // to receive a whole request, and to send a response
  std::string token;              // when set, /v1/* and /metrics need "Authorization: Bearer <token>"
  DecodeLimits limits;            // --max-pixels, --max-decode-memory (the CLI's decompression-bomb guard)
  std::uint64_t max_memory = 1024ull << 20;  // decoding memory the workers hold together (--max-memory)
  std::uint64_t max_upload_memory = 256ull << 20;  // request bodies received or waiting, together
  std::string default_profile = "fr-ants";
};

// Profiles by name, all checked with the same models; `default_profile` is one of them.
using Checkers = std::map<std::string, std::unique_ptr<Checker>>;

// Listens, serves until SIGTERM or SIGINT, drains, returns the number of requests answered.
// Throws std::runtime_error when the address cannot be bound (message names host and port).
std::uint64_t run_service(const ServeOptions& options, const Checkers& checkers);

// The OpenAPI document served at /openapi.yaml (docs/openapi.yaml, compiled in).
std::string_view openapi_yaml();

}  // namespace conforme::serve
