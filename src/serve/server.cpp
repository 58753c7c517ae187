#include "serve/server.hpp"

#include <signal.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <utility>  // before Boost 1.74's asio, whose awaitable.hpp uses std::exchange
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "checks/check.hpp"
#include "conforme/build_info.hpp"
#include "serve/answer.hpp"
#include "serve/check_images.hpp"
#include "serve/metrics.hpp"
#include "serve/request.hpp"
#include "serve/worker_pool.hpp"

namespace conforme {
// docs/openapi.yaml, compiled in by cmake/embed_file.cmake.
extern const unsigned char openapi_yaml_text[];
extern const std::size_t openapi_yaml_text_size;
}  // namespace conforme

namespace conforme::serve {

std::string_view openapi_yaml() {
  return {reinterpret_cast<const char*>(openapi_yaml_text), openapi_yaml_text_size};
}

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------------
// The HTTP side: one I/O thread, every connection asynchronous.

enum class Route { check, profiles, checks, healthz, readyz, metrics, openapi, unknown };

Route route_of(std::string_view path) {
  if (path == "/v1/check") return Route::check;
  if (path == "/v1/profiles") return Route::profiles;
  if (path == "/v1/checks") return Route::checks;
  if (path == "/healthz") return Route::healthz;
  if (path == "/readyz") return Route::readyz;
  if (path == "/metrics") return Route::metrics;
  if (path == "/openapi.yaml") return Route::openapi;
  return Route::unknown;
}

const char* route_label(Route r) {
  switch (r) {
    case Route::check: return "/v1/check";
    case Route::profiles: return "/v1/profiles";
    case Route::checks: return "/v1/checks";
    case Route::healthz: return "/healthz";
    case Route::readyz: return "/readyz";
    case Route::metrics: return "/metrics";
    case Route::openapi: return "/openapi.yaml";
    case Route::unknown: break;
  }
  return "other";
}

class Session;

class Server {
 public:
  Server(const ServeOptions& options, const Checkers& checkers)
      : options_(options),
        checkers_(checkers),
        default_checker_(*checkers.at(options.default_profile)),
        analysis_(options.limits, options.max_memory),
        pool_(options.workers, options.queue, default_checker_.models(),
              [this](Job& job, FaceAnalyser& analyser) { return analysis_(job, analyser); }),
        acceptor_(ioc_),
        signals_(ioc_, SIGTERM, SIGINT),
        guard_(net::make_work_guard(ioc_)) {}

  std::uint64_t run();

  // For the sessions (all on the I/O thread).
  net::io_context& ioc() { return ioc_; }
  const ServeOptions& options() const { return options_; }
  const Checkers& checkers() const { return checkers_; }
  const Checker& default_checker() const { return default_checker_; }
  Metrics& metrics() { return metrics_; }
  WorkerPool& pool() { return pool_; }
  bool draining() const { return draining_; }
  void add(Session* s) { sessions_.insert(s); }
  void remove(Session* s) {
    sessions_.erase(s);
    finish_if_drained();
  }
  void answered() { ++answered_; }
  // Request bodies being received or waiting for a worker (--max-upload-memory): `bytes` fit
  // when they do, or when nothing is held (one request alone always proceeds).
  bool hold_upload(std::uint64_t bytes) {
    if (uploads_held_ > 0 && uploads_held_ + bytes > options_.max_upload_memory) return false;
    uploads_held_ += bytes;
    return true;
  }
  void release_upload(std::uint64_t bytes) { uploads_held_ -= bytes; }
  void received() { ++received_; }
  std::string metrics_text() {
    return metrics_.text({{"conforme_queue_depth", double(pool_.queued())},
                          {"conforme_queue_capacity", double(pool_.capacity())},
                          {"conforme_workers", double(pool_.workers())},
                          {"conforme_workers_busy", double(pool_.busy())},
                          {"conforme_connections_open", double(sessions_.size())},
                          {"conforme_draining", draining_ ? 1.0 : 0.0}});
  }

 private:
  void accept();
  void start_session(tcp::socket socket);
  void on_signal(int signal);
  void finish_if_drained() {
    if (!draining_ || !sessions_.empty() || finished_) return;
    finished_ = true;
    beast::error_code ec;
    signals_.cancel(ec);
    guard_.reset();
  }

