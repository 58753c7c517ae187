#pragma once
// The decoding memory the inputs in flight may hold together (--max-memory). An input that does
// not fit waits without holding a thread: its continuation is parked and run when inputs ahead of
// it release enough. Waiting inputs resume in arrival order, and one input is always admitted
// when nothing is held, so every input gets through and none is starved by smaller ones.
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

namespace conforme {

class MemoryBudget {
 public:
  explicit MemoryBudget(std::uint64_t limit_bytes) : limit_(limit_bytes) {}

  // Reserves `bytes` and returns true when they fit (or nothing is held); otherwise parks
  // `resume`, to be called (on the thread of a later release) once they are reserved.
  bool reserve_or_park(std::uint64_t bytes, std::function<void()> resume);
  // Gives back what one reserve took, and runs the continuations that fit now.
  void release(std::uint64_t bytes);

  std::uint64_t held() const;
  std::uint64_t peak() const;  // the most held at once since construction

 private:
  struct Waiting {
    std::uint64_t bytes;
    std::function<void()> resume;
  };
  bool fits(std::uint64_t bytes) const { return held_ == 0 || held_ + bytes <= limit_; }
  void take(std::uint64_t bytes);

  mutable std::mutex mutex_;
  const std::uint64_t limit_;
  std::uint64_t held_ = 0, peak_ = 0;
  std::deque<Waiting> waiting_;
};

}  // namespace conforme
