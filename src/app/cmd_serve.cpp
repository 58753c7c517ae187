// `conforme serve`: the options of the HTTP service (src/serve/ runs it).
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>

#include "app/cli.hpp"
#include "app/option_hint.hpp"
#include "app/parse_options.hpp"
#include "serve/server.hpp"
#include "pipeline/pipeline.hpp"
#include "profile/profile.hpp"

namespace po = boost::program_options;

namespace conforme::cli {

int cmd_serve(const std::vector<std::string>& args) {
  const serve::ServeOptions defaults;
  po::options_description opts(
      "Usage: conforme serve [options]\n"
      "\n"
      "Serves the checks over HTTP/1.1: models and profiles loaded once, a pool of analysis workers\n"
      "behind a bounded queue. POST an image (or a planche, or a multipart form of several files) to\n"
      "/v1/check; the answer holds the same JSON records as `conforme check`, one line per photo\n"
      "(a planche gives one per copy):\n"
      "\n"
      "  curl --data-binary @photo.jpg 'http://127.0.0.1:8080/v1/check?profile=fr-ants'\n"
      "\n"
      "Endpoints: POST /v1/check (query: profile, kind, dpi, lang, format=jsonl|json|human, name);\n"
      "GET /v1/profiles, /v1/checks, /healthz, /readyz, /metrics (Prometheus), /openapi.yaml.\n"
      "\n"
      "Options");
  opts.add_options()
      ("help,h", "show this help")
      ("host", po::value<std::string>()->default_value(defaults.host), "address or name to listen on (0.0.0.0: every interface, e.g. in a container)")
      ("port", po::value<int>()->default_value(defaults.port), "TCP port (0: any free port, see --port-file)")
      ("port-file", po::value<std::string>(), "write the bound port to FILE once listening (for --port 0)")
      ("workers", po::value<int>()->default_value(0), "analysis threads, each with its own face analyser (0 = hardware threads)")
      ("queue", po::value<int>()->default_value(0), "checks that may wait for a worker; beyond, 503 with Retry-After (0 = 4 x workers)")
      ("profile,p", po::value<std::string>()->default_value(defaults.default_profile), "default profile, name or TOML file; every installed profile can be chosen per request (?profile=)")
      ("models", po::value<std::string>()->default_value(""), "directory holding shape_predictor_68_face_landmarks.dat (default /usr/share/dlib)")
      ("token", po::value<std::string>(), "require 'Authorization: Bearer TOKEN' on /v1/* and /metrics (401 otherwise); default: $CONFORME_TOKEN, none when unset")
      ("max-body", po::value<long long>()->default_value(static_cast<long long>(defaults.max_body >> 20)), "MiB of one request body; larger is refused (413) before it is read")
      ("max-files", po::value<int>()->default_value(static_cast<int>(defaults.max_files)), "files in one multipart request (413 beyond)")
      ("max-connections", po::value<int>()->default_value(static_cast<int>(defaults.max_connections)), "open connections; one more is answered 503 with Retry-After")
      ("timeout", po::value<double>()->default_value(defaults.timeout_seconds), "seconds a client may take to send a whole request (408 after) or to read the answer, and an idle keep-alive connection stays open")
      ("max-pixels", po::value<long long>()->default_value(static_cast<long long>(DecodeLimits{}.max_pixels)), "refuse images whose header declares more pixels than this, before decoding them (413 too_large)")
      ("max-decode-memory", po::value<long long>()->default_value(static_cast<long long>(DecodeLimits{}.max_decode_bytes >> 20)), "refuse images whose header says decoding them needs more MiB than this (413 too_large)")
      ("max-memory", po::value<long long>()->default_value(static_cast<long long>(defaults.max_memory >> 20)), "MiB of decoding memory the workers may hold together; a worker whose image does not fit waits (one alone always proceeds)")
      ("max-upload-memory", po::value<long long>()->default_value(static_cast<long long>(defaults.max_upload_memory >> 20)), "MiB of request bodies being received or waiting for a worker, together; a request beyond is answered 503 busy with Retry-After (one alone always proceeds)");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(opts).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::cerr << "conforme serve: " << e.what() << option_hint(e.get_option_name(), opts) << "\n";
    return usage_error;
  } catch (const po::error& e) {
    std::cerr << "conforme serve: " << e.what() << "\n";
    return usage_error;
  }
  if (vm.count("help")) {
    std::cout << opts
              << "\nAnswers: 200 with the records (Content-Type application/x-ndjson, one JSON record a line,\n"
                 "the input's records in order, a planche's copies in reading order; format=json: one JSON\n"
                 "array; format=human: the verdicts in lang). The header Conforme-Status says pass, fail or\n"
                 "error for the whole request. An input that cannot be processed gets its error record\n"
                 "(the CLI's error codes) and the request its status: 413 too_large (body over --max-body,\n"
                 "or an image over --max-pixels / --max-decode-memory), 422 not_an_image, truncated, corrupt,\n"
                 "... Refused requests get one error record: 400 bad_option / unknown_profile / empty_file /\n"
                 "bad_multipart / truncated (upload cut short), 401 unauthorized, 404, 405, 408 timeout,\n"
                 "503 busy (queue or connections full, with Retry-After).\n"
                 "\nSIGTERM or SIGINT: stop listening, /readyz answers 503, every request already accepted\n"
                 "is answered, then exit 0 (a second signal stops at once, exit 1). Exit 2: bad option,\n"
                 "profile or models, or the address cannot be bound.\n";
    return all_pass;
  }
  serve::ServeOptions options;
  auto usage = [](const std::string& message) {
    std::cerr << "conforme serve: " << message << "\n";
    return usage_error;
  };
  options.host = vm["host"].as<std::string>();
  const int port = vm["port"].as<int>();
  if (port < 0 || port > 65535) return usage("--port must be 0 to 65535, not " + std::to_string(port));
  options.port = static_cast<unsigned short>(port);
  if (vm.count("port-file")) options.port_file = vm["port-file"].as<std::string>();
  const int workers = vm["workers"].as<int>();
  if (workers < 0 || workers > max_jobs)
    return usage("--workers must be 0 (hardware threads) to " + std::to_string(max_jobs) + ", not " + std::to_string(workers));
  options.workers = workers ? workers : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int queue = vm["queue"].as<int>();
  if (queue < 0 || queue > 100000) return usage("--queue must be 0 (4 x workers) to 100000, not " + std::to_string(queue));
  options.queue = queue ? static_cast<std::size_t>(queue) : 4 * static_cast<std::size_t>(options.workers);
  const long long max_body = vm["max-body"].as<long long>();
  if (max_body < 1 || max_body > 4096) return usage("--max-body must be 1 to 4096 MiB");
  options.max_body = static_cast<std::size_t>(max_body) << 20;
  options.limits.max_file_bytes = options.max_body;
  const int max_files = vm["max-files"].as<int>();
  if (max_files < 1 || max_files > 1000) return usage("--max-files must be 1 to 1000");
  options.max_files = static_cast<std::size_t>(max_files);
  const int max_connections = vm["max-connections"].as<int>();
  if (max_connections < 1 || max_connections > 100000) return usage("--max-connections must be 1 to 100000");
  options.max_connections = static_cast<std::size_t>(max_connections);
  options.timeout_seconds = vm["timeout"].as<double>();
  if (!(options.timeout_seconds >= 0.1 && options.timeout_seconds <= 3600)) return usage("--timeout must be 0.1 to 3600 seconds");
  read_memory_limits(vm, options.limits, options.max_memory);
  const long long upload_mib = vm["max-upload-memory"].as<long long>();
  if (upload_mib < 1 || upload_mib > (1ll << 30)) return usage("--max-upload-memory must be between 1 and 2^30 MiB");
  options.max_upload_memory = static_cast<std::uint64_t>(upload_mib) << 20;
  if (vm.count("token")) {
    options.token = vm["token"].as<std::string>();
    if (options.token.empty()) return usage("--token must not be empty");
  } else if (const char* env = std::getenv("CONFORME_TOKEN"); env && *env) {
    options.token = env;
  }

  // Profiles and models: loaded once, before listening; a problem is a configuration error.
  serve::Checkers checkers;
  try {
    const auto models = FaceModels::load(vm["models"].as<std::string>());
    Profile chosen = load_profile(vm["profile"].as<std::string>());
    options.default_profile = chosen.name;
    for (const auto& name : list_profiles())
      if (name != chosen.name) checkers.emplace(name, std::make_unique<Checker>(load_profile(name), models));
    const std::string name = chosen.name;  // before the move: `a = b` evaluates b first
    checkers[name] = std::make_unique<Checker>(std::move(chosen), models);
  } catch (const ProfileError& e) {
    std::cerr << "conforme: profile error: " << e.what() << "\n";
    return usage_error;
  } catch (const ModelError& e) {
    std::cerr << "conforme: model error: " << e.what() << "\n";
    return usage_error;
  }
  try {
    serve::run_service(options, checkers);
  } catch (const std::exception& e) {  // the address cannot be bound
    std::cerr << "conforme serve: " << e.what() << "\n";
    return usage_error;
  }
  return all_pass;
}

}  // namespace conforme::cli
