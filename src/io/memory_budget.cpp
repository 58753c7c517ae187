#include "io/memory_budget.hpp"

#include <algorithm>
#include <vector>

namespace conforme {

void MemoryBudget::take(std::uint64_t bytes) {
  held_ += bytes;
  peak_ = std::max(peak_, held_);
}

bool MemoryBudget::reserve_or_park(std::uint64_t bytes, std::function<void()> resume) {
  const std::lock_guard lock(mutex_);
  // Behind a waiting input, even a small one waits: arrival order is kept.
  if (waiting_.empty() && fits(bytes)) {
    take(bytes);
    return true;
  }
  waiting_.push_back({bytes, std::move(resume)});
  return false;
}

void MemoryBudget::release(std::uint64_t bytes) {
  std::vector<std::function<void()>> ready;
  {
    const std::lock_guard lock(mutex_);
    held_ -= std::min(bytes, held_);
    while (!waiting_.empty() && fits(waiting_.front().bytes)) {
      take(waiting_.front().bytes);
      ready.push_back(std::move(waiting_.front().resume));
      waiting_.pop_front();
    }
  }
  for (auto& resume : ready) resume();  // outside the lock: a continuation may release in turn
}

std::uint64_t MemoryBudget::held() const {
  const std::lock_guard lock(mutex_);
  return held_;
}

std::uint64_t MemoryBudget::peak() const {
  const std::lock_guard lock(mutex_);
  return peak_;
}

}  // namespace conforme