  const ServeOptions& options_;
  const Checkers& checkers_;
  const Checker& default_checker_;
  Metrics metrics_;
  CheckImages analysis_;
  WorkerPool pool_;
  net::io_context ioc_{1};
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::executor_work_guard<net::io_context::executor_type> guard_;
  std::set<Session*> sessions_;
  bool draining_ = false, finished_ = false;
  std::uint64_t answered_ = 0, received_ = 0, uploads_held_ = 0;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Server& server, tcp::socket socket) : server_(server), socket_(std::move(socket)), timer_(server.ioc()) {
    server_.add(this);
  }
  ~Session() {
    // The last reference may be dropped anywhere; the server's books are kept on its thread.
    Server& server = server_;
    Session* self = this;
    const std::uint64_t held = upload_held_;
    net::post(server.ioc(), [&server, self, held] {
      server.release_upload(held);
      server.remove(self);
    });
  }

  void start() { wait_request(); }

  // Too many connections: answered 503 before its request is read.
  void refuse_busy() {
    route_ = Route::unknown;
    started_ = Clock::now();
    Answer a = error_answer(503, "busy",
                            "the service already holds --max-connections " +
                                std::to_string(server_.options().max_connections) + " connections: retry later",
                            server_.default_checker().identity());
    a.headers.emplace_back("Retry-After", "1");
    send(std::move(a), /*close=*/true, /*unread=*/true);
  }

  // SIGTERM: a connection between requests is closed now; one that has not sent its first request
  // yet gets a short while to send it; the others finish their request, then close.
  void drain() {
    if (state_ != State::idle) return;
    if (served_ > 0) return close_now();
    arm(std::min(server_.options().timeout_seconds, 2.0));
  }

 private:
  enum class State { idle, reading, processing, writing, lingering, closed };

