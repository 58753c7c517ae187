#pragma once
// The analysis workers of `conforme serve` and their bounded queue: each worker owns a
// FaceAnalyser and keeps a request's checks on its own thread; a full queue refuses at once.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "face/models.hpp"
#include "pipeline/checker.hpp"
#include "serve/answer.hpp"
#include "serve/request.hpp"

namespace conforme::serve {

struct Job {
  std::vector<Upload> uploads;
  const Checker* checker = nullptr;
  CheckQuery query;
  std::function<void(Answer)> done;  // called once, on the worker thread
};

class WorkerPool {
 public:
  using Process = std::function<Answer(Job&, FaceAnalyser&)>;
  WorkerPool(int workers, std::size_t capacity, std::shared_ptr<const FaceModels> models, Process process)
      : capacity_(capacity), process_(std::move(process)) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this, models] { loop(models); });
  }
  ~WorkerPool() { stop(); }

  // Queues `job`, or returns false at once when the queue is full.
  bool try_submit(std::shared_ptr<Job> job) {
    {
      const std::lock_guard lock(mutex_);
      if (queue_.size() >= capacity_) return false;
      queue_.push_back(std::move(job));
    }
    ready_.notify_one();
    return true;
  }
  // Finishes the queue, then joins.
  void stop() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  std::size_t queued() const {
    const std::lock_guard lock(mutex_);
    return queue_.size();
  }
  std::size_t busy() const { return busy_; }
  std::size_t capacity() const { return capacity_; }
  int workers() const { return static_cast<int>(threads_.size()); }
  // Seconds until a request sent now would likely find room: the work ahead of it, spread over
  // the workers, at the recent time per check; at least 1.
  int retry_after() const {
    const double per_check = seconds_per_check_.load();
    const double ahead = static_cast<double>(queued() + busy_) * per_check / std::max(1, workers());
    return std::max(1, static_cast<int>(std::ceil(ahead)));
  }

 private:
  void loop(std::shared_ptr<const FaceModels> models) {
    FaceAnalyser analyser(std::move(models));
    // Each worker already has a request of its own: its checks stay on its thread
    // (pipeline/checker.hpp, ChecksOnCallingThread).
    const ChecksOnCallingThread one_thread_per_request;
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
        ++busy_;
      }
      const auto start = std::chrono::steady_clock::now();
      Answer answer;
      try {
        answer = process_(*job, analyser);
      } catch (const std::exception& e) {  // answering the records themselves failed
        answer.status = 500;
        answer.body = nlohmann::ordered_json({{"status", "error"},
                                              {"error", {{"code", "analysis_failed"}, {"message", e.what()}}}})
                          .dump() + "\n";
        answer.error_codes = {"analysis_failed"};
      }
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      seconds_per_check_ = 0.8 * seconds_per_check_.load() + 0.2 * seconds;
      --busy_;
      job->done(std::move(answer));
    }
  }

  const std::size_t capacity_;
  Process process_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::shared_ptr<Job>> queue_;
  bool stopping_ = false;
  std::atomic<std::size_t> busy_{0};
  std::atomic<double> seconds_per_check_{0.1};
  std::vector<std::thread> threads_;
};

}  // namespace conforme::serve
