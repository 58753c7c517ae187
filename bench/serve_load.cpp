// conforme-bench-serve: a bounded load test of `conforme serve` on the loopback, against the
// library called directly in the same run (BENCHMARKS.md, "Service").
//
// Both sides do the same work per photo: decode the JPEG bytes (plan_decode + decode_planned),
// check_image, and write the JSON record. The direct side runs T threads, each with its own
// FaceAnalyser, pulling photos from a shared counter; the service side runs `conforme serve
// --workers W` as a child process and T clients, each on one keep-alive connection (Boost.Beast,
// synchronous), posting the same photos. Fixed request count; each round measures direct then
// service, and the totals are over several rounds, so that a noisy neighbour hits both sides.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>  // before Boost 1.74's asio, whose awaitable.hpp uses std::exchange
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/program_options.hpp>

#include "bench_photos.hpp"
#include "io/decode.hpp"
#include "pipeline/checker.hpp"
#include "profile/profile.hpp"
#include "report/writers.hpp"

extern char** environ;

namespace po = boost::program_options;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace conforme;

namespace {

struct Measure {
  double per_second = 0, p50_ms = 0, p99_ms = 0;
};

Measure summarise(std::vector<double> latencies, double seconds) {
  std::sort(latencies.begin(), latencies.end());
  Measure m;
  m.per_second = latencies.size() / seconds;
  auto at = [&](double q) { return latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(q * latencies.size()))] * 1000; };
  m.p50_ms = at(0.50);
  m.p99_ms = at(0.99);
  return m;
}

struct Run {
  std::vector<double> latencies;
  double seconds = 0;
};

// Runs `work(thread, index)` for indexes 0..count-1 on `threads` threads; each call timed.
template <typename Work>
Run run_threads(int threads, int count, Work work) {
  std::atomic<int> next{0};
  std::vector<std::vector<double>> latencies(threads);
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      auto state = work.make_state();
      for (int i; (i = next++) < count;) {
        const auto s = Clock::now();
        work(state, i);
        latencies[t].push_back(std::chrono::duration<double>(Clock::now() - s).count());
      }
    });
  for (auto& th : pool) th.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  Run run;
  run.seconds = seconds;
  for (auto& l : latencies) run.latencies.insert(run.latencies.end(), l.begin(), l.end());
  return run;
}

struct Direct {
  const Checker& checker;
  const std::vector<std::vector<std::uint8_t>>& photos;
  struct State {
    std::unique_ptr<FaceAnalyser> analyser;
    std::unique_ptr<ChecksOnCallingThread> one_thread;
  };
  State make_state() const {
    return {std::make_unique<FaceAnalyser>(checker.models()), std::make_unique<ChecksOnCallingThread>()};
  }
  void operator()(State& s, int i) const {
    const auto& bytes = photos[i % photos.size()];
    const DecodeLimits limits;
    const DecodePlan plan = plan_decode(bytes, "photo.jpg", limits);
    const DecodedImage image = decode_planned(bytes, plan, "photo.jpg", limits);
    const auto reports = checker.check_image(image.bgr, image_facts(image), InputKindOption::automatic, *s.analyser);
    std::string body;
    for (const auto& r : reports) body += json_line(to_json(r, checker.identity()));
    if (body.empty()) throw std::runtime_error("no record");
  }
};

struct Client {
  unsigned short port;
  const std::vector<http::request<http::vector_body<std::uint8_t>>>& requests;
  struct State {
    std::unique_ptr<net::io_context> ioc;
    std::unique_ptr<tcp::socket> socket;
    beast::flat_buffer buffer;
  };
  State make_state() const {
    State s;
    s.ioc = std::make_unique<net::io_context>();
    s.socket = std::make_unique<tcp::socket>(*s.ioc);
    s.socket->connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    s.socket->set_option(tcp::no_delay(true));
    return s;
  }
  void operator()(State& s, int i) const {
    http::write(*s.socket, requests[i % requests.size()]);
    http::response<http::string_body> res;
    http::read(*s.socket, s.buffer, res);
    if (res.result_int() != 200) throw std::runtime_error("service answered " + std::to_string(res.result_int()));
  }
};