  void wait_request() {
    if (server_.draining() && served_ > 0) return close_now();
    state_ = State::idle;
    if (buffer_.size() > 0) return read_header();  // the next request is already here
    arm(server_.options().timeout_seconds);
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
      if (self->state_ != State::idle) return;
      if (ec) return self->close_now();
      self->read_header();
    });
  }

  void read_header() {
    state_ = State::reading;
    started_ = Clock::now();
    arm(server_.options().timeout_seconds);
    parser_.emplace();
    parser_->body_limit(server_.options().max_body);
    parser_->header_limit(16 * 1024);
    http::async_read_header(socket_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    server_.received();
    answering_ = true;
    const auto& req = parser_->get();
    route_ = route_of(target_path(std::string_view(req.target().data(), req.target().size())));
    keep_alive_ = req.keep_alive();
    const RunIdentity& identity = server_.default_checker().identity();
    const bool open_route = route_ == Route::healthz || route_ == Route::readyz || route_ == Route::openapi;
    if (!open_route && !server_.options().token.empty()) {
      const auto auth = req[http::field::authorization];
      const std::string_view given(auth.data(), auth.size());
      if (!given.starts_with("Bearer ") || !equal_constant_time(given.substr(7), server_.options().token)) {
        Answer a = error_answer(401, "unauthorized",
                                "this service needs the header 'Authorization: Bearer <token>' with its --token",
                                identity);
        a.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"conforme\"");
        return send(std::move(a), true, true);
      }
    }
    const bool post = route_ == Route::check;
    if (route_ != Route::unknown && req.method() != (post ? http::verb::post : http::verb::get)) {
      Answer a = error_answer(405, "method_not_allowed",
                              std::string(route_label(route_)) + " answers " + (post ? "POST" : "GET") + " only",
                              identity);
      a.headers.emplace_back("Allow", post ? "POST" : "GET");
      return send(std::move(a), true, true);
    }
    if (const auto length = parser_->content_length(); length && *length > server_.options().max_body)
      return send(too_large(*length), true, true);
    // What the body may take while it is received and waits: its length, or --max-body when it
    // comes in chunks of unknown total.
    const std::uint64_t body = parser_->content_length().value_or(parser_->chunked() ? server_.options().max_body : 0);
    if (!server_.hold_upload(body)) {
      Answer a = error_answer(503, "busy",
                              "the request bodies being received and waiting already hold --max-upload-memory " +
                                  std::to_string(server_.options().max_upload_memory >> 20) + " MiB: retry later",
                              identity);
      a.headers.emplace_back("Retry-After", std::to_string(server_.pool().retry_after()));
      return send(std::move(a), true, true);
    }
    upload_held_ = body;
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      continue_.emplace(http::status::continue_, req.version());
      return http::async_write(socket_, *continue_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close_now("its 100 Continue could not be written: " + ec.message());
        self->read_body();
      });
    }
    read_body();
  }

  void read_body() {
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  Answer too_large(std::uint64_t length) {
    return error_answer(413, "too_large",
                        "request body of " + std::to_string(length) + " bytes is over --max-body " +
                            std::to_string(server_.options().max_body) + " bytes",
                        server_.default_checker().identity());
  }

  void on_read_error(beast::error_code ec) {
    const RunIdentity& identity = server_.default_checker().identity();
    if (timed_out_) {
      return send(error_answer(408, "timeout",
                               "the request was not received within --timeout " +
                                   std::to_string(static_cast<int>(server_.options().timeout_seconds)) + " s",
                               identity),
                  true, true);
    }
    if (ec == http::error::body_limit) {
      if (const auto length = parser_->content_length()) return send(too_large(*length), true, true);
      return send(error_answer(413, "too_large",
                               "request body is over --max-body " + std::to_string(server_.options().max_body) + " bytes",
                               identity),
                  true, true);
    }
    if (ec == http::error::header_limit)
      return send(error_answer(431, "bad_request", "request header over 16 KiB", identity), true, true);
    if (ec == http::error::partial_message && parser_->is_header_done()) {
      const auto& req = parser_->get();
      const auto declared = req[http::field::content_length];
      return send(error_answer(400, "truncated",
                               "the request body ended after " + std::to_string(req.body().size()) + " of " +
                                   (declared.empty() ? std::string("its") : std::string(declared)) +
                                   " bytes: the upload was cut short",
                               identity),
                  true, true);
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message)
      return send(error_answer(400, "bad_request", "malformed HTTP request: " + ec.message(), identity), true, true);
    close_now("the client went away while sending it: " + ec.message());
  }

  void on_body(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    state_ = State::processing;
    disarm();
    const RunIdentity& identity = server_.default_checker().identity();
    switch (route_) {
      case Route::healthz: return send(json_answer({{"status", "ok"}}), false);
      case Route::readyz: {
        Answer a = json_answer({{"status", server_.draining() ? "draining" : "ready"}});
        if (server_.draining()) a.status = 503;
        return send(std::move(a), false);
      }
      case Route::metrics: {
        Answer a;
        a.content_type = "text/plain; version=0.0.4; charset=utf-8";
        a.body = server_.metrics_text();
        return send(std::move(a), false);
      }
      case Route::openapi: {
        Answer a;
        a.content_type = "application/yaml";
        a.body = std::string(openapi_yaml());
        return send(std::move(a), false);
      }
      case Route::profiles: return send(profiles_answer(), false);
      case Route::checks: return send(checks_answer(), false);
      case Route::check: return dispatch_check();
      case Route::unknown: break;
    }
    const auto target = parser_->get().target();
    send(error_answer(404, "unknown_endpoint",
                      "no endpoint " + std::string(target.data(), target.size()) +
                          " (POST /v1/check; GET /v1/profiles, /v1/checks, /healthz, /readyz, /metrics, /openapi.yaml)",
                      identity),
         false);
  }

  static Answer json_answer(const nlohmann::ordered_json& j) {
    Answer a;
    a.body = j.dump() + "\n";
    return a;
  }

  Answer profiles_answer() const {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& [name, checker] : server_.checkers()) {
      const Profile& p = checker->profile();
      list.push_back({{"name", name},
                      {"description", p.description},
                      {"sha256", p.sha256},
                      {"default", name == server_.options().default_profile},
                      {"checks", p.rules.size()}});
    }
    return json_answer(list);
  }

  static Answer checks_answer() {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Check& c : all_checks()) {
      nlohmann::ordered_json values = nlohmann::ordered_json::array();
      for (const auto& v : c.values) values.push_back({{"name", std::string(v.name)}, {"unit", std::string(v.unit)}});
      list.push_back({{"id", std::string(c.id)},
                      {"needs_one_face", c.needs == Needs::single_face},
                      {"description", std::string(c.description)},
                      {"values", values}});
    }
    return json_answer(list);
  }

  void dispatch_check() {
    const auto& req = parser_->get();
    const RunIdentity& identity = server_.default_checker().identity();
    try {
      const CheckQuery query = parse_check_query(std::string_view(req.target().data(), req.target().size()));
      const std::string profile = query.profile.empty() ? server_.options().default_profile : query.profile;
      const auto it = server_.checkers().find(profile);
      if (it == server_.checkers().end()) {
        std::string known;
        for (const auto& [name, _] : server_.checkers()) known += (known.empty() ? "" : ", ") + name;
        throw RequestError(400, "unknown_profile", "no profile '" + profile + "' in this service (" + known + ")");
      }
      auto job = std::make_shared<Job>();
      job->checker = it->second.get();
      job->query = query;
      const auto content_type = req[http::field::content_type];
      const auto boundary = multipart_boundary(std::string_view(content_type.data(), content_type.size()));
      std::vector<std::uint8_t> body = parser_->release().body();
      if (boundary) {
        job->uploads = parse_multipart(body, *boundary, server_.options().max_files);
      } else {
        if (body.empty())
          throw RequestError(400, "empty_file",
                             "the request has no body: send the image's bytes (curl --data-binary @photo.jpg) or a "
                             "multipart form (curl -F photo=@photo.jpg)");
        job->uploads.push_back({query.name.empty() ? "upload" : query.name, std::move(body)});
      }
      job->done = [self = shared_from_this()](Answer a) mutable {
        net::io_context& ioc = self->server_.ioc();
        net::post(ioc, [self = std::move(self), a = std::move(a)]() mutable { self->send(std::move(a), false); });
      };
      if (!server_.pool().try_submit(job)) {
        job->done = nullptr;
        Answer a = error_answer(503, "busy",
                                "every worker is busy and the queue (--queue " +
                                    std::to_string(server_.pool().capacity()) + ") is full: retry later",
                                identity);
        a.headers.emplace_back("Retry-After", std::to_string(server_.pool().retry_after()));
        return send(std::move(a), false);
      }
    } catch (const RequestError& e) {
      send(error_answer(e.status, e.code, e.what(), identity), false);
    }
  }

  // close: no further request on this connection; unread: the request's body may still be on
  // its way (answered early), so the connection lingers to take it before closing, lest the
  // client see a reset instead of the answer.
  void send(Answer a, bool close, bool unread = false) {
    server_.metrics().request(route_label(route_), a.status,
                              std::chrono::duration<double>(Clock::now() - started_).count());
    server_.metrics().answered(a);
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<http::status>(a.status));
    res->set(http::field::server, std::string("conforme/") + build::version);
    res->set(http::field::content_type, a.content_type);
    for (const auto& [k, v] : a.headers) res->set(k, v);
    res->body() = std::move(a.body);
    res->keep_alive(keep_alive_ && !close && !server_.draining());
    res->prepare_payload();
    unread_ = unread;
    release_upload();
    state_ = State::writing;
    arm(server_.options().timeout_seconds);
    http::async_write(socket_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec) return self->close_now("its answer could not be written: " + ec.message());
      self->answering_ = false;
      self->server_.answered();
      ++self->served_;
      if (res->keep_alive()) return self->wait_request();
      self->linger();
    });
  }

  // Ends the connection after a response: sends FIN, then (when the request was not read to its
  // end) reads and drops what the client still sends, up to 2 s, so its data never meets a closed
  // socket (whose reset could reach the client before the response).
  void linger() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (!unread_ && buffer_.size() == 0) return close_now();
    state_ = State::lingering;
    arm(2);
    drop_ = std::make_shared<std::array<char, 16384>>();
    discard();
  }
  void discard() {
    socket_.async_read_some(net::buffer(*drop_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close_now();
      self->discard();
    });
  }

  void arm(double seconds) {
    timer_.expires_after(std::chrono::milliseconds(static_cast<long long>(seconds * 1000)));
    timer_.async_wait([self = shared_from_this(), generation = ++generation_](beast::error_code ec) {
      if (ec || generation != self->generation_) return;
      self->on_timeout();
    });
  }
  void disarm() {
    ++generation_;
    timer_.cancel();
  }
  void on_timeout() {
    timed_out_ = true;
    beast::error_code ec;
    if (state_ == State::reading) {
      socket_.cancel(ec);  // the read ends with operation_aborted; on_read_error answers 408
      return;
    }
    if (state_ != State::processing) close_now("--timeout passed");
  }

  void release_upload() {
    server_.release_upload(upload_held_);
    upload_held_ = 0;
  }

  // Closes the connection. A request read but not answered is said on stderr with `why`, so that
  // none is lost without a word (the stop line's received and answered counts then differ).
  void close_now(const std::string& why = "") {
    release_upload();
    if (state_ == State::closed) return;
    if (answering_)
      std::cerr << "conforme serve: a request was closed unanswered" << (why.empty() ? "" : ": " + why) << "\n";
    answering_ = false;
    state_ = State::closed;
    disarm();
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  Server& server_;
  tcp::socket socket_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::vector_body<std::uint8_t>>> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  std::shared_ptr<std::array<char, 16384>> drop_;
  State state_ = State::idle;
  Route route_ = Route::unknown;
  Clock::time_point started_ = Clock::now();
  std::uint64_t generation_ = 0, served_ = 0;
  std::uint64_t upload_held_ = 0;  // of the server's --max-upload-memory, until answered
  bool answering_ = false;         // a request was read (its header counted) and not yet answered
  bool keep_alive_ = true, timed_out_ = false, unread_ = false;
};

void Server::accept() {
  acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (draining_ || !acceptor_.is_open()) return;
    if (ec) {
      // Out of file descriptors and the like: the connection waits in the backlog; try again soon.
      std::cerr << "conforme serve: accept: " << ec.message() << "\n";
      auto retry = std::make_shared<net::steady_timer>(ioc_, std::chrono::milliseconds(100));
      retry->async_wait([this, retry](beast::error_code) { accept(); });
      return;
    }
    start_session(std::move(socket));
    accept();
  });
}

void Server::start_session(tcp::socket socket) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  const bool full = sessions_.size() >= options_.max_connections;
  auto session = std::make_shared<Session>(*this, std::move(socket));
  if (full) session->refuse_busy();
  else session->start();
}

void Server::on_signal(int signal) {
  draining_ = true;
  std::cerr << "conforme serve: " << (signal == SIGTERM ? "SIGTERM" : "SIGINT") << ": draining "
            << sessions_.size() << " connection(s), no new ones\n";
  // Connections the kernel already accepted into the backlog were sent by clients who believe
  // they are connected: they are taken and served, not reset by the close.
  beast::error_code ec;
  acceptor_.non_blocking(true, ec);
  for (;;) {
    tcp::socket socket(ioc_);
    acceptor_.accept(socket, ec);
    if (ec) break;
    start_session(std::move(socket));
  }
  acceptor_.close(ec);
  // A second signal does not wait for the drain.
  signals_.async_wait([this](beast::error_code ec, int) {
    if (ec) return;
    std::cerr << "conforme serve: second signal: stopping now, " << sessions_.size()
              << " connection(s) not answered\n";
    std::_Exit(1);
  });
  std::vector<Session*> sessions(sessions_.begin(), sessions_.end());
  for (Session* s : sessions) s->drain();
  finish_if_drained();
}