struct Service {
  pid_t pid = -1;
  unsigned short port = 0;
  Service(const std::string& cli, int workers, const std::string& port_file) {
    std::filesystem::remove(port_file);
    const std::string w = std::to_string(workers);
    std::vector<std::string> args = {cli, "serve", "--port", "0", "--port-file", port_file, "--workers", w};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid, cli.c_str(), &actions, nullptr, argv.data(), environ) != 0)
      throw std::runtime_error("cannot start " + cli);
    posix_spawn_file_actions_destroy(&actions);
    for (int waited = 0; !std::filesystem::exists(port_file); ++waited) {
      if (waited > 600) throw std::runtime_error("conforme serve did not listen within 60 s");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::ifstream(port_file) >> port;
  }
  ~Service() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      int status = 0;
      waitpid(pid, &status, 0);
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string cli, faces;
  int photos = 24, count = 40, workers = 2, rounds = 5;
  std::vector<int> clients;
  po::options_description opts(
      "Usage: conforme-bench-serve --cli build/conforme [options]\n\n"
      "Requests/s and p50/p99 latency of `conforme serve` on the loopback against the library\n"
      "called directly, same photos, same run.\n\nOptions");
  opts.add_options()("help,h", "show this help")(
      "cli", po::value(&cli)->required(), "the conforme program (for `conforme serve`)")(
      "photos", po::value(&photos)->default_value(photos), "distinct 827 x 1063 ID photos (600 dpi JPEG), generated")(
      "requests", po::value(&count)->default_value(count), "requests per side per round")(
      "clients", po::value(&clients)->multitoken(), "concurrent clients / direct threads (default 1 2)")(
      "workers", po::value(&workers)->default_value(workers), "the service's --workers")(
      "rounds", po::value(&rounds)->default_value(rounds), "rounds, each measuring direct then service; totals over all")(
      "faces", po::value(&faces)->default_value(""), "portraits to make the photos from (default tests/data/faces)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    if (vm.count("help")) {
      std::cout << opts;
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "conforme-bench-serve: " << e.what() << "\n";
    return 2;
  }
  if (clients.empty()) clients = {1, 2};
  cv::setNumThreads(1);

  const auto portraits = bench::load_portraits(faces);
  std::vector<std::vector<std::uint8_t>> bytes;
  std::vector<http::request<http::vector_body<std::uint8_t>>> requests;
  for (int i = 0; i < photos; ++i) {
    bytes.push_back(bench::encode_jpeg(bench::id_photo(portraits[i % portraits.size()], i / portraits.size())));
    http::request<http::vector_body<std::uint8_t>> req{http::verb::post, "/v1/check", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "image/jpeg");
    req.body() = bytes.back();
    req.prepare_payload();
    requests.push_back(std::move(req));
  }
  const Checker checker(load_profile("fr-ants"), FaceModels::load());
  const std::string port_file = (std::filesystem::temp_directory_path() / ("conforme-bench-serve-" + std::to_string(getpid()))).string();
  Service service(cli, workers, port_file);
  // Warm both sides: the first photos pay for page faults and lazy tables.
  run_threads(1, 4, Direct{checker, bytes});
  run_threads(1, 4, Client{service.port, requests});

  std::printf("%d photos 827 x 1063, %d requests per side per round, %d rounds, service --workers %d, %u hardware threads\n",
              photos, count, rounds, workers, std::thread::hardware_concurrency());
  std::printf("%-8s %-8s %10s %9s %9s %18s  %s\n", "clients", "side", "req/s", "p50 ms", "p99 ms", "service / direct",
              "(each round)");
  // Each round measures both sides back to back; the totals are over every round, so a noisy
  // neighbour that slows one round slows both sides of it.
  for (int c : clients) {
    Run direct, served;
    std::vector<double> ratios;
    for (int round = 0; round < rounds; ++round) {
      const Run d = run_threads(c, count, Direct{checker, bytes});
      const Run s = run_threads(c, count, Client{service.port, requests});
      ratios.push_back((s.latencies.size() / s.seconds) / (d.latencies.size() / d.seconds));
      direct.latencies.insert(direct.latencies.end(), d.latencies.begin(), d.latencies.end());
      direct.seconds += d.seconds;
      served.latencies.insert(served.latencies.end(), s.latencies.begin(), s.latencies.end());
      served.seconds += s.seconds;
    }
    const Measure dm = summarise(direct.latencies, direct.seconds);
    const Measure sm = summarise(served.latencies, served.seconds);
    std::printf("%-8d %-8s %10.2f %9.1f %9.1f\n", c, "direct", dm.per_second, dm.p50_ms, dm.p99_ms);
    std::printf("%-8d %-8s %10.2f %9.1f %9.1f %17.1f%% ", c, "service", sm.per_second, sm.p50_ms, sm.p99_ms,
                100.0 * sm.per_second / dm.per_second);
    for (double r : ratios) std::printf(" %.0f%%", 100 * r);
    std::printf("\n");
    std::fflush(stdout);
  }
  std::filesystem::remove(port_file);
  return 0;
}