std::uint64_t Server::run() {
  // An address (127.0.0.1, 0.0.0.0, ::1) or a name (localhost): its first address.
  beast::error_code ec;
  tcp::resolver resolver(ioc_);
  const auto found = resolver.resolve(options_.host, std::to_string(options_.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || found.empty()) throw std::runtime_error("cannot resolve --host " + options_.host + ": " + ec.message());
  const tcp::endpoint endpoint = found.begin()->endpoint();
  const auto address = endpoint.address();
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + options_.host + " port " + std::to_string(options_.port) + ": " +
                             ec.message());
  const unsigned short port = acceptor_.local_endpoint().port();
  if (!options_.port_file.empty()) {
    // Written whole, then renamed: a reader never sees half a number.
    const std::string tmp = options_.port_file + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::filesystem::rename(tmp, options_.port_file);
  }
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  std::cout << "conforme serve: listening on http://" << host << ":" << port << " (" << pool_.workers()
            << " workers, queue " << pool_.capacity() << ")" << std::endl;
  signals_.async_wait([this](beast::error_code ec, int signal) {
    if (!ec) on_signal(signal);
  });
  accept();
  ioc_.run();
  pool_.stop();
  std::cerr << "conforme serve: stopped: " << received_ << " request(s) received, " << answered_ << " answered\n";
  return answered_;
}

}  // namespace

std::uint64_t run_service(const ServeOptions& options, const Checkers& checkers) {
  // SIGTERM and SIGINT are taken by the service's signal_set; a write to a closed connection must
  // fail with EPIPE, not kill the process.
  ::signal(SIGPIPE, SIG_IGN);
  // Parallelism is across requests; OpenCV's own threads would only fight the workers.
  cv::setNumThreads(1);
  Server server(options, checkers);
  return server.run();
}

}  // namespace conforme::serve
